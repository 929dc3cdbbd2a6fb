import type { Day, Queryable } from '../daily/queryable.ts';

/**
 * Whether any forecast from origin `origin` is stored (one probe of the per-origin table's key).
 *
 * @example
 * await hasOriginForecasts(pool, '2026-11-23') // false
 */
export async function hasOriginForecasts(db: Queryable, origin: Day): Promise<boolean> {
  const r = await db.query<{ yes: boolean }>('SELECT EXISTS (SELECT 1 FROM forecast_origin_cells WHERE origin_day = $1) AS yes', [origin]);
  return r.rows[0]!.yes;
}
