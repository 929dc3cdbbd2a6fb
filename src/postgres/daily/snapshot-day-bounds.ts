import type { Day, Queryable } from './queryable.ts';

/**
 * The oldest and newest business days with a snapshot (both null before the first one); two
 * index-only reads of the snapshot's primary key.
 *
 * @example
 * await snapshotDayBounds(pool) // { first: '2026-08-25', last: '2026-11-22' }
 */
export async function snapshotDayBounds(db: Queryable): Promise<{ first: Day | null; last: Day | null }> {
  const r = await db.query<{ first: string | null; last: string | null }>(
    'SELECT (SELECT min(date) FROM inventory_snapshot_daily)::text AS first, (SELECT max(date) FROM inventory_snapshot_daily)::text AS last',
  );
  return r.rows[0]!;
}
