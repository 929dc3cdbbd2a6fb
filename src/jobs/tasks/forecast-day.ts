import { addDays, type Day } from '../../domain/business-day.ts';
import { backtest, chooseAuto } from '../../domain/forecast/backtest.ts';
import { FORECAST_METHODS, forecast } from '../../domain/forecast/methods.ts';
import type { SeriesForecast } from '../../postgres/forecast/forecast-rows.ts';
import { hasOriginForecasts } from '../../postgres/forecast/has-origin-forecasts.ts';
import { readDailyOut } from '../../postgres/forecast/read-daily-out.ts';
import { writeAccuracy, type SeriesAccuracy } from '../../postgres/forecast/write-accuracy.ts';
import { writeLatestForecasts } from '../../postgres/forecast/write-latest-forecasts.ts';
import { writeMethodChoices, type MethodChoice } from '../../postgres/forecast/write-method-choices.ts';
import { writeOriginForecasts } from '../../postgres/forecast/write-origin-forecasts.ts';
import type { JobContext } from '../job-context.ts';
import { requireSnapshot } from '../require-snapshot.ts';
import { snapshotCellPages } from '../snapshot-cell-pages.ts';

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
 * backtest ranks best. Written in pages of cells, each page a few set-based statements. Needs the
 * day's snapshot. Returns rows written.
 *
 * @example
 * await forecastDay(ctx, '2026-11-22') // 1400000
 */
export async function forecastDay(ctx: JobContext, day: Day): Promise<number> {
  const { pool, config } = ctx;
  const { forecastHorizonDays: horizon, backtestWeeks, latestForecastMethods } = config.daily;
  const from = addDays(day, -(historyDays(backtestWeeks) - 1));
  const latest = new Set(latestForecastMethods);
  const total = await requireSnapshot(ctx, day);
  // The seed table holds the latest forecast for each day. When the next origin has run (a
  // restatement or backfill going forward day by day), it holds days day+2… already and this
  // origin is the latest only for day+1: one row per series instead of `horizon` (the seed
  // table's upserts are about 40% of a forecast page's time; the saving was within the noise of
  // bench/daily-run on the shared machine).
  const latestLeads = (await hasOriginForecasts(pool, addDays(day, 1))) ? 1 : horizon;
  let done = 0;
  let rows = 0;
  const phase = (name: string, t0: number): number => {
    const now = performance.now();
    ctx.onPhase?.('forecast', name, now - t0);
    return now;
  };
  let t = performance.now();
  for await (const cells of snapshotCellPages(ctx, day)) {
    t = phase('read', t);
    const series = await readDailyOut(pool, cells, from, day, config.timeZone);
    t = phase('read', t);
    let forecastMs = 0;
    const forecasts: SeriesForecast[] = [];
    const accuracies: SeriesAccuracy[] = [];
    const choices: MethodChoice[] = [];
    cells.forEach(({ sku, location }, i) => {
      const history = series[i]!;
      const f0 = performance.now();
      const byMethod = new Map(FORECAST_METHODS.map((method) => [method, forecast(method, history, horizon)]));
      for (const [method, qty] of byMethod) forecasts.push({ sku, location, method, qty });
      forecastMs += performance.now() - f0;
      const results = backtest(history, { weeks: backtestWeeks, horizon });
      for (const r of results) accuracies.push({ sku, location, method: r.method, accuracy: r.accuracy, origins: r.origins });
      const choice = chooseAuto(results);
      choices.push({ sku, location, method: choice.method, reason: choice.reason });
      forecasts.push({ sku, location, method: 'auto', qty: byMethod.get(choice.method)! });
    });
    const mathMs = performance.now() - t;
    ctx.onPhase?.('forecast', 'forecast', forecastMs);
    ctx.onPhase?.('forecast', 'backtest', mathMs - forecastMs);
    t += mathMs;
    rows += await writeOriginForecasts(pool, day, forecasts);
    t = phase('write by_origin', t);
    rows += await writeLatestForecasts(
      pool,
      day,
      forecasts.filter((f) => latest.has(f.method)).map((f) => (latestLeads < horizon ? { ...f, qty: f.qty.slice(0, latestLeads) } : f)),
    );
    t = phase('write seed table', t);
    rows += await writeAccuracy(pool, day, accuracies);
    t = phase('write accuracy', t);
    rows += await writeMethodChoices(pool, day, choices);
    t = phase('write choice', t);
    done += cells.length;
    ctx.onProgress?.('forecast', done, total);
  }
  return rows;
}
