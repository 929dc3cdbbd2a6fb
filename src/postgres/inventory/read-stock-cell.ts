/** One cell of `inventory_current`, or undefined when no event ever touched it. */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface StockRow {
  sku: string;
  location: string;
  qty_on_hand: number;
  version: number;
  updated_at: string;
  last_event_ts: string | null;
}

export async function readStockCell(db: Queryable, sku: string, location: string): Promise<StockRow | undefined> {
  try {
    const { rows } = await db.query<StockRow>(
      `SELECT sku, location, qty_on_hand, version, ${isoUtc('updated_at')} AS updated_at, ${isoUtc('last_event_ts')} AS last_event_ts
       FROM inventory_current WHERE sku = $1 AND location = $2`,
      [sku, location],
    );
    return rows[0];
  } catch (error) {
    throw postgresError(error, 'reading a stock cell');
  }
}
