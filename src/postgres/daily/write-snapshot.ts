import { DEMAND_WINDOW_DAYS } from '../../domain/forecast/demand-window.ts';
import type { Day, Queryable } from './queryable.ts';
import { readDemandWindowState } from './read-demand-window-state.ts';
import { rebuildDemandWindow } from './rebuild-demand-window.ts';
import { updateDemandWindow } from './update-demand-window.ts';

/**
 * Upserts the snapshot of business day `day` in `timeZone`: on-hand per cell at the end of the
 * day = the snapshot of the day before + the day's ledger rows by `event_ts` (a range read on
 * the ledger's `event_ts` index, so a day costs what happened on it). Without a snapshot of the
 * day before, it sums the whole ledger up to the end of the day. Cells without events on the day
 * keep their row (carried forward). Idempotent: running it again restates the day, rewriting only
 * the rows whose quantity changed (a late event changes a few cells of a restated day; rewriting
 * all 100,000 rows took 3.0 s a day against 1.8 s for the day's first run), so `computed_at` is
 * when the row's quantity was last written.
 * Also keeps each cell's daily OUT window (`daily_demand_window`, what the forecast and reorder
 * jobs read): the day's value for the cells that shipped on it, or, without a snapshot of the
 * day before or a complete window, a rebuild from the ledger up to the newest snapshot.
 * Returns the snapshot rows written.
 *
 * @example
 * await writeSnapshot(pool, '2026-03-08', 'America/New_York') // 1234
 */
export async function writeSnapshot(db: Queryable, day: Day, timeZone: string): Promise<number> {
  const prev = await db.query<{ yes: boolean }>('SELECT EXISTS (SELECT 1 FROM inventory_snapshot_daily WHERE date = $1::date - 1) AS yes', [day]);
  const r = await db.query(
    `WITH moves AS (
       SELECT sku, location, sum(CASE event_type WHEN 'OUT' THEN -qty ELSE qty END)::int AS delta
       FROM rfid_events
       WHERE event_ts >= CASE WHEN $3 THEN $1::date::timestamp AT TIME ZONE $2 ELSE '-infinity'::timestamptz END
         AND event_ts < ($1::date + 1)::timestamp AT TIME ZONE $2
       GROUP BY sku, location),
     prev AS (SELECT sku, location, qty_on_hand FROM inventory_snapshot_daily WHERE date = $1::date - 1)
     INSERT INTO inventory_snapshot_daily AS s (date, sku, location, qty_on_hand, computed_at)
     SELECT $1::date, sku, location, coalesce(prev.qty_on_hand, 0) + coalesce(moves.delta, 0), now()
     FROM prev FULL JOIN moves USING (sku, location)
     ON CONFLICT (date, sku, location) DO UPDATE SET qty_on_hand = excluded.qty_on_hand, computed_at = excluded.computed_at
       WHERE s.qty_on_hand <> excluded.qty_on_hand`,
    [day, timeZone, prev.rows[0]!.yes],
  );
  const window = await readDemandWindowState(db);
  if (prev.rows[0]!.yes && window.validFrom !== null && window.days === DEMAND_WINDOW_DAYS) {
    await updateDemandWindow(db, day, timeZone, DEMAND_WINDOW_DAYS);
  } else {
    // Up to the newest snapshot, not just this day: the days after it keep their values.
    const newest = await db.query<{ day: string | null }>('SELECT max(date)::text AS day FROM inventory_snapshot_daily');
    const last = newest.rows[0]!.day;
    if (last !== null) await rebuildDemandWindow(db, last, timeZone, DEMAND_WINDOW_DAYS);
  }
  return r.rowCount ?? 0;
}
