import type { Command } from 'commander';
import { buildApi } from '../../http/api-server.ts';
import { EventProducer } from '../../kafka/event-producer.ts';
import { createRedis } from '../../redis/client.ts';
import { cliContext, openMigratedPool, untilSignal } from '../context.ts';

export function registerApi(program: Command): void {
  program
    .command('api')
    .description(
      'run the HTTP API (PORT, HOST): stock, ledger, events, imports, pipeline lag, DLQ, conflicts, live stream, exports, /health, /metrics, /docs (API keys: rfid apikey)',
    )
    .action(async () => {
      const { config, logger } = cliContext('api');
      const pool = await openMigratedPool(config, { max: 8, applicationName: 'rfid-api' });
      const events = new EventProducer(config, 'api');
      // failFast: while Redis is down, stock reads go straight to Postgres instead of queueing.
      const redis = createRedis(config.redisUrl, { failFast: true, maxRetriesPerRequest: 1, tls: config.redisTls, autoPipelining: true });
      const app = await buildApi({ config, pool, redis, events, logger });
      const signal = untilSignal();
      try {
        const address = await app.listen({ port: config.http.port, host: config.http.host });
        logger.info({ address, docs: `${address}/docs`, auth: config.api.auth ? 'on' : 'off (loopback only)' }, 'API listening');
        const s = await signal.promise;
        logger.info({ signal: s }, 'stopping: finishing requests in flight');
      } finally {
        signal.dispose();
        await app.close();
        await events.close().catch(() => {});
        redis.disconnect();
        await pool.end();
      }
    });
}
