import type { Queryable } from './queryable.ts';

/**
 * Closes a run started by `startJobRun` as `done` (with the rows it wrote) or `failed` (with
 * the error). A second completed scheduled run of the same day violates a unique index: the
 * database, not the workers' agreement, guarantees one scheduled run per day.
 *
 * @example
 * await finishJobRun(pool, id, { status: 'done', rows: 1234 })
 */
export async function finishJobRun(db: Queryable, id: number, outcome: { status: 'done'; rows: number } | { status: 'failed'; error: string }): Promise<void> {
  await db.query(
    `UPDATE daily_job_runs SET status = $2, finished_at = clock_timestamp(),
       duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int, rows = $3, error = $4
     WHERE id = $1`,
    [id, outcome.status, outcome.status === 'done' ? outcome.rows : null, outcome.status === 'failed' ? outcome.error : null],
  );
}
