import type { Day, Queryable } from '../daily/queryable.ts';

/**
 * Whether any forecast from origin `origin` is stored (one probe of the per-origin table's key).
 * The origin's first key in key order rather than EXISTS: on 3 origins × 100,000 cells the planner
 * answered EXISTS with a sequential scan, expecting to meet one of the origin's rows at once, but
 * they sit together where they were inserted, possibly behind every other origin's.
 *
 * @example
 * await hasOriginForecasts(pool, '2026-11-23') // false
 */
export async function hasOriginForecasts(db: Queryable, origin: Day): Promise<boolean> {
  const r = await db.query<{ yes: boolean }>(
    `SELECT (SELECT sku FROM forecast_origin_cells WHERE origin_day = $1 ORDER BY origin_day, sku, location LIMIT 1) IS NOT NULL AS yes`,
    [origin],
  );
  return r.rows[0]!.yes;
}
