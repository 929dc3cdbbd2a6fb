/**
 * Holt–Winters with additive trend and additive seasonality (weekly: season 7), fixed α, β, γ.
 *
 * Recursions (Hyndman & Athanasopoulos, FPP §7.3 / 8.3; statsmodels' `holt_win_add_add_dam`
 * with φ = 1, which test/domain/forecast/fixtures/statsmodels.json checks):
 *   ℓ_t = α(y_t − s_{t−m}) + (1−α)(ℓ_{t−1} + b_{t−1})
 *   b_t = β(ℓ_t − ℓ_{t−1}) + (1−β) b_{t−1}
 *   s_t = γ(y_t − ℓ_{t−1} − b_{t−1}) + (1−γ) s_{t−m}
 *   ŷ_{n+h} = ℓ_n + h·b_n + s_{n+h−m(⌊(h−1)/m⌋+1)}
 *
 * Initialisation (statsmodels' `_initialization_simple`, FPP §7.6 — reproducible exactly, needs
 * two full seasons):
 *   ℓ_0 = mean(y_0 … y_{m−1})
 *   b_0 = mean over i in [m, 2m) of (y_i − y_{i−m}) / m
 *   s_j = y_j − ℓ_0 for j in [0, m)   (the seasonal state of day j, used when y_j is smoothed)
 *
 * statsmodels 0.13.5's `forecast()` differs at steps h = m, 2m, …: its `_predict` overwrites the
 * seasonal state that the last observation updated with the one before the update. This follows
 * the textbook formula above (it uses every observation) and equals statsmodels' fitted states;
 * the fixture test checks both (scripts/reference/forecast-fixtures.py).
 *
 * With fewer than two seasons (14 days for weekly) there is no way to tell a weekly pattern from
 * noise, so the forecast falls back to SES with the same α (flat).
 *
 * The model may go below zero on a falling trend; `forecast()` clamps the published values at 0,
 * this function does not (so it can be compared with statsmodels).
 */
import { sesLevel } from './ses.ts';

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  seasonLength: number;
}

// The seasonal state, reused across calls (synchronous, so never shared by two at once): a
// backtest makes ~24 calls per series and 200,000 series a night.
let scratch = new Float64Array(7);

/**
 * Writes the Holt–Winters forecast of the first `end` days of `history` into `out[0..horizon)`.
 * Allocation-free (the seasonal state lives in a reused buffer), for backtests.
 *
 * @example
 * const out = new Float64Array(7)
 * holtWintersInto([1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7], 14, 7, { alpha: 0.1, beta: 0.01, gamma: 0.1, seasonLength: 7 }, out)
 * out // [1, 2, 3, 4, 5, 6, 7]
 */
export function holtWintersInto(history: readonly number[], end: number, horizon: number, p: HoltWintersParams, out: Float64Array | number[]): void {
  const m = p.seasonLength;
  if (end < 2 * m) {
    const level = sesLevel(history, p.alpha, end);
    for (let h = 0; h < horizon; h++) out[h] = level;
    return;
  }
  let level = 0;
  for (let i = 0; i < m; i++) level += history[i]!;
  level /= m;
  let trend = 0;
  for (let i = m; i < 2 * m; i++) trend += (history[i]! - history[i - m]!) / m;
  trend /= m;
  if (scratch.length < m) scratch = new Float64Array(m);
  const season = scratch;
  for (let j = 0; j < m; j++) season[j] = history[j]! - level;

  const { alpha, beta, gamma } = p;
  for (let t = 0; t < end; t++) {
    const y = history[t]!;
    const k = t % m;
    const s = season[k]!;
    const base = level + trend;
    const nextLevel = alpha * (y - s) + (1 - alpha) * base;
    trend = beta * (nextLevel - level) + (1 - beta) * trend;
    season[k] = gamma * (y - base) + (1 - gamma) * s;
    level = nextLevel;
  }
  for (let h = 1; h <= horizon; h++) out[h - 1] = level + h * trend + season[(end + h - 1) % m]!;
}

/**
 * Holt–Winters (additive trend, additive season) forecast for D+1..D+horizon, unclamped.
 *
 * @example
 * holtWinters([1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7], 2, { alpha: 0.1, beta: 0.01, gamma: 0.1, seasonLength: 7 }) // [1, 2]
 */
export function holtWinters(history: readonly number[], horizon: number, params: HoltWintersParams): number[] {
  const out = new Array<number>(horizon).fill(0);
  holtWintersInto(history, history.length, horizon, params, out);
  return out;
}
