/**
 * Croston's method for intermittent demand, classic and SBA, as Nixtla statsforecast defines them
 * (python/statsforecast/models.py `_croston_classic`, `_croston_sba`):
 *
 * - demand sizes z = the positive observations (`_demand`), intervals q = the gaps between them,
 *   the first counted from before the series (`_intervals`: diff(nonzero_idx + 1, prepend=0));
 * - each is smoothed by SES with a fixed α (`_ses_forecast`, level started at the first element);
 * - the rate is ẑ / q̂ (ẑ alone when q̂ = 0, which cannot happen once a demand is seen);
 * - with no demand at all statsforecast falls back to `_naive` (the last observation, 0 for
 *   zero-filled demand);
 * - SBA multiplies by (1 − α/2), the Syntetos–Boylan debiasing factor; statsforecast hard-codes
 *   0.95, which is this with its fixed α = 0.1.
 *
 * One pass, no arrays: the sub-series z and q are smoothed as they are met, so a call allocates
 * nothing but its result.
 */
import { flat } from './flat.ts';

/**
 * Classic Croston rate of the first `end` days of `history`.
 *
 * @example
 * crostonRate([0, 0, 6, 0, 2], 0.1) // z: 6 → 5.6, q: 3 → 2.9; 5.6 / 2.9 = 1.931…
 */
export function crostonRate(history: readonly number[], alpha: number, end: number = history.length): number {
  let size = 0;
  let interval = 0;
  let seen = false;
  let last = -1;
  for (let i = 0; i < end; i++) {
    const y = history[i]!;
    if (y > 0) {
      const gap = i - last;
      if (seen) {
        size += alpha * (y - size);
        interval += alpha * (gap - interval);
      } else {
        size = y;
        interval = gap;
        seen = true;
      }
      last = i;
    }
  }
  if (!seen) return end > 0 ? history[end - 1]! : 0; // statsforecast `_naive`
  return interval !== 0 ? size / interval : size;
}

/**
 * Classic Croston forecast for D+1..D+horizon.
 *
 * @example
 * croston([0, 0, 6, 0, 2], 2, 0.1) // [1.931…, 1.931…]
 */
export function croston(history: readonly number[], horizon: number, alpha: number): number[] {
  return flat(crostonRate(history, alpha), horizon);
}

/**
 * Croston SBA (Syntetos–Boylan approximation): the classic rate × (1 − α/2).
 *
 * @example
 * crostonSba([0, 0, 6, 0, 2], 1, 0.1) // [1.834…]  (1.931… × 0.95)
 */
export function crostonSba(history: readonly number[], horizon: number, alpha: number): number[] {
  return flat(crostonRate(history, alpha) * (1 - alpha / 2), horizon);
}
