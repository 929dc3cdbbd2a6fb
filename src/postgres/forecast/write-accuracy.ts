import type { Accuracy } from '../../domain/forecast/accuracy.ts';
import type { Day, Queryable } from '../daily/queryable.ts';

export interface SeriesAccuracy {
  sku: string;
  location: string;
  method: string;
  accuracy: Accuracy;
  origins: number;
}

/**
 * Upserts the backtest of origin `origin` per series and method into `forecast_accuracy` (the
 * latest origin's backtest; an older origin re-run never overwrites a newer one). Returns rows written.
 *
 * @example
 * await writeAccuracy(pool, '2026-11-22', [{ sku: 'A', location: 'L1', method: 'ses', accuracy: { wape: 0.4, mase: 0.9, bias: -0.1, points: 49 }, origins: 4 }])
 */
export async function writeAccuracy(db: Queryable, origin: Day, rows: readonly SeriesAccuracy[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO forecast_accuracy AS a (sku, location, method, origin_day, wape, mase, bias, points, origins, computed_at)
     SELECT s.sku, s.location, s.method, $1::date, s.wape, s.mase, s.bias, s.points, s.origins, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::int[], $9::int[])
       AS s(sku, location, method, wape, mase, bias, points, origins)
     ON CONFLICT (sku, location, method) DO UPDATE
       SET origin_day = excluded.origin_day, wape = excluded.wape, mase = excluded.mase, bias = excluded.bias,
           points = excluded.points, origins = excluded.origins, computed_at = excluded.computed_at
       WHERE a.origin_day <= excluded.origin_day`,
    [
      origin,
      rows.map((x) => x.sku),
      rows.map((x) => x.location),
      rows.map((x) => x.method),
      rows.map((x) => finite(x.accuracy.wape)),
      rows.map((x) => finite(x.accuracy.mase)),
      rows.map((x) => finite(x.accuracy.bias)),
      rows.map((x) => x.accuracy.points),
      rows.map((x) => x.origins),
    ],
  );
  return r.rowCount ?? 0;
}

/** numeric has no infinity before Postgres 14's limits matter to a reader: an undefined ratio is null. */
function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
