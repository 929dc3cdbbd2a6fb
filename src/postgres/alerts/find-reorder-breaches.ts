import type { Queryable } from '../daily/queryable.ts';
import type { AlertCondition } from './alert-kinds.ts';

/**
 * From the newest day's reorder signals: cells whose current on-hand is below the reorder point,
 * and cells whose projected stockout date falls within `stockoutWithinDays` of today (business
 * day in `timeZone`). A delivery since the signal (current stock at or above the reorder point)
 * clears the first at once; the second clears with the next day's signal.
 *
 * @example
 * await findReorderBreaches(pool, { timeZone: 'UTC', stockoutWithinDays: 7 }) // { belowReorderPoint: [...], stockoutSoon: [...] }
 */
export async function findReorderBreaches(
  db: Queryable,
  options: { timeZone: string; stockoutWithinDays: number },
): Promise<{ belowReorderPoint: AlertCondition[]; stockoutSoon: AlertCondition[] }> {
  const r = await db.query<{ below: boolean; soon: boolean; subject: string; details: Record<string, unknown> }>(
    `SELECT coalesce(c.qty_on_hand, s.on_hand) < s.reorder_point AS below,
       s.stockout_date IS NOT NULL AND s.stockout_date <= (now() AT TIME ZONE $1)::date + $2::int AS soon,
       s.sku || '|' || s.location AS subject,
       jsonb_build_object('sku', s.sku, 'location', s.location, 'signal_day', s.day::text, 'qty_on_hand', coalesce(c.qty_on_hand, s.on_hand),
         'reorder_point', s.reorder_point, 'safety_stock', s.safety_stock, 'stockout_date', s.stockout_date::text, 'days_of_cover', s.days_of_cover) AS details
     FROM reorder_signals s LEFT JOIN inventory_current c USING (sku, location)
     WHERE s.day = (SELECT max(day) FROM reorder_signals)
       AND (coalesce(c.qty_on_hand, s.on_hand) < s.reorder_point OR s.stockout_date <= (now() AT TIME ZONE $1)::date + $2::int)`,
    [options.timeZone, options.stockoutWithinDays],
  );
  const strip = ({ subject, details }: { subject: string; details: Record<string, unknown> }): AlertCondition => ({ subject, details });
  return { belowReorderPoint: r.rows.filter((x) => x.below).map(strip), stockoutSoon: r.rows.filter((x) => x.soon).map(strip) };
}
