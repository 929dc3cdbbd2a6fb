import type { Day, Queryable } from '../daily/queryable.ts';
export interface DemandCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  lead_time_days: number | null;
  /** The cell's daily OUT window (`daily_demand_window.out_qty` as text, `{0,3,…}`), null when it has none. */
  window: string | null;
  /** The window's last day − `day` (negative when the cell last shipped before it). */
  lag: number | null;
  /** What the origin `day` forecast for the cell with the method asked for (numeric[] as text), null when none. */
  forecast: string | null;
}

/**
 * One page of the cells in day `day`'s snapshot (every cell with a ledger event by the end of the
 * day) in key order after `after` (keyset paging on the snapshot's primary key: each page costs
 * the same however deep), each with its
 * on-hand, master-data lead time, daily OUT window and, when `forecastMethod` is given, the
 * origin's forecast with that method: what a forecast or reorder job needs for a page, in one
 * round trip (index probes on the window's and the per-origin table's keys). The forecast is a
 * subquery per cell, not a join: right after a day's run, before autovacuum has analyzed the
 * per-origin table, the planner joined by scanning the origin's rows (700,000 then, one per
 * method) once per cell (a 100,000-cell reorder job that did not finish in minutes). It is the
 * method's run of the cell's row, one value per lead (null when the row lacks the method), cast
 * to numeric as the `shipment_forecast_by_origin` view shows it. Arrays come as text: the caller
 * parses only what it uses.
 *
 * @example
 * await readDemandPage(pool, '2026-11-22', null, 5000, 'auto')
 */
export async function readDemandPage(
  db: Queryable,
  day: Day,
  after: { sku: string; location: string } | null,
  limit: number,
  forecastMethod: string | null = null,
): Promise<DemandCell[]> {
  const r = await db.query<DemandCell>(
    `SELECT s.sku, s.location, s.qty_on_hand, m.lead_time_days, (w.last_day - $1::date) AS lag, w.out_qty::text AS window,
            (SELECT forecast_origin_series(f.forecast_qty, f.starts, f.horizon, array_position(f.methods, $5))::numeric[]::text
             FROM forecast_origin_cells f
             WHERE $5::text IS NOT NULL AND f.origin_day = $1 AND f.sku = s.sku AND f.location = s.location) AS forecast
     FROM inventory_snapshot_daily s
     LEFT JOIN sku_master m USING (sku)
     LEFT JOIN daily_demand_window w ON w.sku = s.sku AND w.location = s.location
     WHERE s.date = $1 AND ($2::text IS NULL OR (s.sku, s.location) > ($2, $3))
     ORDER BY s.sku, s.location LIMIT $4`,
    [day, after?.sku ?? null, after?.location ?? null, limit, forecastMethod],
  );
  return r.rows;
}
