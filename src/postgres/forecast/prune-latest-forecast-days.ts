import { withTransaction } from '../transaction.ts';
import type { Pool } from '../pool.ts';

/**
 * Removes from `shipment_forecast_latest_days` the days no series' array covers any more (the
 * arrays moved on to a newer origin), after a forecast run. The table lock waits for page writes in
 * flight and holds new ones back for the few milliseconds this takes, so a day a concurrent run is
 * adding is never removed. Returns days removed.
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
