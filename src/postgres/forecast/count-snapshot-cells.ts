import type { Day, Queryable } from '../daily/queryable.ts';

/**
 * How many cells day `day`'s snapshot has (the total of a job's progress bar).
 *
 * @example
 * await countSnapshotCells(pool, '2026-11-22') // 100000
 */
export async function countSnapshotCells(db: Queryable, day: Day): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory_snapshot_daily WHERE date = $1', [day]);
  return r.rows[0]!.n;
}
