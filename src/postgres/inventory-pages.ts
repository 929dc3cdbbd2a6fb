/** Reading `inventory_current` whole, in pages, for cache rebuilds and verification. */
import type { StockCell } from '../domain/changed-cell.ts';
import type { Pool } from './pool.ts';

const PAGE = 5000;

/** Pages through inventory_current in key order (keyset pagination, no OFFSET). */
export async function* inventoryPages(pool: Pool, pageSize = PAGE): AsyncGenerator<StockCell[]> {
  let after: [string, string] | undefined;
  for (;;) {
    const { rows } = await pool.query<StockCell>(
      after === undefined
        ? 'SELECT sku, location, qty_on_hand, version FROM inventory_current ORDER BY sku, location LIMIT $1'
        : 'SELECT sku, location, qty_on_hand, version FROM inventory_current WHERE (sku, location) > ($2, $3) ORDER BY sku, location LIMIT $1',
      after === undefined ? [pageSize] : [pageSize, after[0], after[1]],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ...r, version: Number(r.version) }));
    const last = rows[rows.length - 1]!;
    after = [last.sku, last.location];
    if (rows.length < pageSize) return;
  }
}
