/**
 * The daily run's forecast math side by side with statsmodels (issue 10's benchmark): the same
 * sample of series through computeForecastPage (every method, the backtest, auto) and through
 * bench/scripts/statsmodels-forecasts.py (Debian's python3-statsmodels, /usr/bin/python3), as
 * series per second each, with the largest difference between their SES and Holt–Winters forecasts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_PARAMS } from '../../src/domain/forecast/methods.ts';
import { computeForecastPage, PAGE_METHODS } from '../../src/jobs/compute-forecast-page.ts';

export interface SideBySide {
  series: number;
  statsmodels: string;
  oursSeriesPerSecond: number;
  statsmodelsSeriesPerSecond: number;
  statsmodelsForecastOnlySeriesPerSecond: number;
  ratio: number;
  maxDiffSes: number;
  /** Holt–Winters on every step but h = 7, 14 (statsmodels 0.13.5's forecast() differs there by design; see holt-winters.ts). */
  maxDiffHoltWinters: number;
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(import.meta.dirname, '..', 'scripts', 'statsmodels-forecasts.py');

export function sideBySide(series: readonly number[][], horizon: number, weeks: number): SideBySide {
  const input = JSON.stringify({ horizon, weeks, params: DEFAULT_PARAMS, series });
  const py = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (py.status !== 0) throw new Error(`statsmodels side: ${py.stderr || py.error?.message}`);
  const sm = JSON.parse(py.stdout) as {
    statsmodels: string;
    series: number;
    seconds_forecast: number;
    seconds_backtest: number;
    ses: number[][];
    holt_winters: number[][];
  };
  const cells = series.map((_, i) => ({ sku: `S${i}`, location: 'L' }));
  // Ours is ~1,000× faster: repeat the sample until the clock has something to measure.
  let rounds = 0;
  let page = computeForecastPage('2026-01-01', cells, series, { horizon, backtestWeeks: weeks });
  const started = performance.now();
  while (performance.now() - started < 2000) {
    page = computeForecastPage('2026-01-01', cells, series, { horizon, backtestWeeks: weeks });
    rounds++;
  }
  const oursSeconds = (performance.now() - started) / 1000 / rounds;
  const k = PAGE_METHODS.length;
  const at = (c: number, method: string, h: number): number => page.qty[(c * k + PAGE_METHODS.indexOf(method)) * horizon + h]!;
  let maxDiffSes = 0;
  let maxDiffHoltWinters = 0;
  for (let c = 0; c < series.length; c++) {
    for (let h = 0; h < horizon; h++) {
      maxDiffSes = Math.max(maxDiffSes, Math.abs(at(c, 'ses', h) - sm.ses[c]![h]!));
      if ((h + 1) % 7 !== 0) maxDiffHoltWinters = Math.max(maxDiffHoltWinters, Math.abs(at(c, 'holt_winters', h) - sm.holt_winters[c]![h]!));
    }
  }
  const oursRate = series.length / oursSeconds;
  const smRate = series.length / (sm.seconds_forecast + sm.seconds_backtest);
  return {
    series: series.length,
    statsmodels: sm.statsmodels,
    oursSeriesPerSecond: Math.round(oursRate),
    statsmodelsSeriesPerSecond: Math.round(smRate * 10) / 10,
    statsmodelsForecastOnlySeriesPerSecond: Math.round((series.length / sm.seconds_forecast) * 10) / 10,
    ratio: Math.round(oursRate / smRate),
    maxDiffSes,
    maxDiffHoltWinters,
  };
}
