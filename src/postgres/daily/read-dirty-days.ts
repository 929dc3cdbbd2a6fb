import type { Day, Queryable } from './queryable.ts';

export interface DirtyDay {
  day: Day;
  mark: number;
}

/**
 * The business days late events touched and nobody has restated yet, oldest first, each with
 * the mark it had when read (pass them back to `clearDirtyDays`).
 *
 * @example
 * await readDirtyDays(pool) // [{ day: '2026-11-20', mark: 7 }]
 */
export async function readDirtyDays(db: Queryable): Promise<DirtyDay[]> {
  const r = await db.query<DirtyDay>('SELECT day::text AS day, mark FROM daily_dirty_days ORDER BY day');
  return r.rows;
}
