import { copyText } from '../copy-text.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { copyCellKey, pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Records the method `auto` stands for per cell of the page in `forecast_method_choice` (the
 * latest origin's; a newer origin's choice is kept), on the caller's transaction, as
 * writeAccuracyPage does. Returns rows written.
 *
 * @example
 * await withTransaction(pool, (client) => writeChoicePage(client, page))
 */
export async function writeChoicePage(client: PoolClient, page: ForecastPage): Promise<number> {
  const { cells } = page;
  if (cells.length === 0) return 0;
  const parts: string[] = new Array(cells.length);
  for (let c = 0; c < cells.length; c++) parts[c] = `${copyCellKey(cells[c]!)}\t${page.choice[c]}\t${copyText(page.reason[c]!)}\n`;
  await client.query('CREATE TEMP TABLE IF NOT EXISTS choice_page (sku text, location text, method text, reason text) ON COMMIT DELETE ROWS');
  await copyIn(client, 'COPY choice_page FROM STDIN', Buffer.from(parts.join('')));
  const updated = await client.query(
    `UPDATE forecast_method_choice c SET method = t.method, reason = t.reason, origin_day = $1, computed_at = now()
     FROM choice_page t
     WHERE c.sku = t.sku AND c.location = t.location AND c.origin_day <= $1
       AND (c.sku, c.location) >= ($2::text, $3::text) AND (c.sku, c.location) <= ($4::text, $5::text)`,
    [page.origin, ...pageRange(page)],
  );
  let rows = updated.rowCount ?? 0;
  if (rows < cells.length) {
    const inserted = await client.query(
      `INSERT INTO forecast_method_choice (sku, location, method, reason, origin_day, computed_at)
       SELECT sku, location, method, reason, $1, now() FROM choice_page
       ON CONFLICT (sku, location) DO NOTHING`,
      [page.origin],
    );
    rows += inserted.rowCount ?? 0;
  }
  return rows;
}
