/**
 * Master data for enrichment (seed 001): SKUs and locations. Never required: an unknown SKU or
 * location still applies to stock, it just has no names.
 */
export interface SkuInfo {
  sku: string;
  name: string | null;
  category: string | null;
  lead_time_days: number | null;
  reorder_point: number | null;
  reorder_qty: number | null;
}

export interface LocationInfo {
  location: string;
  name: string | null;
  warehouse: string | null;
  zone: string | null;
}

export interface MasterData {
  skus: Map<string, SkuInfo>;
  locations: Map<string, LocationInfo>;
}

export const EMPTY_MASTER_DATA: MasterData = { skus: new Map(), locations: new Map() };
