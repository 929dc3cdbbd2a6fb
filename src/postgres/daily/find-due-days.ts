import type { Day, Queryable } from './queryable.ts';

/**
 * The business days the daily schedule still owes, oldest first: every day after the last one
 * with a completed scheduled run, up to the latest day whose run time has passed (day D runs
 * after `runAt` local time on D+1, in `timeZone`), at most `catchUpMaxDays` of them. With no
 * history yet, only the latest due day. Comparing local wall-clock times in the zone (not adding
 * 24 h) keeps a DST change from skipping or doubling a day; the history makes it once per day.
 *
 * @example
 * await findDueDays(pool, { timeZone: 'Europe/Berlin', runAt: '00:30', catchUpMaxDays: 31 }) // ['2026-11-22']
 */
export async function findDueDays(db: Queryable, options: { timeZone: string; runAt: string; catchUpMaxDays: number; now?: Date }): Promise<Day[]> {
  const r = await db.query<{ day: string }>(
    `WITH clock AS (SELECT (coalesce($4::timestamptz, now()) AT TIME ZONE $1) AS local_now),
     due AS (
       SELECT (local_now::date - CASE WHEN local_now::time >= $2::time THEN 1 ELSE 2 END) AS last_due FROM clock),
     done AS (SELECT max(day) AS last_done FROM daily_job_runs WHERE job = 'day' AND trigger = 'schedule' AND status = 'done')
     SELECT d::date::text AS day
     FROM due, done,
       generate_series(greatest(coalesce(done.last_done + 1, due.last_due), due.last_due - $3::int + 1), due.last_due, interval '1 day') AS d
     ORDER BY d`,
    [options.timeZone, options.runAt, options.catchUpMaxDays, options.now ?? null],
  );
  return r.rows.map((x) => x.day);
}
