/**
 * TSB (Teunter–Syntetos–Babai) for intermittent demand, as Nixtla statsforecast's `_tsb`
 * (python/statsforecast/models.py): SES (α_p) over the demand indicator 1[y ≠ 0] of every day,
 * SES (α_d) over the positive demand sizes only, rate = p̂ · ẑ. Each SES starts its level at its
 * first element (`_ses_forecast`). An all-zero history forecasts 0. Unlike Croston, the
 * probability decays on every day without demand, so a SKU that stopped selling fades out.
 */
import { flat } from './flat.ts';

/**
 * TSB rate of the first `end` days of `history`.
 *
 * @example
 * tsbRate([0, 0, 6, 0, 2], 0.1, 0.1) // p: 0 → 0 → 0.1 → 0.09 → 0.181, z: 6 → 5.6; 0.181 × 5.6 = 1.0136
 */
export function tsbRate(history: readonly number[], alphaDemand: number, alphaProbability: number, end: number = history.length): number {
  if (end <= 0) return 0;
  let probability = history[0]! !== 0 ? 1 : 0;
  let size = 0;
  let seen = false;
  for (let i = 0; i < end; i++) {
    const y = history[i]!;
    if (i > 0) probability += alphaProbability * ((y !== 0 ? 1 : 0) - probability);
    if (y > 0) {
      if (seen) size += alphaDemand * (y - size);
      else {
        size = y;
        seen = true;
      }
    }
  }
  return seen ? probability * size : 0;
}

/**
 * TSB forecast for D+1..D+horizon.
 *
 * @example
 * tsb([0, 0, 6, 0, 2], 2, 0.1, 0.1) // [1.0136, 1.0136]
 */
export function tsb(history: readonly number[], horizon: number, alphaDemand: number, alphaProbability: number): number[] {
  return flat(tsbRate(history, alphaDemand, alphaProbability), horizon);
}
