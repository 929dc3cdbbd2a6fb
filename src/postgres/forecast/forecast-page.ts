/**
 * One page of a forecast run as the job computes it (flat typed arrays, no object per series),
 * and the pieces its writers share.
 */
import type { Day } from '../daily/queryable.ts';

export interface ForecastPage {
  origin: Day;
  cells: ReadonlyArray<{ sku: string; location: string }>;
  /** The methods of each cell's series, in order (every method, then `auto`). */
  methods: readonly string[];
  horizon: number;
  /** qty[(cell × methods + j) × horizon + h]: method j's forecast for origin + h + 1. */
  qty: Float64Array;
  /** The backtest, per cell and method of `backtestMethods` ([cell × backtestMethods + j]); NaN = null. */
  backtestMethods: readonly string[];
  wape: Float64Array;
  mase: Float64Array;
  bias: Float64Array;
  points: Int32Array;
  origins: Int32Array;
  /** The method `auto` stands for per cell, and why. */
  choice: string[];
  reason: string[];
}

/** The page's first and last cell: the key range its rows occupy in every per-cell table. */
export function pageRange(page: Pick<ForecastPage, 'cells'>): [string, string, string, string] {
  const first = page.cells[0]!;
  const last = page.cells.at(-1)!;
  return [first.sku, first.location, last.sku, last.location];
}

/**
 * The indices of `methods` sorted by name: the order a cell's row holds them in, which is the
 * order GET /v1/forecast-accuracy pages in.
 *
 * @example
 * methodOrder(['ma7', 'ses', 'auto']) // [2, 0, 1]
 */
export function methodOrder(methods: readonly string[]): number[] {
  return methods.map((_, j) => j).sort((a, b) => (methods[a]! < methods[b]! ? -1 : methods[a]! > methods[b]! ? 1 : 0));
}
