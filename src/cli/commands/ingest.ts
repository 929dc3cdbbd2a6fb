import type { Command } from 'commander';
import { IngestWorker } from '../../ingest/worker.ts';
import { createIngestMetrics } from '../../ingest/metrics.ts';
import { createPool } from '../../postgres/pool.ts';
import { pendingMigrations } from '../../postgres/migrate.ts';
import { createRedis } from '../../redis/client.ts';
import { InventoryCache } from '../../redis/inventory-cache.ts';
import { startMetricsServer } from '../../http/metrics-server.ts';
import { RfidError } from '../../errors.ts';
import { cliContext, untilSignal } from '../context.ts';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('run an ingest worker (consumer-group member); any number of replicas share the partitions')
    .action(async () => {
      const { config, logger } = cliContext('ingest');
      const pool = createPool(config.databaseUrl, { max: 4, applicationName: `rfid-ingest-${config.ingest.workerId}` });
      const pending = await pendingMigrations(pool).catch((error: unknown) => {
        throw new RfidError('POSTGRES_UNAVAILABLE', 'cannot reach Postgres at start', { cause: error, hint: 'check DATABASE_URL; `rfid doctor` tells more' });
      });
      if (pending.length > 0) throw new RfidError('MIGRATION_FAILED', `${pending.length} migration(s) pending: ${pending.join(', ')}`, { hint: 'run `rfid migrate` first' });
      const redis = createRedis(config.redisUrl, { failFast: true, maxRetriesPerRequest: 1 });
      const metrics = createIngestMetrics();
      const worker = new IngestWorker({ config, pool, cache: new InventoryCache(redis, config.redisPrefix), metrics, logger });
      const server = config.ingest.metricsPort > 0 ? await startMetricsServer(metrics.registry, config.ingest.metricsPort, config.http.host, () => ({ ok: true })) : undefined;
      const signal = untilSignal();
      void signal.promise.then((s) => {
        logger.info({ signal: s }, 'stopping: finishing the batch in hand');
        return worker.stop();
      });
      try {
        await worker.run();
      } finally {
        signal.dispose();
        server?.close();
        redis.disconnect();
        await pool.end();
        // Everything is committed and closed; a client library's stray timer or socket must not
        // keep a stopped worker alive (a supervisor waits for the exit).
        setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
      }
    });
}
