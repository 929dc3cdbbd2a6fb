import type { Command } from 'commander';
import { IngestWorker } from '../../ingest/worker.ts';
import { createIngestMetrics } from '../../ingest/metrics.ts';
import { createRedis } from '../../redis/client.ts';
import { InventoryCache } from '../../redis/inventory-cache.ts';
import { startMetricsServer } from '../../http/metrics-server.ts';
import { cliContext, openMigratedPool, untilSignal } from '../context.ts';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('run an ingest worker (consumer-group member); any number of replicas share the partitions')
    .action(async () => {
      const { config, logger } = cliContext('ingest');
      const pool = await openMigratedPool(config, { max: 4, applicationName: `rfid-ingest-${config.ingest.workerId}` });
      const redis = createRedis(config.redisUrl, { failFast: true, maxRetriesPerRequest: 1, tls: config.redisTls });
      const metrics = createIngestMetrics();
      const worker = new IngestWorker({ config, pool, cache: new InventoryCache(redis, config.redisPrefix), metrics, logger });
      const server =
        config.ingest.metricsPort > 0
          ? await startMetricsServer(metrics.registry, config.ingest.metricsPort, config.http.host, () => ({ ok: true }))
          : undefined;
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
