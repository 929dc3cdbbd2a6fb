import { CopyBinaryWriter } from '../copy-binary.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { methodOrder, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Replaces what origin `page.origin` forecast for the page's cells in `forecast_origin_cells`
 * (one row per cell: the methods and `auto` sorted by name, `forecast_qty[(j − 1) × horizon + k]`
 * = method j's forecast for origin + k): the page's key range of the origin deleted (nothing, the
 * first time), then the rows COPYed in, on the caller's transaction. A binary COPY of float8
 * arrays: measured for a day of 100,000 cells × 7 series × 14 days on the shared 2-core machine
 * (load 1.5), 0.5 s of Postgres CPU and 0.2 s of encoding, against 0.8 and 1.2 s for one
 * numeric[] per cell and 1.9 and 1.5 s for a row per method (the table before migration 015).
 * Returns rows written (cells).
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
  const w = new CopyBinaryWriter(cells.length * (120 + 12 * k * horizon));
  for (let c = 0; c < cells.length; c++) {
    const { sku, location } = cells[c]!;
    w.row(5);
    w.date(origin);
    w.text(sku);
    w.text(location);
    w.textArray(methods);
    w.float8Array4(qty, c * k * horizon, horizon, order);
  }
  await copyIn(client, 'COPY forecast_origin_cells (origin_day, sku, location, methods, forecast_qty) FROM STDIN (FORMAT binary)', w.finish());
  return cells.length;
}
