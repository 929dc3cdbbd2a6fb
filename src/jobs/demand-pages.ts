/**
 * The cells of a day's snapshot in pages (RFID_DAILY_CHUNK_CELLS, key order), each cell with its
 * daily OUT history over the `historyDays` days ending at the day, cut from the snapshot job's
 * demand window (one row per cell), or read from the ledger where the window does not reach
 * (an old origin, a longer history than the window, or a window not built yet). Stops with
 * SHUTTING_DOWN between pages when the worker is asked to stop.
 *
 * @example
 * for await (const page of demandPages(ctx, '2026-11-22', 56)) work(page.cells, page.series)
 */
import { addDays, type Day } from '../domain/business-day.ts';
import { DEMAND_WINDOW_DAYS, parseIntArray, seriesFromWindow } from '../domain/forecast/demand-window.ts';
import { readDemandWindowState } from '../postgres/daily/read-demand-window-state.ts';
import { readDailyOut } from '../postgres/forecast/read-daily-out.ts';
import { readDemandPage, type DemandCell } from '../postgres/forecast/read-demand-page.ts';
import { stopIfAborted, type JobContext } from './job-context.ts';

export interface DemandPage {
  cells: DemandCell[];
  /** series[i][k]: cell i's OUT quantity on day − (historyDays − 1) + k. */
  series: number[][];
}

export async function* demandPages(ctx: JobContext, day: Day, historyDays: number, forecastMethod: string | null = null): AsyncGenerator<DemandPage> {
  const from = addDays(day, -(historyDays - 1));
  const state = await readDemandWindowState(ctx.pool);
  const windowUsable = state.validFrom !== null && state.days === DEMAND_WINDOW_DAYS && state.validFrom <= from;
  const parsed = new Array<number>(DEMAND_WINDOW_DAYS);
  let after: { sku: string; location: string } | null = null;
  for (;;) {
    stopIfAborted(ctx);
    const cells = await readDemandPage(ctx.pool, day, after, ctx.config.daily.chunkCells, forecastMethod);
    if (cells.length === 0) return;
    const series: number[][] = new Array(cells.length);
    const fromLedger: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      const out = new Array<number>(historyDays).fill(0);
      let ok = windowUsable;
      if (ok) {
        const window = c.window === null ? null : parsed;
        if (c.window !== null && parseIntArray(c.window, parsed) !== DEMAND_WINDOW_DAYS) ok = false;
        else ok = seriesFromWindow(window, DEMAND_WINDOW_DAYS, c.lag ?? 0, historyDays, out);
      }
      series[i] = out;
      if (!ok) fromLedger.push(i);
    }
    if (fromLedger.length > 0) {
      const read = await readDailyOut(
        ctx.pool,
        fromLedger.map((i) => cells[i]!),
        from,
        day,
        ctx.config.timeZone,
      );
      fromLedger.forEach((i, k) => {
        series[i] = read[k]!;
      });
    }
    yield { cells, series };
    const last = cells.at(-1)!;
    after = { sku: last.sku, location: last.location };
  }
}
