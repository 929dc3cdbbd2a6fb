import type { Day, Queryable } from './queryable.ts';

/**
 * Upserts the snapshot of business day `day` in `timeZone`: on-hand per cell at the end of the
 * day = the snapshot of the day before + the day's ledger rows by `event_ts` (a range read on
 * the ledger's `event_ts` index, so a day costs what happened on it). Without a snapshot of the
 * day before, it sums the whole ledger up to the end of the day. Cells without events on the day
 * keep their row (carried forward). Idempotent: running it again restates the day.
 * Returns the rows written.
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
     ON CONFLICT (date, sku, location) DO UPDATE SET qty_on_hand = excluded.qty_on_hand, computed_at = excluded.computed_at`,
    [day, timeZone, prev.rows[0]!.yes],
  );
  return r.rowCount ?? 0;
}
