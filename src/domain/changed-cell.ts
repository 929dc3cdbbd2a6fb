/** The stock of one cell at one version of `inventory_current`: what Redis caches. */
export interface StockCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  /** `inventory_current.version`: Redis and the change feed never go back to a lower one. */
  version: number;
}

/** A cell whose stock a committed batch changed: its new absolute quantity and version. */
export interface ChangedCell extends StockCell {
  /** Net change this batch made. */
  delta: number;
  /** Ledger rows this batch added to the cell. */
  events: number;
  /** ISO-8601 time of the commit. */
  updated_at: string;
}
