import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { copyCellKey, nullableNumber, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Writes the page's backtest per series and method into `forecast_accuracy` (the latest origin's;
 * a row from a newer origin is kept), on the caller's transaction: COPY into a temporary table,
 * one UPDATE of the rows that exist, and an INSERT only when some did not (new cells). Returns
 * rows written.
 *
 * @example
 * await withTransaction(pool, (client) => writeAccuracyPage(client, page))
 */
export async function writeAccuracyPage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { cells, backtestMethods } = page;
  const k = backtestMethods.length;
  if (cells.length === 0 || k === 0) return 0;
  const parts: string[] = [];
  for (let c = 0; c < cells.length; c++) {
    const key = copyCellKey(cells[c]!);
    for (let j = 0; j < k; j++) {
      const i = c * k + j;
      parts.push(
        `${key}\t${backtestMethods[j]}\t${nullableNumber(page.wape[i]!)}\t${nullableNumber(page.mase[i]!)}\t${nullableNumber(page.bias[i]!)}\t${page.points[i]}\t${page.origins[i]}\n`,
      );
    }
  }
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS accuracy_page (sku text, location text, method text, wape numeric, mase numeric, bias numeric, points int, origins int)
     ON COMMIT DELETE ROWS`,
  );
  await copyIn(client, 'COPY accuracy_page FROM STDIN', Buffer.from(parts.join('')));
  const updated = await client.query(
    `UPDATE forecast_accuracy a SET origin_day = $1, wape = t.wape, mase = t.mase, bias = t.bias, points = t.points, origins = t.origins, computed_at = now()
     FROM accuracy_page t
     WHERE a.sku = t.sku AND a.location = t.location AND a.method = t.method AND a.origin_day <= $1
       AND (a.sku, a.location) >= ($2::text, $3::text) AND (a.sku, a.location) <= ($4::text, $5::text)`,
    [page.origin, ...pageRange(page)],
  );
  let rows = updated.rowCount ?? 0;
  if (rows < parts.length) {
    const inserted = await client.query(
      `INSERT INTO forecast_accuracy (sku, location, method, origin_day, wape, mase, bias, points, origins, computed_at)
       SELECT sku, location, method, $1, wape, mase, bias, points, origins, now() FROM accuracy_page
       ON CONFLICT (sku, location, method) DO NOTHING`,
      [page.origin],
    );
    rows += inserted.rowCount ?? 0;
  }
  return rows;
}
