import { CopyBinaryWriter } from '../copy-binary.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Replaces what origin `page.origin` forecast for the page's cells in `shipment_forecast_by_origin`
 * (every method and `auto`, `forecast_qty[k]` = the forecast for origin + k): the page's key range
 * of the origin deleted (nothing, the first time), then the rows COPYed in, on the caller's
 * transaction. A binary COPY instead of an upsert: 35,000 rows a page, the arrays sent as numerics
 * rather than text Postgres would parse. Returns rows written.
 *
 * @example
 * await withTransaction(pool, (client) => writeOriginForecastPage(client, page))
 */
export async function writeOriginForecastPage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { origin, cells, methods, horizon, qty } = page;
  if (cells.length === 0) return 0;
  await client.query(
    `DELETE FROM shipment_forecast_by_origin
     WHERE origin_day = $1 AND (sku, location) >= ($2::text, $3::text) AND (sku, location) <= ($4::text, $5::text)`,
    [origin, ...pageRange(page)],
  );
  const w = new CopyBinaryWriter(cells.length * methods.length * (60 + 12 * horizon));
  const k = methods.length;
  for (let c = 0; c < cells.length; c++) {
    const { sku, location } = cells[c]!;
    for (let j = 0; j < k; j++) {
      w.row(5);
      w.date(origin);
      w.text(sku);
      w.text(location);
      w.text(methods[j]);
      w.numericArray4(qty, (c * k + j) * horizon, horizon);
    }
  }
  await copyIn(client, 'COPY shipment_forecast_by_origin (origin_day, sku, location, method, forecast_qty) FROM STDIN (FORMAT binary)', w.finish());
  return cells.length * k;
}
