/**
 * Master data for enrichment (seed 001): SKUs and locations. Never required: an unknown SKU or
 * location still applies to stock, it just has no names.
 */
import type { LocationInfo, MasterData, SkuInfo } from '../domain/master-data.ts';
import type { Pool } from './pool.ts';

export async function loadMasterData(pool: Pool): Promise<MasterData> {
  const [skus, locations] = await Promise.all([
    pool.query<SkuInfo>('SELECT sku, name, category, lead_time_days, reorder_point, reorder_qty FROM sku_master'),
    pool.query<LocationInfo>('SELECT location, name, warehouse, zone FROM location_master'),
  ]);
  return { skus: new Map(skus.rows.map((r) => [r.sku, r])), locations: new Map(locations.rows.map((r) => [r.location, r])) };
}

export async function upsertSkus(pool: Pool, rows: readonly SkuInfo[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await pool.query(
    `INSERT INTO sku_master (sku, name, category, lead_time_days, reorder_point, reorder_qty)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[])
     ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category,
       lead_time_days = excluded.lead_time_days, reorder_point = excluded.reorder_point,
       reorder_qty = excluded.reorder_qty, updated_at = now()`,
    [
      rows.map((x) => x.sku),
      rows.map((x) => x.name),
      rows.map((x) => x.category),
      rows.map((x) => x.lead_time_days),
      rows.map((x) => x.reorder_point),
      rows.map((x) => x.reorder_qty),
    ],
  );
  return r.rowCount ?? 0;
}

export async function upsertLocations(pool: Pool, rows: readonly LocationInfo[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await pool.query(
    `INSERT INTO location_master (location, name, warehouse, zone)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (location) DO UPDATE SET name = excluded.name, warehouse = excluded.warehouse,
       zone = excluded.zone, updated_at = now()`,
    [rows.map((x) => x.location), rows.map((x) => x.name), rows.map((x) => x.warehouse), rows.map((x) => x.zone)],
  );
  return r.rowCount ?? 0;
}
