import type { Day, Queryable } from './queryable.ts';

export interface JobRun {
  id: number;
  job: string;
  day: Day;
  trigger: string;
  status: string;
  attempt: number;
  worker_id: string;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  rows: number | null;
  error: string | null;
}

/**
 * The run history, newest first, optionally for one job (`rfid jobs list`; the API reads it too).
 *
 * @example
 * await listJobRuns(pool, { job: 'snapshot', limit: 20 })
 */
export async function listJobRuns(db: Queryable, options: { job?: string; limit: number }): Promise<JobRun[]> {
  const r = await db.query<JobRun>(
    `SELECT id, job, day::text AS day, trigger, status, attempt, worker_id, started_at, finished_at, duration_ms, rows, error
     FROM daily_job_runs WHERE ($1::text IS NULL OR job = $1) ORDER BY id DESC LIMIT $2`,
    [options.job ?? null, options.limit],
  );
  return r.rows;
}
