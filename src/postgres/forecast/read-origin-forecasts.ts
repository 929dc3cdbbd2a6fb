import type { Day, Queryable } from '../daily/queryable.ts';

/**
 * What origin `origin` forecast with `method` for each of the given cells (null where it made
 * none), in the cells' order.
 *
 * @example
 * await readOriginForecasts(pool, '2026-11-22', 'auto', [{ sku: 'A', location: 'L1' }]) // [[0.43, 0.43, …]]
 */
export async function readOriginForecasts(
  db: Queryable,
  origin: Day,
  method: string,
  cells: ReadonlyArray<{ sku: string; location: string }>,
): Promise<Array<number[] | null>> {
  const out: Array<number[] | null> = cells.map(() => null);
  if (cells.length === 0) return out;
  const r = await db.query<{ i: number; qty: string[] }>(
    `SELECT c.i::int AS i, f.forecast_qty::text[] AS qty
     FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS c(sku, location, i)
     JOIN shipment_forecast_by_origin f ON f.origin_day = $1 AND f.method = $2 AND f.sku = c.sku AND f.location = c.location`,
    [origin, method, cells.map((c) => c.sku), cells.map((c) => c.location)],
  );
  for (const row of r.rows) out[row.i - 1] = row.qty.map(Number);
  return out;
}
