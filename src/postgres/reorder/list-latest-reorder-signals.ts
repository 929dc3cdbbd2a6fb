/**
 * A page of the newest reorder signal of each cell (its latest `day`, cells may differ) in
 * (sku, location) order after a keyset (`GET /v1/reorder`).
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface ReorderFilter {
  sku?: string;
  location?: string;
  /** Only cells whose latest signal is below its reorder point. */
  belowReorder?: boolean;
}

export interface ReorderRow {
  day: string;
  sku: string;
  location: string;
  on_hand: number;
  mean_daily: number;
  sd_daily: number;
  lead_time_days: number;
  service_level: number;
  z: number;
  safety_stock: number;
  reorder_point: number;
  days_of_cover: number | null;
  stockout_date: string | null;
  below_reorder_point: boolean;
  computed_at: string;
}

/**
 * @example
 * await listLatestReorderSignals(pool, { belowReorder: true }, { limit: 101 })
 */
export async function listLatestReorderSignals(
  db: Queryable,
  filter: ReorderFilter,
  page: { after?: readonly [string, string]; limit: number },
): Promise<ReorderRow[]> {
  try {
    const { rows } = await db.query<ReorderRow>(
      `SELECT day::text AS day, sku, location, on_hand, mean_daily::float8 AS mean_daily, sd_daily::float8 AS sd_daily, lead_time_days,
              service_level::float8 AS service_level, z::float8 AS z, safety_stock::float8 AS safety_stock,
              reorder_point::float8 AS reorder_point, days_of_cover::float8 AS days_of_cover, stockout_date::text AS stockout_date,
              below_reorder_point, ${isoUtc('computed_at')} AS computed_at
       FROM (SELECT DISTINCT ON (sku, location) * FROM reorder_signals
             WHERE ($1::text IS NULL OR (sku, location) > ($1::text, $2::text))
               AND ($3::text IS NULL OR sku = $3)
               AND ($4::text IS NULL OR location = $4)
             ORDER BY sku, location, day DESC) latest
       WHERE NOT $5::boolean OR below_reorder_point
       ORDER BY sku, location
       LIMIT $6`,
      [page.after?.[0] ?? null, page.after?.[1] ?? null, filter.sku ?? null, filter.location ?? null, filter.belowReorder === true, page.limit],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing reorder signals');
  }
}
