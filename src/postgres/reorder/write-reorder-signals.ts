import type { ReorderSignal } from '../../domain/reorder.ts';
import type { Day, Queryable } from '../daily/queryable.ts';

export interface CellSignal {
  sku: string;
  location: string;
  onHand: number;
  leadTimeDays: number;
  signal: ReorderSignal;
}

/**
 * Upserts the reorder signals of business day `day` (one row per cell). Returns rows written.
 *
 * @example
 * await writeReorderSignals(pool, '2026-11-22', 0.95, [{ sku: 'A', location: 'L1', onHand: 20, leadTimeDays: 4, signal }])
 */
export async function writeReorderSignals(db: Queryable, day: Day, serviceLevel: number, rows: readonly CellSignal[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  const r = await db.query(
    `INSERT INTO reorder_signals AS r (day, sku, location, on_hand, mean_daily, sd_daily, lead_time_days, service_level, z,
       safety_stock, reorder_point, days_of_cover, stockout_date, below_reorder_point, computed_at)
     SELECT $1::date, s.sku, s.location, s.on_hand, s.mean_daily, s.sd_daily, s.lead_time_days, $2, s.z,
       s.safety_stock, s.reorder_point, s.days_of_cover, s.stockout_date, s.below, now()
     FROM unnest($3::text[], $4::text[], $5::int[], $6::numeric[], $7::numeric[], $8::int[], $9::numeric[], $10::numeric[],
       $11::numeric[], $12::numeric[], $13::date[], $14::boolean[])
       AS s(sku, location, on_hand, mean_daily, sd_daily, lead_time_days, z, safety_stock, reorder_point, days_of_cover, stockout_date, below)
     ON CONFLICT (day, sku, location) DO UPDATE SET on_hand = excluded.on_hand, mean_daily = excluded.mean_daily,
       sd_daily = excluded.sd_daily, lead_time_days = excluded.lead_time_days, service_level = excluded.service_level, z = excluded.z,
       safety_stock = excluded.safety_stock, reorder_point = excluded.reorder_point, days_of_cover = excluded.days_of_cover,
       stockout_date = excluded.stockout_date, below_reorder_point = excluded.below_reorder_point, computed_at = excluded.computed_at`,
    [
      day,
      serviceLevel,
      rows.map((x) => x.sku),
      rows.map((x) => x.location),
      rows.map((x) => x.onHand),
      rows.map((x) => r4(x.signal.meanDaily)),
      rows.map((x) => r4(x.signal.sdDaily)),
      rows.map((x) => x.leadTimeDays),
      rows.map((x) => r4(x.signal.z)),
      rows.map((x) => r4(x.signal.safetyStock)),
      rows.map((x) => r4(x.signal.reorderPoint)),
      rows.map((x) => (x.signal.daysOfCover === null ? null : r4(x.signal.daysOfCover))),
      rows.map((x) => x.signal.stockoutDate),
      rows.map((x) => x.signal.belowReorderPoint),
    ],
  );
  return r.rowCount ?? 0;
}
