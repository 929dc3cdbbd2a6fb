import type { Day, Queryable } from '../daily/queryable.ts';

export interface MethodChoice {
  sku: string;
  location: string;
  method: string;
  reason: string;
}

/**
 * Records the method `auto` stands for per series (latest origin wins). Returns rows written.
 *
 * @example
 * await writeMethodChoices(pool, '2026-11-22', [{ sku: 'A', location: 'L1', method: 'tsb', reason: 'lowest backtest WAPE …' }])
 */
export async function writeMethodChoices(db: Queryable, origin: Day, rows: readonly MethodChoice[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO forecast_method_choice AS c (sku, location, method, reason, origin_day, computed_at)
     SELECT s.sku, s.location, s.method, s.reason, $1::date, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(sku, location, method, reason)
     ON CONFLICT (sku, location) DO UPDATE
       SET method = excluded.method, reason = excluded.reason, origin_day = excluded.origin_day, computed_at = excluded.computed_at
       WHERE c.origin_day <= excluded.origin_day`,
    [origin, rows.map((x) => x.sku), rows.map((x) => x.location), rows.map((x) => x.method), rows.map((x) => x.reason)],
  );
  return r.rowCount ?? 0;
}
