/**
 * A flat forecast: the same value for every day of the horizon. The level methods (ma7, ses, the
 * Croston family, tsb) forecast one rate and repeat it, as statsforecast's `_repeat_val` does.
 *
 * @example
 * flat(2.5, 3) // [2.5, 2.5, 2.5]
 */
export function flat(value: number, horizon: number): number[] {
  return new Array<number>(horizon).fill(value);
}
