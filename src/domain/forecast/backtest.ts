/**
 * Rolling-origin backtest of the forecast methods on one series, and the `auto` choice.
 *
 * Origins: every `step` days (default 7) back from the last day, starting `step` days before it,
 * for as long as the origin's forecasts land in the last `weeks` weeks and the history up to the
 * origin has at least `minHistory` days. At each origin t every method forecasts t+1..t+horizon
 * from history[0..t] only; the days that have actuals (at most the last day of the history) are
 * scored. With weeks 4, step 7 and 56 days: origins on days 48, 41, 34, 27, the latest scored on
 * 7 days, the others on `horizon` days (≤ 14).
 *
 * Errors are pooled over all origins per method (WAPE = Σ|a−f|/Σa over every scored day). MASE uses
 * one scale per series, the naive seasonal MAE of the history up to the earliest origin (the data
 * every origin had), so it ranks methods exactly as their MAE does.
 *
 * Cost: origins × methods × O(history); nothing is allocated per origin or per point (one
 * horizon-sized buffer per call).
 */
import { RfidError } from '../../errors.ts';
import { accuracyFromSums, naiveScale, type Accuracy } from './accuracy.ts';
import { FORECAST_METHODS, forecastInto, resolveParams, type ForecastMethod, type ForecastParams } from './methods.ts';

export interface BacktestOptions {
  weeks: number;
  horizon: number;
  methods?: readonly ForecastMethod[];
  /** Fewest days of history an origin needs (default 14: two weeks, Holt–Winters' minimum). */
  minHistory?: number;
  /** Days between origins (default 7). */
  step?: number;
  /** Fixed method parameters (default DEFAULT_PARAMS); `seasonLength` is also MASE's m. */
  params?: ForecastParams;
}

export interface BacktestResult {
  method: ForecastMethod;
  accuracy: Accuracy;
  origins: number;
  /** False when the method may not be chosen as `auto` for this series (see `autoEligible`). */
  eligible?: boolean;
}

const DEFAULT_MIN_HISTORY_DAYS = 14;
// Syntetos & Boylan (2005): above this average inter-demand interval a series is intermittent.
const INTERMITTENT_ADI = 1.32;

/**
 * Average inter-demand interval: days per day with demand (∞ when nothing was shipped).
 *
 * @example
 * averageDemandInterval([0, 3, 0, 0, 5, 0]) // 3
 */
export function averageDemandInterval(history: readonly number[]): number {
  let demandDays = 0;
  for (let i = 0; i < history.length; i++) if (history[i]! > 0) demandDays++;
  return demandDays === 0 ? Number.POSITIVE_INFINITY : history.length / demandDays;
}

const INTERMITTENT_METHODS: ReadonlySet<ForecastMethod> = new Set(['croston', 'croston_sba', 'tsb']);

/**
 * Whether a method may be chosen as `auto` for a series: on an intermittent series (ADI > 1.32,
 * the Syntetos–Boylan–Croston classification) only the Croston family, which is built for it;
 * on any other series every method.
 *
 * Why: WAPE (like any MAE-based score) is minimised by the median, which is 0 on a series with
 * demand on fewer than half of its days, so on such a series it rewards whichever method happens
 * to forecast least — a week without sales (ma7 → 0) or a Holt–Winters trend that dives and is
 * clamped to zeros — not the one that restocks best. Measured on 40 simulated series with demand
 * on 20% of days (1–8 units), 4 weekly origins: without this rule WAPE chose holt_winters 11 times,
 * ma7 8, ses 4, a Croston-family method 17; without Holt–Winters, ma7 12, ses 8, Croston family 20.
 *
 * @example
 * autoEligible('holt_winters', [0, 0, 4, 0, 0, 0, 2, 0]) // false
 * autoEligible('tsb', [0, 0, 4, 0, 0, 0, 2, 0]) // true
 */
export function autoEligible(method: ForecastMethod, history: readonly number[]): boolean {
  return eligibleAt(method, averageDemandInterval(history));
}

function eligibleAt(method: ForecastMethod, adi: number): boolean {
  return adi <= INTERMITTENT_ADI || INTERMITTENT_METHODS.has(method);
}
const DEFAULT_STEP_DAYS = 7;

/**
 * Backtests each method on `history` (daily demand oldest → newest, zero-filled) and returns one
 * result per method, in the order asked. A series too short for any origin gets results with
 * `origins: 0` and null metrics.
 *
 * @example
 * const history = Array.from({ length: 56 }, (_, i) => [12, 10, 9, 11, 15, 24, 20][i % 7]!)
 * backtest(history, { weeks: 4, horizon: 14 }).find((r) => r.method === 'holt_winters')!.accuracy.wape // ≈ 0 (a pure weekly pattern)
 */
export function backtest(history: readonly number[], options: BacktestOptions): BacktestResult[] {
  const { weeks, horizon } = options;
  const methods = options.methods ?? FORECAST_METHODS;
  const minHistory = options.minHistory ?? DEFAULT_MIN_HISTORY_DAYS;
  const step = options.step ?? DEFAULT_STEP_DAYS;
  const params = resolveParams(options.params);
  for (const [name, v] of [
    ['weeks', weeks],
    ['horizon', horizon],
    ['step', step],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RfidError('INVALID_INPUT', `backtest ${name} must be a whole number ≥ 1, got ${v}`);
  }
  if (!Number.isInteger(minHistory) || minHistory < 1)
    throw new RfidError('INVALID_INPUT', `backtest minHistory must be a whole number ≥ 1, got ${minHistory}`);

  const n = history.length;
  const firstScoredDay = n - 7 * weeks;
  // Origins, latest first: t = n−1−step, n−1−2·step, … (t is the origin day's index).
  let earliest = -1;
  let originCount = 0;
  for (let t = n - 1 - step; t >= firstScoredDay - 1 && t + 1 >= minHistory; t -= step) {
    earliest = t;
    originCount++;
  }
  const k = methods.length;
  const absError = new Float64Array(k);
  const error = new Float64Array(k);
  let sumActual = 0;
  let points = 0;
  const buffer = new Float64Array(horizon);
  for (let o = 0; o < originCount; o++) {
    const t = n - 1 - step * (o + 1);
    const scored = Math.min(horizon, n - 1 - t);
    for (let h = 1; h <= scored; h++) sumActual += history[t + h]!;
    points += scored;
    for (let j = 0; j < k; j++) {
      forecastInto(methods[j]!, history, t + 1, horizon, params, buffer);
      let abs = 0;
      let signed = 0;
      for (let h = 1; h <= scored; h++) {
        const e = buffer[h - 1]! - history[t + h]!;
        abs += e < 0 ? -e : e;
        signed += e;
      }
      absError[j]! += abs;
      error[j]! += signed;
    }
  }
  const scale = originCount > 0 ? naiveScale(history, params.seasonLength, earliest + 1) : null;
  const adi = averageDemandInterval(history);
  const results: BacktestResult[] = [];
  for (let j = 0; j < k; j++) {
    results.push({
      method: methods[j]!,
      accuracy: accuracyFromSums({ absError: absError[j]!, error: error[j]!, actual: sumActual, points }, scale),
      origins: originCount,
      eligible: eligibleAt(methods[j]!, adi),
    });
  }
  return results;
}

// Two scores closer than this (relative) are a tie: float noise must not pick a method.
const TIE_TOLERANCE = 1e-9;

function compareScores(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) ? 0 : a - b;
}

/**
 * The `auto` method of a series: the lowest backtest WAPE among eligible results; ties go to the
 * lower MASE, then to the simpler method (the order of FORECAST_METHODS). `ma7`, the seed's method,
 * when no result could be scored (no origin, or nothing shipped in the backtest window).
 *
 * @example
 * chooseAuto([]) // { method: 'ma7', reason: 'no backtest result with demand to score; ma7 (the seed method)' }
 */
export function chooseAuto(results: readonly BacktestResult[]): { method: ForecastMethod; reason: string } {
  const scored = results.filter((r) => r.accuracy.wape !== null && r.eligible !== false);
  if (scored.length === 0) return { method: 'ma7', reason: 'no backtest result with demand to score; ma7 (the seed method)' };
  const ranked = [...scored].sort(
    (a, b) =>
      compareScores(a.accuracy.wape, b.accuracy.wape) ||
      compareScores(a.accuracy.mase, b.accuracy.mase) ||
      FORECAST_METHODS.indexOf(a.method) - FORECAST_METHODS.indexOf(b.method),
  );
  const best = ranked[0]!;
  const runnerUp = ranked[1];
  const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));
  let reason = `lowest backtest WAPE ${fmt(best.accuracy.wape)} (MASE ${fmt(best.accuracy.mase)}, bias ${fmt(best.accuracy.bias)}) over ${best.origins} origins, ${best.accuracy.points} days`;
  if (runnerUp !== undefined) reason += `; next ${runnerUp.method} WAPE ${fmt(runnerUp.accuracy.wape)}`;
  const ineligible = results.filter((r) => r.eligible === false).map((r) => r.method);
  if (ineligible.length > 0) reason += `; intermittent series, not eligible: ${ineligible.join(', ')}`;
  return { method: best.method, reason };
}
