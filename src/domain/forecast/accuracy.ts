/**
 * Forecast accuracy metrics, for the backtest and the forecast-vs-actual views:
 *
 * - WAPE = Σ|a − f| / Σa — the share of actual demand the forecast missed; scale-free and defined
 *   for intermittent series (unlike MAPE, which divides by each zero day).
 * - MASE = mean|a − f| / mean|y_t − y_{t−m}| over the in-sample history: < 1 beats the in-sample
 *   (seasonal) naive forecast. m = 1 is the plain naive forecast, m = 7 the same weekday last week.
 * - bias = Σ(f − a) / Σa — positive when the forecast is too high (excess stock), negative when too
 *   low (stockouts).
 *
 * A metric is null when it is undefined: WAPE and bias when Σa ≤ 0 (nothing was shipped, so there
 * is no demand to be a share of), MASE when there are no points, the in-sample history has no
 * pair m days apart, or the naive forecast was never wrong in-sample (a constant history).
 */
import { RfidError } from '../../errors.ts';

export interface Accuracy {
  wape: number | null;
  mase: number | null;
  bias: number | null;
  points: number;
}

/**
 * Mean absolute error of the (seasonal) naive forecast over `insample[0..end)`: the MASE scale.
 * Null when there is no pair m apart or the mean is 0.
 *
 * @example
 * naiveScale([1, 3, 2, 2], 1) // (2 + 1 + 0) / 3 = 1
 */
export function naiveScale(insample: readonly number[], seasonLength: number = 1, end: number = insample.length): number | null {
  if (end <= seasonLength) return null;
  let sum = 0;
  for (let i = seasonLength; i < end; i++) sum += Math.abs(insample[i]! - insample[i - seasonLength]!);
  const scale = sum / (end - seasonLength);
  return scale > 0 ? scale : null;
}

/**
 * The metrics from running sums, so the backtest can pool many origins without building arrays.
 *
 * @example
 * accuracyFromSums({ absError: 2, error: -2, actual: 10, points: 4 }, 1) // { wape: 0.2, mase: 0.5, bias: -0.2, points: 4 }
 */
export function accuracyFromSums(sums: { absError: number; error: number; actual: number; points: number }, scale: number | null): Accuracy {
  const { absError, error, actual, points } = sums;
  return {
    wape: points > 0 && actual > 0 ? absError / actual : null,
    mase: points > 0 && scale !== null ? absError / points / scale : null,
    bias: points > 0 && actual > 0 ? error / actual : null,
    points,
  };
}

/**
 * WAPE, MASE and bias of `forecast` against `actual` (same length, day by day), MASE scaled by
 * the in-sample (seasonal, `seasonLength`, default 1) naive MAE of `insample`.
 *
 * @example
 * accuracy([4, 0, 6], [5, 1, 3], [2, 4, 3, 5], 1)
 * // Σ|a−f| = 1+1+3 = 5, Σa = 10 → wape 0.5; bias (1+1−3)/10 = −0.1;
 * // naive MAE in-sample (2+1+2)/3 = 5/3 → mase (5/3)/(5/3) = 1
 */
export function accuracy(actual: readonly number[], forecast: readonly number[], insample: readonly number[], seasonLength: number = 1): Accuracy {
  if (actual.length !== forecast.length) {
    throw new RfidError('INVALID_INPUT', `accuracy needs one forecast per actual day, got ${forecast.length} forecasts for ${actual.length} days`);
  }
  if (!Number.isInteger(seasonLength) || seasonLength < 1) throw new RfidError('INVALID_INPUT', `seasonLength must be an integer ≥ 1, got ${seasonLength}`);
  let absError = 0;
  let error = 0;
  let sumActual = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = forecast[i]! - actual[i]!;
    absError += Math.abs(e);
    error += e;
    sumActual += actual[i]!;
  }
  return accuracyFromSums({ absError, error, actual: sumActual, points: actual.length }, naiveScale(insample, seasonLength));
}
