import type { Day, Queryable } from '../daily/queryable.ts';
import { forecastColumns, type SeriesForecast } from './forecast-rows.ts';

/**
 * Upserts the seed's `shipment_forecast_daily` (date, sku, location, method) from origin `origin`:
 * one row per series and forecast day origin+1..origin+horizon. A row made by a newer origin is
 * kept (the table holds the latest forecast made for each day), so re-running an old origin never
 * undoes a newer forecast. Returns rows written.
 *
 * @example
 * await writeLatestForecasts(pool, '2026-11-22', [{ sku: 'A', location: 'L1', method: 'ma7', qty: Array(14).fill(0.4286) }])
 */
export async function writeLatestForecasts(db: Queryable, origin: Day, rows: readonly SeriesForecast[]): Promise<number> {
  if (rows.length === 0) return 0;
  const c = forecastColumns(rows);
  const r = await db.query(
    `INSERT INTO shipment_forecast_daily AS f (date, sku, location, method, forecast_qty, origin_day, computed_at)
     SELECT $1::date + q.k::int, s.sku, s.location, s.method, q.v, $1::date, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(sku, location, method, qty),
       unnest(s.qty::numeric[]) WITH ORDINALITY AS q(v, k)
     ON CONFLICT (date, sku, location, method) DO UPDATE
       SET forecast_qty = excluded.forecast_qty, origin_day = excluded.origin_day, computed_at = excluded.computed_at
       WHERE f.origin_day IS NULL OR f.origin_day <= excluded.origin_day`,
    [origin, c.skus, c.locations, c.methods, c.qty],
  );
  return r.rowCount ?? 0;
}
