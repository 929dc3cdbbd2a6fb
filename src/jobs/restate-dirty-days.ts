import { dayRange, type Day } from '../domain/business-day.ts';
import { clearDirtyDays } from '../postgres/daily/clear-dirty-days.ts';
import { readDirtyDays } from '../postgres/daily/read-dirty-days.ts';
import { snapshotDayBounds } from '../postgres/daily/snapshot-day-bounds.ts';
import type { JobContext } from './job-context.ts';
import { runDay } from './run-day.ts';

/**
 * Restates what late events changed: from the oldest dirty day (not before the first snapshot:
 * that one sums the whole ledger) through the newest snapshotted day, every day's snapshot,
 * forecasts and reorder signals, in order; then clears exactly the marks it read. Dirty days
 * after the newest snapshot need nothing: the schedule has not run them yet. The caller holds
 * the daily lock. Returns the restated days.
 *
 * @example
 * await restateDirtyDays(ctx) // ['2026-11-20', '2026-11-21', '2026-11-22']
 */
export async function restateDirtyDays(ctx: JobContext): Promise<Day[]> {
  const dirty = await readDirtyDays(ctx.pool);
  if (dirty.length === 0) return [];
  const { first, last } = await snapshotDayBounds(ctx.pool);
  const oldest = dirty[0]!.day;
  // Days are 'YYYY-MM-DD' strings: they sort as days (Math.max does not apply).
  const days = first !== null && last !== null && oldest <= last ? dayRange([oldest, first].sort()[1]!, last) : [];
  for (const day of days) await runDay(ctx, day, 'restate');
  await clearDirtyDays(ctx.pool, dirty);
  if (days.length > 0) ctx.logger.info({ from: days[0], to: days.at(-1), marks: dirty.length }, 'restated days touched by late events');
  return days;
}
