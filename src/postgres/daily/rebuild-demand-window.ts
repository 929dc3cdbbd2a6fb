import type { Day, Queryable } from './queryable.ts';

/**
 * Rebuilds every cell's daily OUT window from the ledger: the `days` business days (in
 * `timeZone`) ending at `lastDay`, one row per cell with an OUT row among them. The state is
 * cleared first and set last, so a rebuild cut short leaves the window unreadable (the jobs then
 * read the ledger) and the next snapshot rebuilds it. Costs a scan of those days of the ledger:
 * only for the first snapshot, after a gap in the snapshots, or when the window's length changed.
 * Returns the cells written.
 *
 * @example
 * await rebuildDemandWindow(pool, '2026-11-22', 'Asia/Seoul', 98) // 100000
 */
export async function rebuildDemandWindow(db: Queryable, lastDay: Day, timeZone: string, days: number): Promise<number> {
  await db.query('UPDATE daily_demand_window_state SET valid_from = NULL');
  await db.query('DELETE FROM daily_demand_window');
  const r = await db.query(
    `WITH daily AS (
       SELECT sku, location, (event_ts AT TIME ZONE $2)::date - ($1::date - $3::int) AS k, sum(qty)::int AS q
       FROM rfid_events
       WHERE event_type = 'OUT' AND event_ts >= ($1::date - $3::int + 1)::timestamp AT TIME ZONE $2
         AND event_ts < ($1::date + 1)::timestamp AT TIME ZONE $2
       GROUP BY 1, 2, 3),
     cells AS (SELECT sku, location, array_agg(k) AS ks, array_agg(q) AS qs FROM daily GROUP BY 1, 2)
     INSERT INTO daily_demand_window (sku, location, last_day, out_qty)
     SELECT sku, location, $1::date,
       (SELECT array_agg(coalesce(d.q, 0) ORDER BY g.k) FROM generate_series(1, $3::int) g(k) LEFT JOIN unnest(ks, qs) d(k, q) ON d.k = g.k)
     FROM cells`,
    [lastDay, timeZone, days],
  );
  await db.query('UPDATE daily_demand_window_state SET valid_from = $1::date - $2::int + 1, days = $2', [lastDay, days]);
  return r.rowCount ?? 0;
}
