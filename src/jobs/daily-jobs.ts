/**
 * The daily jobs by name (the CLI's `rfid jobs run <name>` and the run history use these names),
 * in the order one business day runs them: each reads what the one before wrote.
 */
import type { Day } from '../postgres/daily/queryable.ts';
import type { JobContext } from './job-context.ts';
import { snapshotDay } from './tasks/snapshot-day.ts';
import { forecastDay } from './tasks/forecast-day.ts';
import { reorderDay } from './tasks/reorder-day.ts';
import { checkAlerts } from './tasks/check-alerts.ts';

export const DAILY_JOB_NAMES = ['snapshot', 'forecast', 'reorder', 'alerts'] as const;
export type DailyJobName = (typeof DAILY_JOB_NAMES)[number];

export const DAILY_JOBS: Readonly<Record<DailyJobName, (ctx: JobContext, day: Day) => Promise<number>>> = {
  snapshot: snapshotDay,
  forecast: forecastDay,
  reorder: reorderDay,
  alerts: (ctx) => checkAlerts(ctx),
};

export function isDailyJobName(name: string): name is DailyJobName {
  return (DAILY_JOB_NAMES as readonly string[]).includes(name);
}
