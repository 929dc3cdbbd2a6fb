/**
 * A page of the latest forecast per day, cell and method (`shipment_forecast_daily`) in
 * (date, sku, location, method) order after a keyset, with optional filters (`GET /v1/forecasts`).
 * The ORDER BY names the table's columns (a bare `date` is the output's text, which no index
 * holds); a cell's rows come from the (sku, location, date) index of migration 013.
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
      `SELECT date::text AS date, sku, location, method, forecast_qty::float8 AS forecast_qty, origin_day::text AS origin_day,
              ${isoUtc('computed_at')} AS computed_at
       FROM shipment_forecast_daily f
       WHERE ($1::date IS NULL OR (date, sku, location, method) > ($1::date, $2::text, $3::text, $4::text))
         AND ($5::text IS NULL OR sku = $5)
         AND ($6::text IS NULL OR location = $6)
         AND ($7::text IS NULL OR method = $7)
         AND ($8::date IS NULL OR date >= $8)
         AND ($9::date IS NULL OR date <= $9)
       ORDER BY f.date, f.sku, f.location, f.method
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
