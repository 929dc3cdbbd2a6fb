import type { Day, Queryable } from './queryable.ts';

/**
 * Sets business day `day`'s OUT quantity in the window of every cell that shipped on it: a day
 * after the cell's last day moves its window forward (the days between shipped nothing); an
 * earlier day within the window (a restatement) overwrites its value. The value is the day's
 * whole sum from the ledger, so running it again changes nothing; a cell without OUT rows on the
 * day keeps its window (the ledger is append-only: a day's OUT sum never falls back to 0).
 * Returns the cells written.
 *
 * @example
 * await updateDemandWindow(pool, '2026-11-22', 'Asia/Seoul', 98) // 48211
 */
export async function updateDemandWindow(db: Queryable, day: Day, timeZone: string, days: number): Promise<number> {
  // Index `days` is the window's last day; day d sits at days − (last_day − d).
  const r = await db.query(
    `INSERT INTO daily_demand_window AS w (sku, location, last_day, out_qty)
     SELECT sku, location, $1::date, array_fill(0, ARRAY[$3::int - 1]) || sum(qty)::int
     FROM rfid_events
     WHERE event_type = 'OUT' AND event_ts >= $1::date::timestamp AT TIME ZONE $2 AND event_ts < ($1::date + 1)::timestamp AT TIME ZONE $2
     GROUP BY sku, location
     ON CONFLICT (sku, location) DO UPDATE SET
       out_qty = CASE
         WHEN excluded.last_day > w.last_day THEN
           (w.out_qty || array_fill(0, ARRAY[excluded.last_day - w.last_day - 1]) || excluded.out_qty[$3])
             [excluded.last_day - w.last_day + 1 : excluded.last_day - w.last_day + $3]
         WHEN w.last_day - excluded.last_day < $3 THEN
           w.out_qty[1 : $3 - 1 - (w.last_day - excluded.last_day)] || excluded.out_qty[$3]
             || w.out_qty[$3 + 1 - (w.last_day - excluded.last_day) : $3]
         ELSE w.out_qty END,
       last_day = greatest(w.last_day, excluded.last_day)`,
    [day, timeZone, days],
  );
  return r.rowCount ?? 0;
}
