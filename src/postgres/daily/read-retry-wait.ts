import type { Day, Queryable } from './queryable.ts';

/**
 * Seconds a failed scheduled day must still wait before its next attempt (0 = go): after the
 * n-th failure in a row, min(60·2^(n−1), 3600) s from that failure. Retries are data (the run
 * history), not sleeps, and survive restarts.
 *
 * @example
 * await readRetryWait(pool, '2026-11-22') // 0
 */
export async function readRetryWait(db: Queryable, day: Day): Promise<number> {
  const r = await db.query<{ wait: number }>(
    `WITH failed AS (
       SELECT count(*) AS n, max(finished_at) AS last FROM daily_job_runs
       WHERE job = 'day' AND trigger = 'schedule' AND day = $1::date AND status = 'failed')
     SELECT CASE WHEN n = 0 THEN 0
       ELSE greatest(0, extract(epoch FROM last + least(60 * power(2, n - 1), 3600) * interval '1 second' - now()))::float8 END AS wait
     FROM failed`,
    [day],
  );
  return r.rows[0]!.wait;
}
