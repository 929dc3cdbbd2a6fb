/**
 * One page of a forecast run as the job computes it (flat typed arrays, no object per series),
 * and its encoding as COPY text rows for the page writers.
 */
import type { Day } from '../daily/queryable.ts';
import { copyNumber, copyText } from '../copy-text.ts';
import { roundQty } from './forecast-rows.ts';

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
 * The numeric[] literal of `count` values from `values[start…]`, rounded as every forecast is
 * stored (4 decimals). A flat series (every method but Holt–Winters) is formatted once.
 */
export function qtyLiteral(values: Float64Array, start: number, count: number): string {
  const first = roundQty(values[start]!);
  let flat = true;
  for (let h = 1; h < count && flat; h++) flat = roundQty(values[start + h]!) === first;
  if (flat) return count === 1 ? `{${first}}` : `{${`${first},`.repeat(count - 1)}${first}}`;
  let s = `{${first}`;
  for (let h = 1; h < count; h++) s += `,${roundQty(values[start + h]!)}`;
  return `${s}}`;
}

/** NaN (no value) as NULL, else the number. */
export function nullableNumber(v: number): string {
  return Number.isNaN(v) ? '\\N' : copyNumber(v);
}

/** A cell's key as two COPY text fields. */
export function cellKey(cell: { sku: string; location: string }): string {
  return `${copyText(cell.sku)}\t${copyText(cell.location)}`;
}
