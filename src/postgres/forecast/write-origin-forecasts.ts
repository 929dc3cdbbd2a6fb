import type { Day, Queryable } from '../daily/queryable.ts';
import { forecastColumns, type SeriesForecast } from './forecast-rows.ts';

/**
 * Upserts what origin `origin` forecast per series and method into `shipment_forecast_by_origin`
 * (`forecast_qty[k]` = the forecast for origin + k), for forecast-vs-actual at a fixed lead.
 * Returns rows written.
 *
 * @example
 * await writeOriginForecasts(pool, '2026-11-22', [{ sku: 'A', location: 'L1', method: 'tsb', qty: Array(14).fill(0.43) }])
 */
export async function writeOriginForecasts(db: Queryable, origin: Day, rows: readonly SeriesForecast[]): Promise<number> {
  if (rows.length === 0) return 0;
  const c = forecastColumns(rows);
  const r = await db.query(
    `INSERT INTO shipment_forecast_by_origin AS f (origin_day, sku, location, method, forecast_qty, computed_at)
     SELECT $1::date, s.sku, s.location, s.method, s.qty::numeric[], now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(sku, location, method, qty)
     ON CONFLICT (origin_day, sku, location, method) DO UPDATE
       SET forecast_qty = excluded.forecast_qty, computed_at = excluded.computed_at`,
    [origin, c.skus, c.locations, c.methods, c.qty],
  );
  return r.rowCount ?? 0;
}
