import { dayRange, type Day } from '../domain/business-day.ts';
import { withDailyLock } from '../postgres/daily/daily-lock.ts';
import { DAILY_JOBS, type DailyJobName } from './daily-jobs.ts';
import type { JobContext } from './job-context.ts';
import { DAY_STEPS } from './run-day.ts';
import { runRecorded } from './run-recorded.ts';

export interface BackfillDay {
  day: Day;
  rows: Partial<Record<DailyJobName, number>>;
}

/**
 * `rfid jobs backfill`: for every day from `from` to `to` in order, the given jobs (default:
 * snapshot, forecast, reorder; each day reads the day before), then the alert check once.
 * Run again, it restates. Holds the daily lock throughout, so it never interleaves with a worker.
 *
 * @example
 * await backfillDays(ctx, { from: '2026-11-01', to: '2026-11-22' }, (done, total) => {})
 */
export async function backfillDays(
  ctx: JobContext,
  range: { from: Day; to: Day; jobs?: readonly DailyJobName[] },
  onDay: (done: number, total: number) => void = () => {},
): Promise<BackfillDay[]> {
  const days = dayRange(range.from, range.to);
  const jobs = range.jobs ?? [...DAY_STEPS, 'alerts'];
  const perDay = jobs.filter((j) => j !== 'alerts');
  return withDailyLock(ctx.pool, async () => {
    const out: BackfillDay[] = [];
    for (const [i, day] of days.entries()) {
      const rows: BackfillDay['rows'] = {};
      for (const job of perDay) rows[job] = await runRecorded(ctx, { job, day, trigger: 'backfill' }, () => DAILY_JOBS[job](ctx, day));
      out.push({ day, rows });
      onDay(i + 1, days.length);
    }
    const last = out.at(-1);
    if (last && jobs.includes('alerts'))
      last.rows.alerts = await runRecorded(ctx, { job: 'alerts', day: last.day, trigger: 'backfill' }, () => DAILY_JOBS.alerts(ctx, last.day));
    return out;
  });
}
