import { addDays, type Day } from '../../domain/business-day.ts';
import { reorderSignal } from '../../domain/reorder.ts';
import { readDailyOut } from '../../postgres/forecast/read-daily-out.ts';
import { readOriginForecasts } from '../../postgres/forecast/read-origin-forecasts.ts';
import { writeReorderSignals, type CellSignal } from '../../postgres/reorder/write-reorder-signals.ts';
import type { JobContext } from '../job-context.ts';
import { requireSnapshot } from '../require-snapshot.ts';
import { snapshotCellPages } from '../snapshot-cell-pages.ts';

// Mean and σ of daily demand over the last four weeks: long enough for a steady σ, short enough
// to follow a change in demand; a whole number of weeks so weekdays weigh equally.
export const DEMAND_WINDOW_DAYS = 28;

/**
 * The `reorder` job for business day `day`: per cell of the day's snapshot, mean and σ of daily
 * demand, lead time (sku_master, else RFID_LEAD_TIME_DAYS), safety stock, reorder point, days of
 * cover and projected stockout date along the day's `auto` forecast (the historical mean when the
 * forecast job has not run). Needs the day's snapshot. Returns rows written.
 *
 * @example
 * await reorderDay(ctx, '2026-11-22') // 100000
 */
export async function reorderDay(ctx: JobContext, day: Day): Promise<number> {
  const { pool, config } = ctx;
  const { leadTimeDaysDefault, serviceLevel } = config.daily;
  const from = addDays(day, -(DEMAND_WINDOW_DAYS - 1));
  const total = await requireSnapshot(ctx, day);
  let done = 0;
  let rows = 0;
  const phase = (name: string, t0: number): number => {
    const now = performance.now();
    ctx.onPhase?.('reorder', name, now - t0);
    return now;
  };
  let t = performance.now();
  for await (const cells of snapshotCellPages(ctx, day)) {
    const demand = await readDailyOut(pool, cells, from, day, config.timeZone);
    const forecasts = await readOriginForecasts(pool, day, 'auto', cells);
    t = phase('read', t);
    const signals: CellSignal[] = cells.map((c, i) => {
      const leadTimeDays = c.lead_time_days ?? leadTimeDaysDefault;
      const forecastDaily = forecasts[i];
      const signal = reorderSignal({
        demand: demand[i]!,
        onHand: c.qty_on_hand,
        leadTimeDays,
        serviceLevel,
        originDay: day,
        ...(forecastDaily ? { forecastDaily } : {}),
      });
      return { sku: c.sku, location: c.location, onHand: c.qty_on_hand, leadTimeDays, signal };
    });
    t = phase('math', t);
    rows += await writeReorderSignals(pool, day, serviceLevel, signals);
    t = phase('write', t);
    done += cells.length;
    ctx.onProgress?.('reorder', done, total);
  }
  return rows;
}
