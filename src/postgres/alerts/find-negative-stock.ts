import type { Queryable } from '../daily/queryable.ts';
import type { AlertCondition } from './alert-kinds.ts';

/**
 * Cells whose current on-hand is below zero (missed reads; DESIGN.md §4: never clamped, alerted).
 *
 * @example
 * await findNegativeStock(pool) // [{ subject: 'A|L1', details: { sku: 'A', location: 'L1', qty_on_hand: -2 } }]
 */
export async function findNegativeStock(db: Queryable): Promise<AlertCondition[]> {
  const r = await db.query<AlertCondition>(
    `SELECT sku || '|' || location AS subject, jsonb_build_object('sku', sku, 'location', location, 'qty_on_hand', qty_on_hand) AS details
     FROM inventory_current WHERE qty_on_hand < 0`,
  );
  return r.rows;
}
