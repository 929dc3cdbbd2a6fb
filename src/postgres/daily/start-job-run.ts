import type { Day, Queryable } from './queryable.ts';

export const JOB_RUN_JOBS = ['day', 'snapshot', 'forecast', 'reorder', 'alerts'] as const;
export type JobRunJob = (typeof JOB_RUN_JOBS)[number];
export const JOB_RUN_TRIGGERS = ['schedule', 'restate', 'cli', 'backfill'] as const;
export type JobRunTrigger = (typeof JOB_RUN_TRIGGERS)[number];

/**
 * Records that a daily job started for a business day (status `running`); the attempt is one
 * more than the failed attempts of the same job, day and trigger since its last success.
 * Returns the run's id for `finishJobRun`.
 *
 * @example
 * const id = await startJobRun(pool, { job: 'snapshot', day: '2026-11-22', trigger: 'cli', workerId: 'w1' })
 */
export async function startJobRun(
  db: Queryable,
  run: { job: JobRunJob; day: Day; trigger: JobRunTrigger; workerId: string },
): Promise<{ id: number; attempt: number }> {
  const r = await db.query<{ id: number; attempt: number }>(
    `INSERT INTO daily_job_runs (job, day, trigger, status, attempt, worker_id)
     SELECT $1, $2::date, $3, 'running', 1 + count(*) FILTER (WHERE status = 'failed'), $4
     FROM daily_job_runs
     WHERE job = $1 AND day = $2::date AND trigger = $3
       AND id > coalesce((SELECT max(id) FROM daily_job_runs WHERE job = $1 AND day = $2::date AND trigger = $3 AND status = 'done'), 0)
     RETURNING id, attempt`,
    [run.job, run.day, run.trigger, run.workerId],
  );
  return r.rows[0]!;
}
