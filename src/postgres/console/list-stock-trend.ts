/**
 * Stock history for the console's Trends page (`GET /v1/trends`): per business day, the sum of
 * the end-of-day snapshots (`inventory_snapshot_daily`) over the cells that match a SKU, a
 * location and/or a warehouse (`location_master.warehouse`), oldest day first.
 */
import { postgresError } from '../postgres-error.ts';
import type { Queryable } from '../queryable.ts';

export interface StockTrendFilter {
  sku?: string;
  location?: string;
  warehouse?: string;
  /** Inclusive first day, YYYY-MM-DD. */
  from: string;
  /** Inclusive last day. */
  to: string;
}

export interface StockTrendRow {
  date: string;
  qty_on_hand: number;
  cells: number;
}

/**
 * @example
 * await listStockTrend(pool, { warehouse: 'W1', from: '2026-11-01', to: '2026-11-22' })
 */
export async function listStockTrend(db: Queryable, filter: StockTrendFilter): Promise<StockTrendRow[]> {
  try {
    // With a SKU: its cells' snapshots (the (date, sku, location) key serves the range). Without
    // one: the per-location day totals (migration 012), a few hundred rows instead of millions.
    const sql = filter.sku
      ? `SELECT s.date::text AS date, sum(s.qty_on_hand) AS qty_on_hand, count(*) AS cells
         FROM inventory_snapshot_daily s
         LEFT JOIN location_master l ON l.location = s.location
         WHERE s.date BETWEEN $1::date AND $2::date
           AND s.sku = $3
           AND ($4::text IS NULL OR s.location = $4)
           AND ($5::text IS NULL OR l.warehouse = $5)
         GROUP BY s.date
         ORDER BY s.date`
      : `SELECT t.date::text AS date, sum(t.qty_on_hand) AS qty_on_hand, sum(t.cells) AS cells
         FROM inventory_snapshot_location_daily t
         LEFT JOIN location_master l ON l.location = t.location
         WHERE t.date BETWEEN $1::date AND $2::date
           AND $3::text IS NULL
           AND ($4::text IS NULL OR t.location = $4)
           AND ($5::text IS NULL OR l.warehouse = $5)
         GROUP BY t.date
         ORDER BY t.date`;
    const { rows } = await db.query<{ date: string; qty_on_hand: string; cells: string }>(sql, [
      filter.from,
      filter.to,
      filter.sku ?? null,
      filter.location ?? null,
      filter.warehouse ?? null,
    ]);
    return rows.map((r) => ({ date: r.date, qty_on_hand: Number(r.qty_on_hand), cells: Number(r.cells) }));
  } catch (error) {
    throw postgresError(error, 'reading the stock trend');
  }
}
