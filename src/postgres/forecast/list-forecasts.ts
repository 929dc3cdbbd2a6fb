/**
 * A page of the latest forecast per day, cell and method (the seed's `shipment_forecast_daily`) in
 * (date, sku, location, method) order after a keyset, with optional filters (`GET /v1/forecasts`).
 * The view is two tables (migration 014), each read in that order and merged: the settled days from
 * their primary key or the (sku, location, date) index, the newest origins' days by walking the
 * days the arrays cover (`shipment_forecast_latest_days`) and, for each, the series in key order (a
 * page reads about `limit` rows per day instead of unnesting every series' array and sorting the
 * lot; on 200,000 series a page costs 1–4 ms, where bounds from an aggregate over the arrays cost
 * 430 ms, most of it JIT compilation the aggregate's estimated cost set off). The ORDER BY names columns,
 * not the output's text, which no index holds.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface ForecastFilter {
  sku?: string;
  location?: string;
  method?: string;
  /** Inclusive first day. */
  from?: string;
  /** Inclusive last day. */
  to?: string;
}

export interface ForecastRow {
  date: string;
  sku: string;
  location: string;
  method: string;
  forecast_qty: number;
  origin_day: string | null;
  computed_at: string;
}

/**
 * @example
 * await listForecasts(pool, { method: 'ses', from: '2026-11-23', to: '2026-11-29' }, { limit: 101 })
 */
export async function listForecasts(
  db: Queryable,
  filter: ForecastFilter,
  page: { after?: readonly [string, string, string, string]; limit: number },
): Promise<ForecastRow[]> {
  try {
    const { rows } = await db.query<ForecastRow>(
      `WITH page AS (
         (SELECT f.date, f.sku, f.location, f.method, f.forecast_qty, f.origin_day, f.computed_at
          FROM shipment_forecast_settled f
          WHERE ($1::date IS NULL OR (f.date, f.sku, f.location, f.method) > ($1::date, $2::text, $3::text, $4::text))
            AND ($5::text IS NULL OR f.sku = $5)
            AND ($6::text IS NULL OR f.location = $6)
            AND ($7::text IS NULL OR f.method = $7)
            AND ($8::date IS NULL OR f.date >= $8)
            AND ($9::date IS NULL OR f.date <= $9)
          ORDER BY f.date, f.sku, f.location, f.method
          LIMIT $10)
         UNION ALL
         (SELECT d.day, x.sku, x.location, x.method, x.forecast_qty, x.origin_day, x.computed_at
          FROM shipment_forecast_latest_days d
          CROSS JOIN LATERAL (
            SELECT l.sku, l.location, l.method, l.forecast_qty[d.day - l.origin_day] AS forecast_qty, l.origin_day, l.computed_at
            FROM shipment_forecast_latest l
            WHERE l.origin_day < d.day AND d.day <= l.origin_day + cardinality(l.forecast_qty)
              AND ($1::date IS NULL OR d.day > $1::date OR (l.sku, l.location, l.method) > ($2::text, $3::text, $4::text))
              AND ($5::text IS NULL OR l.sku = $5)
              AND ($6::text IS NULL OR l.location = $6)
              AND ($7::text IS NULL OR l.method = $7)
            ORDER BY l.sku, l.location, l.method
            LIMIT $10) x
          WHERE ($1::date IS NULL OR d.day >= $1::date) AND ($8::date IS NULL OR d.day >= $8::date) AND ($9::date IS NULL OR d.day <= $9::date)
          ORDER BY 1, 2, 3, 4
          LIMIT $10)
       )
       SELECT p.date::text AS date, p.sku, p.location, p.method, p.forecast_qty::float8 AS forecast_qty, p.origin_day::text AS origin_day,
              ${isoUtc('p.computed_at')} AS computed_at
       FROM page p
       ORDER BY p.date, p.sku, p.location, p.method
       LIMIT $10`,
      [
        page.after?.[0] ?? null,
        page.after?.[1] ?? null,
        page.after?.[2] ?? null,
        page.after?.[3] ?? null,
        filter.sku ?? null,
        filter.location ?? null,
        filter.method ?? null,
        filter.from ?? null,
        filter.to ?? null,
        page.limit,
      ],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing forecasts');
  }
}
