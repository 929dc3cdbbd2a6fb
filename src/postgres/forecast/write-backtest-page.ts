import { CopyBinaryWriter } from '../copy-binary.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { methodOrder, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Writes the page's backtest and `auto` choice into `forecast_backtest_cells`, one row per cell
 * (its methods sorted by name, each measure an array in that order), keeping a row a newer origin
 * wrote, on the caller's transaction: a binary COPY into a temporary table, one UPDATE of the rows
 * that exist (heap-only at the table's fillfactor), and an INSERT only when some did not (new
 * cells). The measures go as the doubles the job computed (float8, NaN = NULL): as text, V8's
 * shortest decimal of 1.8 million doubles a day cost ~0.6 s of node CPU at 100,000 cells, and
 * Postgres as much again to parse them. Returns rows written (cells).
 *
 * @example
 * await withTransaction(pool, (client) => writeBacktestPage(client, page))
 */
export async function writeBacktestPage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { cells, backtestMethods, wape, mase, bias, points, origins } = page;
  const m = backtestMethods.length;
  if (cells.length === 0) return 0;
  const order = methodOrder(backtestMethods);
  // One cell's measures in method-name order, each encoded from here.
  const f = new Float64Array(3 * m);
  const n = new Int32Array(2 * m);
  const w = new CopyBinaryWriter(cells.length * (200 + 60 * m));
  for (let c = 0; c < cells.length; c++) {
    for (let j = 0; j < m; j++) {
      const i = c * m + order[j]!;
      f[j] = wape[i]!;
      f[m + j] = mase[i]!;
      f[2 * m + j] = bias[i]!;
      n[j] = points[i]!;
      n[m + j] = origins[i]!;
    }
    w.row(9);
    w.text(cells[c]!.sku);
    w.text(cells[c]!.location);
    w.float8Array(f, 0, m);
    w.float8Array(f, m, m);
    w.float8Array(f, 2 * m, m);
    w.int4Array(n, 0, m);
    w.int4Array(n, m, m);
    w.text(page.choice[c]);
    w.text(page.reason[c]);
  }
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS backtest_page (sku text, location text, wape float8[], mase float8[], bias float8[], points int[], origins int[],
                                                   auto_method text, auto_reason text)
     ON COMMIT DELETE ROWS`,
  );
  await copyIn(client, 'COPY backtest_page FROM STDIN (FORMAT binary)', w.finish());
  const methods = order.map((j) => backtestMethods[j]!);
  const updated = await client.query(
    `UPDATE forecast_backtest_cells b
     SET origin_day = $1, methods = $6, wape = t.wape, mase = t.mase, bias = t.bias, points = t.points, origins = t.origins,
         auto_method = t.auto_method, auto_reason = t.auto_reason, computed_at = now()
     FROM backtest_page t
     WHERE b.sku = t.sku AND b.location = t.location AND b.origin_day <= $1
       AND (b.sku, b.location) >= ($2::text, $3::text) AND (b.sku, b.location) <= ($4::text, $5::text)`,
    [page.origin, ...pageRange(page), methods],
  );
  let rows = updated.rowCount ?? 0;
  if (rows < cells.length) {
    const inserted = await client.query(
      `INSERT INTO forecast_backtest_cells (sku, location, origin_day, methods, wape, mase, bias, points, origins, auto_method, auto_reason, computed_at)
       SELECT sku, location, $1, $2, wape, mase, bias, points, origins, auto_method, auto_reason, now() FROM backtest_page
       ON CONFLICT (sku, location) DO NOTHING`,
      [page.origin, methods],
    );
    rows += inserted.rowCount ?? 0;
  }
  return rows;
}
