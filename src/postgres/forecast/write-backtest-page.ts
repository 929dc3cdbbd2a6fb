import { copyText } from '../copy-text.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { copyCellKey, methodOrder, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Writes the page's backtest and `auto` choice into `forecast_backtest_cells`, one row per cell
 * (its methods sorted by name, each measure an array in that order), keeping a row a newer origin
 * wrote, on the caller's transaction: COPY into a temporary table, one UPDATE of the rows that
 * exist (heap-only at the table's fillfactor), and an INSERT only when some did not (new cells).
 * The measures stay numeric, sent as text: the exact decimals the job computed (a float8 would
 * show 15 significant digits through the `forecast_accuracy` view, not 17). Returns rows written
 * (cells).
 *
 * @example
 * await withTransaction(pool, (client) => writeBacktestPage(client, page))
 */
export async function writeBacktestPage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { cells, backtestMethods, wape, mase, bias, points, origins } = page;
  const m = backtestMethods.length;
  if (cells.length === 0) return 0;
  const order = methodOrder(backtestMethods);
  const parts: string[] = new Array(cells.length);
  for (let c = 0; c < cells.length; c++) {
    const at = order.map((j) => c * m + j);
    parts[c] =
      `${copyCellKey(cells[c]!)}\t${numbers(wape, at)}\t${numbers(mase, at)}\t${numbers(bias, at)}\t${numbers(points, at)}\t${numbers(origins, at)}` +
      `\t${copyText(page.choice[c]!)}\t${copyText(page.reason[c]!)}\n`;
  }
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS backtest_page (sku text, location text, wape numeric[], mase numeric[], bias numeric[], points int[], origins int[],
                                                   auto_method text, auto_reason text)
     ON COMMIT DELETE ROWS`,
  );
  await copyIn(client, 'COPY backtest_page FROM STDIN', Buffer.from(parts.join('')));
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

/** An array literal of `values` at `at` (NaN = NULL), shortest round-trip decimals. */
function numbers(values: Float64Array | Int32Array, at: readonly number[]): string {
  let s = '{';
  for (let i = 0; i < at.length; i++) {
    const v = values[at[i]!]!;
    s += (i === 0 ? '' : ',') + (Number.isFinite(v) ? String(v) : 'NULL');
  }
  return `${s}}`;
}
