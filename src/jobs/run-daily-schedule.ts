import type { Day } from '../domain/business-day.ts';
import { withDailyLock } from '../postgres/daily/daily-lock.ts';
import { findDueDays } from '../postgres/daily/find-due-days.ts';
import { readRetryWait } from '../postgres/daily/read-retry-wait.ts';
import type { JobContext } from './job-context.ts';
import { restateDirtyDays } from './restate-dirty-days.ts';
import { runDay } from './run-day.ts';
import { runRecorded } from './run-recorded.ts';
import { checkAlerts } from './tasks/check-alerts.ts';

/**
 * What `rfid worker` does every minute, under the daily lock (when another run or a person's
 * backfill holds it, this minute does nothing: the holder is doing the work): restate days late events touched,
 * then run every business day the schedule owes, oldest first (catch-up after downtime), then
 * re-check the alerts if anything changed. A failing day stops the catch-up (later days need
 * it) and is retried with backoff from the run history. Cheap when there is nothing to do: a
 * few indexed reads.
 *
 * @example
 * await runDailySchedule(ctx) // { restated: [], scheduled: ['2026-11-22'] }
 */
export async function runDailySchedule(ctx: JobContext, now?: Date): Promise<{ restated: Day[]; scheduled: Day[] }> {
  const done = await withDailyLock(
    ctx.pool,
    async () => {
      const restated = await restateDirtyDays(ctx);
      const scheduled: Day[] = [];
      const { timeZone, daily } = ctx.config;
      const due = await findDueDays(ctx.pool, { timeZone, runAt: daily.runAt, catchUpMaxDays: daily.catchUpMaxDays, ...(now ? { now } : {}) });
      for (const day of due) {
        if ((await readRetryWait(ctx.pool, day)) > 0) break;
        await runDay(ctx, day, 'schedule');
        scheduled.push(day);
      }
      const latest = scheduled.at(-1) ?? restated.at(-1);
      if (latest !== undefined)
        await runRecorded(ctx, { job: 'alerts', day: latest, trigger: scheduled.length > 0 ? 'schedule' : 'restate' }, () => checkAlerts(ctx));
      return { restated, scheduled };
    },
    { wait: false },
  );
  return done ?? { restated: [], scheduled: [] };
}
