/**
 * A page of the rolling-origin backtest per series and method (the `forecast_accuracy` view's
 * rows, read from its table `forecast_backtest_cells`) in (sku, location, method) order after a
 * keyset, with whether `auto` chose that method for the series (`GET /v1/forecast-accuracy`).
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
    // Keyset on the cells' primary key, then the methods of the cells in reach: a page costs
    // what it shows however deep it is. Each row holds its methods sorted by name (the writer's
    // order), so the sort by method is one small incremental sort per cell.
    const { rows } = await db.query<AccuracyRow>(
      `SELECT b.sku, b.location, m.method, b.origin_day::text AS origin_day, m.wape, m.mase,
              m.bias, m.points, m.origins, coalesce(m.method = b.auto_method, false) AS chosen_by_auto,
              ${isoUtc('b.computed_at')} AS computed_at
       FROM forecast_backtest_cells b
       CROSS JOIN LATERAL unnest(b.methods, b.wape, b.mase, b.bias, b.points, b.origins) AS m(method, wape, mase, bias, points, origins)
       WHERE ($1::text IS NULL OR (b.sku, b.location) >= ($1::text, $2::text))
         AND ($1::text IS NULL OR (b.sku, b.location, m.method) > ($1::text, $2::text, $3::text))
         AND ($4::text IS NULL OR b.sku = $4)
         AND ($5::text IS NULL OR b.location = $5)
         AND ($6::text IS NULL OR m.method = $6)
       ORDER BY b.sku, b.location, m.method
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
