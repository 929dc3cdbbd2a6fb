import type { Day } from '../postgres/daily/queryable.ts';
import { withDailyLock } from '../postgres/daily/daily-lock.ts';
import { DAILY_JOBS, type DailyJobName } from './daily-jobs.ts';
import type { JobContext } from './job-context.ts';
import { runRecorded } from './run-recorded.ts';

/**
 * One daily job for one business day, started by a person (`rfid jobs run`, `POST
 * /v1/jobs/{name}/run`): under the daily lock, so it never writes the same days as a worker's
 * run at once, and recorded in the run history with trigger `cli`. Returns the rows written.
 *
 * @example
 * await runJobByHand(ctx, 'snapshot', '2026-11-22') // 1234
 */
export function runJobByHand(ctx: JobContext, job: DailyJobName, day: Day): Promise<number> {
  return withDailyLock(ctx.pool, () => runRecorded(ctx, { job, day, trigger: 'cli' }, () => DAILY_JOBS[job](ctx, day)));
}
