/**
 * A cell's daily OUT series as the snapshot job keeps it (table `daily_demand_window`): the last
 * DEMAND_WINDOW_DAYS business days up to the cell's last day with a shipment, newest last. The
 * forecast and reorder jobs cut their history out of it instead of reading the ledger.
 */

/**
 * Days the window holds: the forecast's 56-day history (backtest weeks 4) plus six weeks, so a
 * restatement or re-run of an origin up to 42 days back still finds its history here (older
 * origins, or a longer RFID_BACKTEST_WEEKS, read the ledger instead).
 */
export const DEMAND_WINDOW_DAYS = 98;

/**
 * Parses Postgres' text form of an int[] (`{0,3,0}`) into `out`, returning how many values were
 * read. A hand loop: pg's generic array parser costs ~10× more, and a day's run parses 100,000.
 *
 * @example
 * const out = new Array<number>(3)
 * parseIntArray('{0,-3,12}', out) // 3, out = [0, -3, 12]
 */
export function parseIntArray(text: string, out: number[]): number {
  let n = 0;
  let value = 0;
  let negative = false;
  let inNumber = false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
    } else if (c === 45) negative = true;
    else {
      // ',' or the closing '}'
      if (inNumber) out[n++] = negative ? -value : value;
      value = 0;
      negative = false;
      inNumber = false;
    }
  }
  return n;
}

/**
 * The `length` days of history ending at origin day D, oldest first, cut from a cell's window:
 * `window` holds the days up to D + `lag` (lag = the window's last day − D, negative when the
 * cell shipped nothing since before D), `null` when the cell has no window (it shipped nothing
 * since the window became complete). Returns false when the window does not reach back far
 * enough (the caller reads the ledger instead).
 *
 * @example
 * const out = new Array<number>(3)
 * seriesFromWindow([1, 2, 3, 4], 4, 1, 3, out) // true, out = [1, 2, 3]  (D is the window's 3rd day)
 * seriesFromWindow([1, 2, 3, 4], 4, -2, 3, out) // true, out = [4, 0, 0]
 */
export function seriesFromWindow(window: readonly number[] | null, windowDays: number, lag: number, length: number, out: number[]): boolean {
  if (window === null) {
    for (let i = 0; i < length; i++) out[i] = 0;
    return true;
  }
  // Day D − (length − 1 − i) sits `lag + length − 1 − i` days before the window's last day.
  if (lag + length > windowDays) return false;
  for (let i = 0; i < length; i++) {
    const before = lag + length - 1 - i;
    out[i] = before < 0 ? 0 : window[windowDays - 1 - before]!;
  }
  return true;
}
