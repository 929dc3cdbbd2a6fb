/**
 * A page of the rolling-origin backtest per series and method (`forecast_accuracy`) in
 * (sku, location, method) order after a keyset, with whether `auto` chose that method for the
 * series (`GET /v1/forecast-accuracy`).
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface AccuracyFilter {
  sku?: string;
  location?: string;
  method?: string;
}

export interface AccuracyRow {
  sku: string;
  location: string;
  method: string;
  origin_day: string;
  wape: number | null;
  mase: number | null;
  bias: number | null;
  points: number;
  origins: number;
  chosen_by_auto: boolean;
  computed_at: string;
}

/**
 * @example
 * await listForecastAccuracy(pool, { sku: 'SKU-1' }, { limit: 101 })
 */
export async function listForecastAccuracy(
  db: Queryable,
  filter: AccuracyFilter,
  page: { after?: readonly [string, string, string]; limit: number },
): Promise<AccuracyRow[]> {
  try {
    const { rows } = await db.query<AccuracyRow>(
      `SELECT a.sku, a.location, a.method, a.origin_day::text AS origin_day, a.wape::float8 AS wape, a.mase::float8 AS mase,
              a.bias::float8 AS bias, a.points, a.origins, c.method IS NOT NULL AS chosen_by_auto, ${isoUtc('a.computed_at')} AS computed_at
       FROM forecast_accuracy a
       LEFT JOIN forecast_method_choice c ON c.sku = a.sku AND c.location = a.location AND c.method = a.method
       WHERE ($1::text IS NULL OR (a.sku, a.location, a.method) > ($1::text, $2::text, $3::text))
         AND ($4::text IS NULL OR a.sku = $4)
         AND ($5::text IS NULL OR a.location = $5)
         AND ($6::text IS NULL OR a.method = $6)
       ORDER BY a.sku, a.location, a.method
       LIMIT $7`,
      [
        page.after?.[0] ?? null,
        page.after?.[1] ?? null,
        page.after?.[2] ?? null,
        filter.sku ?? null,
        filter.location ?? null,
        filter.method ?? null,
        page.limit,
      ],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing forecast accuracy');
  }
}
