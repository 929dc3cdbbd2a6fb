/** A page of the SKUs that have a cell at a location, in SKU order after a keyset (for as-of by location). */
import { postgresError } from '../postgres-error.ts';
import type { Queryable } from '../queryable.ts';

export async function listLocationSkus(db: Queryable, location: string, page: { after?: string; skuPrefix?: string; limit: number }): Promise<string[]> {
  try {
    const { rows } = await db.query<{ sku: string }>(
      `SELECT sku FROM inventory_current
       WHERE location = $1 AND ($2::text IS NULL OR sku > $2) AND ($3::text IS NULL OR starts_with(sku, $3))
       ORDER BY sku LIMIT $4`,
      [location, page.after ?? null, page.skuPrefix ?? null, page.limit],
    );
    return rows.map((r) => r.sku);
  } catch (error) {
    throw postgresError(error, 'listing the SKUs of a location');
  }
}
