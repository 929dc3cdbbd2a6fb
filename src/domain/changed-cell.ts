/** A cell whose stock a committed batch changed: its new absolute quantity and version. */
export interface ChangedCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  /** `inventory_current.version` after the batch: Redis and the change feed never go back. */
  version: number;
  /** Net change this batch made. */
  delta: number;
  /** Ledger rows this batch added to the cell. */
  events: number;
  /** ISO-8601 time of the commit. */
  updated_at: string;
}
