import type { Day } from '../../domain/business-day.ts';
import { reorderSignal } from '../../domain/reorder.ts';
import { writeReorderPage, type CellSignal } from '../../postgres/reorder/write-reorder-page.ts';
import { withTransaction } from '../../postgres/transaction.ts';
import { demandPages } from '../demand-pages.ts';
import type { JobContext } from '../job-context.ts';
import { phaseTimer } from '../phase-timer.ts';
import { requireSnapshot } from '../require-snapshot.ts';
import { createWritePipeline } from '../write-pipeline.ts';
import { WRITES_IN_FLIGHT } from './forecast-day.ts';

// Mean and σ of daily demand over the last four weeks: long enough for a steady σ, short enough
// to follow a change in demand; a whole number of weeks so weekdays weigh equally.
export const DEMAND_WINDOW_DAYS = 28;

/**
 * The `reorder` job for business day `day`: per cell of the day's snapshot, mean and σ of daily
 * demand, lead time (sku_master, else RFID_LEAD_TIME_DAYS), safety stock, reorder point, days of
 * cover and projected stockout date along the day's `auto` forecast (the historical mean when the
 * forecast job has not run). Needs the day's snapshot. Page by page, each page's write one
 * transaction while the next page is read. Returns rows written.
 *
 * @example
 * await reorderDay(ctx, '2026-11-22') // 100000
 */
export async function reorderDay(ctx: JobContext, day: Day): Promise<number> {
  const { pool, config } = ctx;
  const { leadTimeDaysDefault, serviceLevel } = config.daily;
  const total = await requireSnapshot(ctx, day);
  const timer = phaseTimer(ctx, 'reorder');
  let done = 0;
  let rows = 0;
  const writes = createWritePipeline(WRITES_IN_FLIGHT, (written, cells) => {
    rows += written;
    done += cells;
    ctx.onProgress?.('reorder', done, total);
  });
  try {
    for await (const { cells, series } of demandPages(ctx, day, DEMAND_WINDOW_DAYS, 'auto')) {
      timer.lap('read');
      const signals: CellSignal[] = cells.map((c, i) => {
        const leadTimeDays = c.lead_time_days ?? leadTimeDaysDefault;
        const signal = reorderSignal({
          demand: series[i]!,
          onHand: c.qty_on_hand,
          leadTimeDays,
          serviceLevel,
          originDay: day,
          ...(c.forecast !== null ? { forecastDaily: parseNumericArray(c.forecast) } : {}),
        });
        return { sku: c.sku, location: c.location, onHand: c.qty_on_hand, leadTimeDays, signal };
      });
      timer.lap('math');
      await writes.push(() => {
        const started = performance.now();
        return withTransaction(pool, (client) => writeReorderPage(client, day, serviceLevel, signals), `reorder ${day}`).finally(() =>
          timer.add('write (overlaps)', performance.now() - started),
        );
      }, cells.length);
      timer.lap('waiting for a page to be written');
    }
    await writes.drain();
    timer.lap('waiting for a page to be written');
  } finally {
    await writes.settle();
  }
  return rows;
}

/** numeric[] as Postgres prints it (`{0.4286,0.5}`). */
function parseNumericArray(text: string): number[] {
  return text.length <= 2 ? [] : text.slice(1, -1).split(',').map(Number);
}
