import type { Queryable } from './queryable.ts';
import type { DirtyDay } from './read-dirty-days.ts';

/**
 * Removes the dirty-day marks a restatement handled, but only where the mark is still the one
 * read: a day marked again meanwhile (a late event committed during the restatement) stays for
 * the next run. Returns how many it removed.
 *
 * @example
 * await clearDirtyDays(pool, await readDirtyDays(pool)) // 1
 */
export async function clearDirtyDays(db: Queryable, handled: readonly DirtyDay[]): Promise<number> {
  if (handled.length === 0) return 0;
  const r = await db.query(
    `DELETE FROM daily_dirty_days d USING unnest($1::date[], $2::bigint[]) AS h(day, mark)
     WHERE d.day = h.day AND d.mark = h.mark`,
    [handled.map((d) => d.day), handled.map((d) => d.mark)],
  );
  return r.rowCount ?? 0;
}
