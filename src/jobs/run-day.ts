import type { Day } from '../postgres/daily/queryable.ts';
import type { JobRunTrigger } from '../postgres/daily/start-job-run.ts';
import { DAILY_JOBS, type DailyJobName } from './daily-jobs.ts';
import { stopIfAborted, type JobContext } from './job-context.ts';
import { runRecorded } from './run-recorded.ts';

/** What one business day's run does, in order (alerts look at the present, so they run once after a range of days). */
export const DAY_STEPS: readonly DailyJobName[] = ['snapshot', 'forecast', 'reorder'];

/**
 * One business day's steps in order, each recorded, the whole recorded as job `day`. The caller
 * holds the daily lock. Returns the rows written.
 *
 * @example
 * await runDay(ctx, '2026-11-22', 'schedule')
 */
export async function runDay(ctx: JobContext, day: Day, trigger: JobRunTrigger, steps: readonly DailyJobName[] = DAY_STEPS): Promise<number> {
  return runRecorded(ctx, { job: 'day', day, trigger }, async () => {
    let rows = 0;
    for (const step of steps) {
      stopIfAborted(ctx);
      rows += await runRecorded(ctx, { job: step, day, trigger }, () => DAILY_JOBS[step](ctx, day));
    }
    return rows;
  });
}
