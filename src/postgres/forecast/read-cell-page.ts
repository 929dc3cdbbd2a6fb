import type { Day, Queryable } from '../daily/queryable.ts';

export interface SnapshotCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  lead_time_days: number | null;
}

/**
 * One page of the cells in day `day`'s snapshot (every cell with a ledger event by the end of the
 * day), in key order after `after`, with its on-hand and master-data lead time. Keyset paging on
 * the snapshot's primary key: each page costs the same however deep.
 *
 * @example
 * await readCellPage(pool, '2026-11-22', null, 5000) // [{ sku: 'A', location: 'L1', qty_on_hand: 7, lead_time_days: 3 }, …]
 */
export async function readCellPage(db: Queryable, day: Day, after: { sku: string; location: string } | null, limit: number): Promise<SnapshotCell[]> {
  const r = await db.query<SnapshotCell>(
    `SELECT s.sku, s.location, s.qty_on_hand, m.lead_time_days
     FROM inventory_snapshot_daily s LEFT JOIN sku_master m USING (sku)
     WHERE s.date = $1 AND ($2::text IS NULL OR (s.sku, s.location) > ($2, $3))
     ORDER BY s.sku, s.location LIMIT $4`,
    [day, after?.sku ?? null, after?.location ?? null, limit],
  );
  return r.rows;
}
