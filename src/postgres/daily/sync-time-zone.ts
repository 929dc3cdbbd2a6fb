import type { Queryable } from './queryable.ts';

/**
 * Makes `daily_settings.time_zone` (what the late-event trigger cuts days in) equal to the
 * configured zone. When it changes, every snapshotted day was cut in the old zone: the earliest
 * one is marked dirty, so the scheduler restates all of them in the new zone.
 *
 * @example
 * await syncTimeZone(pool, 'Asia/Seoul') // { previous: 'UTC', changed: true }
 */
export async function syncTimeZone(db: Queryable, timeZone: string): Promise<{ previous: string; changed: boolean }> {
  const r = await db.query<{ previous: string; changed: boolean }>(
    `WITH old AS (SELECT time_zone FROM daily_settings FOR UPDATE),
     upd AS (UPDATE daily_settings SET time_zone = $1, updated_at = now() WHERE time_zone IS DISTINCT FROM $1 RETURNING 1),
     mark AS (
       INSERT INTO daily_dirty_days (day)
       SELECT min(date) FROM inventory_snapshot_daily WHERE EXISTS (SELECT 1 FROM upd) HAVING min(date) IS NOT NULL
       ON CONFLICT (day) DO UPDATE SET mark = nextval('daily_dirty_days_mark_seq'), marked_at = now())
     SELECT (SELECT time_zone FROM old) AS previous, EXISTS (SELECT 1 FROM upd) AS changed`,
    [timeZone],
  );
  return r.rows[0]!;
}
