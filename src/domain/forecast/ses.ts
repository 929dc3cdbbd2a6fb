/**
 * Simple exponential smoothing with a fixed alpha (no optimisation), flat over the horizon.
 *
 * Initialisation as statsforecast's `ses_forecast` (src/ses.cpp): the level starts at the first
 * observation and is updated by each later one, ℓ_t = α·y_t + (1−α)·ℓ_{t−1}; the forecast is the
 * last level. statsmodels `SimpleExpSmoothing(initialization_method='known',
 * initial_level=y[0]).fit(smoothing_level=α, optimized=False)` gives the same numbers (the first
 * update with y_0 leaves ℓ = y_0), which test/domain/forecast/fixtures/statsmodels.json checks.
 */
import { flat } from './flat.ts';

/**
 * The SES level after the first `end` observations; 0 for an empty history.
 *
 * @example
 * sesLevel([10, 0], 0.1) // 9
 */
export function sesLevel(history: readonly number[], alpha: number, end: number = history.length): number {
  if (end <= 0) return 0;
  let level = history[0]!;
  for (let i = 1; i < end; i++) level += alpha * (history[i]! - level);
  return level;
}

/**
 * SES forecast for D+1..D+horizon.
 *
 * @example
 * ses([10, 0, 0], 2, 0.5) // [2.5, 2.5]
 */
export function ses(history: readonly number[], horizon: number, alpha: number): number[] {
  return flat(sesLevel(history, alpha), horizon);
}
