/**
 * MA7, the seed's method (DESIGN.md §4): the forecast for D+1 is the mean of the daily OUT
 * quantity over D−6..D, days without events counting 0; flat over the horizon.
 */
import { flat } from './flat.ts';

const WINDOW_DAYS = 7;

/**
 * The MA7 rate of the first `end` days of `history` (origin = day `end − 1`).
 *
 * With fewer than 7 days of history the sum is still divided by 7: the days before the first
 * one have no events, and DESIGN.md counts days without events as 0. A SKU first seen yesterday
 * with 7 units shipped forecasts 1/day, not 7/day.
 *
 * @example
 * ma7Rate([7, 0, 0], 3) // 1
 */
export function ma7Rate(history: readonly number[], end: number = history.length): number {
  let sum = 0;
  for (let i = Math.max(0, end - WINDOW_DAYS); i < end; i++) sum += history[i]!;
  return sum / WINDOW_DAYS;
}

/**
 * MA7 forecast for D+1..D+horizon from zero-filled daily history ending at D.
 *
 * @example
 * ma7([0, 1, 2, 3, 4, 5, 6, 7], 2) // [4, 4]  (mean of 1..7)
 */
export function ma7(history: readonly number[], horizon: number): number[] {
  return flat(ma7Rate(history), horizon);
}
