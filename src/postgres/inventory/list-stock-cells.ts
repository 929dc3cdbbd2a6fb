/**
 * A page of `inventory_current` in (sku, location) order after a keyset, with optional filters;
 * master data (warehouse, zone, reorder point) joined beside each cell, null where unknown.
 * Absent filters are NULL parameters: node-postgres sends unnamed statements, which Postgres
 * plans with the actual values, so `$n IS NULL` folds away and the primary key serves the order.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';
import type { StockRow } from './read-stock-cell.ts';

export interface StockFilter {
  skuPrefix?: string;
  location?: string;
  warehouse?: string;
  zone?: string;
  /** Only cells below zero. */
  negative?: boolean;
  /** Only cells at or below their SKU's reorder point (`sku_master.reorder_point`). */
  belowReorder?: boolean;
}

export interface StockListRow extends StockRow {
  warehouse: string | null;
  zone: string | null;
  reorder_point: number | null;
}

export async function listStockCells(db: Queryable, filter: StockFilter, page: { after?: readonly [string, string]; limit: number }): Promise<StockListRow[]> {
  try {
    const { rows } = await db.query<StockListRow>(
      `SELECT c.sku, c.location, c.qty_on_hand, c.version, ${isoUtc('c.updated_at')} AS updated_at, ${isoUtc('c.last_event_ts')} AS last_event_ts,
              l.warehouse, l.zone, s.reorder_point
       FROM inventory_current c
       LEFT JOIN location_master l ON l.location = c.location
       LEFT JOIN sku_master s ON s.sku = c.sku
       WHERE ($1::text IS NULL OR (c.sku, c.location) > ($1, $2::text))
         AND ($3::text IS NULL OR starts_with(c.sku, $3))
         AND ($4::text IS NULL OR c.location = $4)
         AND ($5::text IS NULL OR l.warehouse = $5)
         AND ($6::text IS NULL OR l.zone = $6)
         AND (NOT $7::boolean OR c.qty_on_hand < 0)
         AND (NOT $8::boolean OR c.qty_on_hand <= s.reorder_point)
       ORDER BY c.sku, c.location
       LIMIT $9`,
      [
        page.after?.[0] ?? null,
        page.after?.[1] ?? null,
        filter.skuPrefix ?? null,
        filter.location ?? null,
        filter.warehouse ?? null,
        filter.zone ?? null,
        filter.negative === true,
        filter.belowReorder === true,
        page.limit,
      ],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing stock');
  }
}
