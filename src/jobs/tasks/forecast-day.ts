import { addDays, type Day } from '../../domain/business-day.ts';
import type { ForecastPage } from '../../postgres/forecast/forecast-page.ts';
import { pruneLatestForecastDays } from '../../postgres/forecast/prune-latest-forecast-days.ts';
import { hasOriginForecasts } from '../../postgres/forecast/has-origin-forecasts.ts';
import { writeBacktestPage } from '../../postgres/forecast/write-backtest-page.ts';
import { writeLatestForecastPage } from '../../postgres/forecast/write-latest-forecast-page.ts';
import { writeOriginForecastPage } from '../../postgres/forecast/write-origin-forecast-page.ts';
import { withTransaction } from '../../postgres/transaction.ts';
import { computeForecastPage } from '../compute-forecast-page.ts';
import { demandPages } from '../demand-pages.ts';
import type { JobContext } from '../job-context.ts';
import { phaseTimer, type PhaseTimer } from '../phase-timer.ts';
import { requireSnapshot } from '../require-snapshot.ts';
import { createWritePipeline } from '../write-pipeline.ts';

// Pages written at once while the next is computed. One: measured at 20,000 cells (the same
// forecast run four times, alternating, load 8), two writers in flight took 7.4–8.6 s of Postgres
// CPU against 5.3 for one (contention for 128 MB of shared buffers and the WAL), for about the
// same wall time (15.5–16.8 s vs 16.7–21.4 s) on this shared 2-core machine.
export const WRITES_IN_FLIGHT = 1;

/**
 * History each series is forecast from: the backtest window plus four weeks before its earliest
 * origin (Holt–Winters needs two full seasons; 56 days with the default 4 weeks).
 */
export function historyDays(backtestWeeks: number): number {
  return (backtestWeeks + 4) * 7;
}

/**
 * The `forecast` job for origin day `day`: for every cell of the day's snapshot (every cell with
 * a ledger event by the end of the day), its daily OUT series (zero-filled) up to the day, every
 * method's forecast for day+1..day+horizon, a rolling-origin backtest, and `auto` = the method the
 * backtest ranks best. Page by page, each page's writes one transaction; the math of the next
 * page runs while Postgres writes the page before. Needs the day's snapshot. Returns rows written.
 *
 * @example
 * await forecastDay(ctx, '2026-11-22') // 1400000
 */
export async function forecastDay(ctx: JobContext, day: Day): Promise<number> {
  const { pool, config } = ctx;
  const { forecastHorizonDays: horizon, backtestWeeks, latestForecastMethods } = config.daily;
  const latest = new Set(latestForecastMethods);
  const total = await requireSnapshot(ctx, day);
  // When the next origin has run (a restatement, or a backfill going forward day by day), it holds
  // the newest backtest and auto choice of every cell already: this origin writes its per-origin
  // rows and its part of the seed table (writeLatestForecastPage keeps the newer origin's days).
  const newerOrigin = await hasOriginForecasts(pool, addDays(day, 1));
  const timer = phaseTimer(ctx, 'forecast');
  let rows = 0;
  let done = 0;
  const writes = createWritePipeline(WRITES_IN_FLIGHT, (written, cells) => {
    rows += written;
    done += cells;
    ctx.onProgress?.('forecast', done, total);
  });
  try {
    for await (const { cells, series } of demandPages(ctx, day, historyDays(backtestWeeks))) {
      timer.lap('read');
      const page = computeForecastPage(day, cells, series, { horizon, backtestWeeks }, timer);
      timer.restart();
      await writes.push(() => writePage(ctx, page, latest, !newerOrigin, timer), cells.length);
      timer.lap('waiting for a page to be written');
    }
    await writes.drain();
    timer.lap('waiting for a page to be written');
    await pruneLatestForecastDays(pool);
    timer.lap("prune the seed table's days");
  } finally {
    // A failure or shutdown between pages: let the pages in flight finish (or fail) before reporting.
    await writes.settle();
  }
  return rows;
}

async function writePage(ctx: JobContext, page: ForecastPage, latest: ReadonlySet<string>, backtest: boolean, timer: PhaseTimer): Promise<number> {
  return withTransaction(
    ctx.pool,
    async (client) => {
      let t = performance.now();
      const lap = (phase: string): void => {
        const now = performance.now();
        timer.add(phase, now - t);
        t = now;
      };
      let rows = await writeOriginForecastPage(client, page);
      lap('write by_origin (overlaps)');
      rows += await writeLatestForecastPage(client, page, latest, (step) => lap(`write seed table: ${step} (overlaps)`));
      if (backtest) {
        rows += await writeBacktestPage(client, page);
        lap('write backtest and choice (overlaps)');
      }
      return rows;
    },
    `forecast ${page.origin}`,
  );
}
