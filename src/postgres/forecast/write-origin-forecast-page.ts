import { CopyBinaryWriter } from '../copy-binary.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { methodOrder, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Replaces what origin `page.origin` forecast for the page's cells in `forecast_origin_cells`, one
 * row per cell (see packOriginRuns for its layout), on the caller's transaction: the page's key
 * range of the origin deleted (nothing, the first time), then the rows COPYed in. Measured COPYing
 * 100,000 cells twice on the shared 2-core machine (load ~1.2): a row per method with numeric[14]
 * (the table before migration 015) 1.9 s of Postgres CPU and 1.5 s of encoding per day, one row
 * per cell with every lead of every method as float8 0.5 and 0.2 s (~1 KB a row), with the flat
 * forecasts as one value (~30 values instead of 98) 0.3 s. Returns rows written (cells).
 *
 * @example
 * await withTransaction(pool, (client) => writeOriginForecastPage(client, page))
 */
export async function writeOriginForecastPage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { origin, cells, horizon, qty } = page;
  if (cells.length === 0) return 0;
  await client.query(
    `DELETE FROM forecast_origin_cells
     WHERE origin_day = $1 AND (sku, location) >= ($2::text, $3::text) AND (sku, location) <= ($4::text, $5::text)`,
    [origin, ...pageRange(page)],
  );
  const k = page.methods.length;
  const order = methodOrder(page.methods);
  const methods = order.map((j) => page.methods[j]!);
  const values = new Float64Array(k * horizon);
  const starts = new Int32Array(k);
  const w = new CopyBinaryWriter(cells.length * (200 + 8 * k * horizon));
  for (let c = 0; c < cells.length; c++) {
    const { sku, location } = cells[c]!;
    const count = packOriginRuns(qty, c * k * horizon, order, horizon, values, starts);
    w.row(7);
    w.date(origin);
    w.text(sku);
    w.text(location);
    w.textArray(methods);
    w.int4(horizon);
    w.int4Array(starts, 0, k);
    w.float8Array(values, 0, count);
  }
  await copyIn(client, 'COPY forecast_origin_cells (origin_day, sku, location, methods, horizon, starts, forecast_qty) FROM STDIN (FORMAT binary)', w.finish());
  return cells.length;
}

/**
 * One cell's forecasts as `forecast_origin_cells` holds them: for each method of `order` in turn
 * (`qty[base + j × horizon …]` is method j's), its values rounded to 4 decimals into `values`,
 * and the 1-based index its run starts at into `starts`; a flat forecast (every lead the same
 * value, as ma7, ses and the Croston family always are) is a run of one value. Returns how many
 * values it wrote.
 *
 * @example
 * packOriginRuns(Float64Array.from([2, 2, 1, 3]), 0, [1, 0], 2, values, starts) // 3: values [1, 3, 2], starts [1, 3]
 */
export function packOriginRuns(qty: Float64Array, base: number, order: readonly number[], horizon: number, values: Float64Array, starts: Int32Array): number {
  let n = 0;
  for (let j = 0; j < order.length; j++) {
    const from = base + order[j]! * horizon;
    starts[j] = n + 1;
    // The rounding numericArray4 does (+ 0 turns −0 into 0): float8 → numeric gives the same numeric.
    const first = Math.round(qty[from]! * 10_000) / 10_000 + 0;
    values[n++] = first;
    let flat = true;
    for (let h = 1; h < horizon; h++) {
      const v = Math.round(qty[from + h]! * 10_000) / 10_000 + 0;
      values[n + h - 1] = v;
      if (v !== first) flat = false;
    }
    if (!flat) n += horizon - 1;
  }
  return n;
}
