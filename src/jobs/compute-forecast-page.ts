/**
 * The forecast math of one page of cells: every method's forecast, the rolling-origin backtest
 * and the `auto` choice per series, into flat typed arrays (no object per series or method: a
 * day's run computes 700,000 forecasts and 600,000 backtest results). The same domain functions
 * as `forecast()` and `backtest()`, so the numbers are theirs.
 *
 * @example
 * const page = computeForecastPage('2026-11-22', cells, series, { horizon: 14, backtestWeeks: 4 })
 */
import type { Day } from '../domain/business-day.ts';
import { backtest, chooseAuto } from '../domain/forecast/backtest.ts';
import { FORECAST_METHODS, forecastInto, resolveParams } from '../domain/forecast/methods.ts';
import type { ForecastPage } from '../postgres/forecast/forecast-page.ts';
import type { PhaseTimer } from './phase-timer.ts';

export const PAGE_METHODS: readonly string[] = [...FORECAST_METHODS, 'auto'];

export function computeForecastPage(
  origin: Day,
  cells: ReadonlyArray<{ sku: string; location: string }>,
  series: readonly (readonly number[])[],
  options: { horizon: number; backtestWeeks: number },
  timer?: PhaseTimer,
): ForecastPage {
  const { horizon, backtestWeeks } = options;
  const n = cells.length;
  const m = FORECAST_METHODS.length;
  const k = PAGE_METHODS.length;
  const auto = k - 1;
  const params = resolveParams();
  const qty = new Float64Array(n * k * horizon);
  const wape = new Float64Array(n * m);
  const mase = new Float64Array(n * m);
  const bias = new Float64Array(n * m);
  const points = new Int32Array(n * m);
  const origins = new Int32Array(n * m);
  const choice = new Array<string>(n);
  const reason = new Array<string>(n);
  const buffer = new Float64Array(horizon);
  const backtestOptions = { weeks: backtestWeeks, horizon };
  let forecastMs = 0;
  const started = performance.now();
  for (let c = 0; c < n; c++) {
    const history = series[c]!;
    const t0 = performance.now();
    for (let j = 0; j < m; j++) {
      forecastInto(FORECAST_METHODS[j]!, history, history.length, horizon, params, buffer);
      qty.set(buffer, (c * k + j) * horizon);
    }
    forecastMs += performance.now() - t0;
    const results = backtest(history, backtestOptions);
    for (let j = 0; j < m; j++) {
      const r = results[j]!;
      const i = c * m + j;
      wape[i] = r.accuracy.wape ?? Number.NaN;
      mase[i] = r.accuracy.mase ?? Number.NaN;
      bias[i] = r.accuracy.bias ?? Number.NaN;
      points[i] = r.accuracy.points;
      origins[i] = r.origins;
    }
    const chosen = chooseAuto(results);
    choice[c] = chosen.method;
    reason[c] = chosen.reason;
    const from = (c * k + FORECAST_METHODS.indexOf(chosen.method)) * horizon;
    qty.copyWithin((c * k + auto) * horizon, from, from + horizon);
  }
  timer?.add('forecast', forecastMs);
  timer?.add('backtest', performance.now() - started - forecastMs);
  return { origin, cells, methods: PAGE_METHODS, horizon, qty, backtestMethods: FORECAST_METHODS, wape, mase, bias, points, origins, choice, reason };
}
