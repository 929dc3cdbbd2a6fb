/**
 * Simulated data for the console's browser tests, made the way production makes it: the
 * warehouse simulator produces 14 days of back-dated history to the events topic (with
 * duplicates and malformed messages), a real ingest worker applies it (and keeps running, so
 * events produced during a test reach the stock), master data names warehouses, zones and
 * reorder points, and the daily jobs are backfilled (snapshots, forecasts, reorder, alerts).
 */
import { createLogger } from '../../src/logger.ts';
import { addDays, businessDayOf } from '../../src/domain/business-day.ts';
import { IngestWorker } from '../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../src/ingest/metrics.ts';
import { backfillDays } from '../../src/jobs/backfill-days.ts';
import { syncTimeZone } from '../../src/postgres/daily/sync-time-zone.ts';
import { runSimulation } from '../../src/simulate/run-simulation.ts';
import type { Services } from './services.ts';
import type { TestEnv } from './test-env.ts';
import { waitUntilApplied } from './pipeline-checks.ts';

export const HISTORY_DAYS = 14;

export interface SeededData {
  /** Stops the ingest worker. */
  stop(): Promise<void>;
}

/** Produces, ingests and backfills; resolves once everything produced is applied and the jobs ran. */
export async function seedConsoleData(t: TestEnv, services: Services, options: { count?: number; seed?: number } = {}): Promise<SeededData> {
  await runSimulation(t.config, {
    model: { seed: options.seed ?? 7, skus: 40, locations: 8, warehouses: 2, duplicateRate: 0.02, malformedRate: 0.01, lateRate: 0.02 },
    count: options.count ?? 4000,
    historyDays: HISTORY_DAYS,
    endMs: Date.now(),
  });
  const worker = new IngestWorker({
    config: t.config,
    pool: services.pool,
    cache: services.cache,
    metrics: createIngestMetrics(),
    logger: createLogger('warn', `${t.id}-ingest`),
  });
  const running = worker.run();
  await waitUntilApplied(t.config, services.pool, 120_000);
  // Master data: warehouse and zone from the simulator's location names (WH1-A-01), and a
  // reorder point per SKU so some cells are below it.
  await services.pool.query(
    `INSERT INTO location_master (location, name, warehouse, zone)
     SELECT DISTINCT location, location, split_part(location, '-', 1), split_part(location, '-', 2) FROM inventory_current
     ON CONFLICT (location) DO NOTHING`,
  );
  await services.pool.query(
    `INSERT INTO sku_master (sku, name, reorder_point, lead_time_days)
     SELECT DISTINCT sku, 'Item ' || sku, 20 + (abs(hashtext(sku)) % 60), 3 FROM inventory_current
     ON CONFLICT (sku) DO NOTHING`,
  );
  await syncTimeZone(services.pool, t.config.timeZone);
  const yesterday = addDays(businessDayOf(Date.now(), t.config.timeZone), -1);
  await backfillDays(
    { pool: services.pool, config: t.config, logger: createLogger('warn', `${t.id}-jobs`), workerId: 'console-test' },
    { from: addDays(yesterday, -(HISTORY_DAYS - 1)), to: yesterday },
  );
  return {
    async stop() {
      await worker.stop();
      await running;
    },
  };
}
