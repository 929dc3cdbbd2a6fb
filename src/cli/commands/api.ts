import type { Command } from 'commander';
import { buildApi } from '../../http/api-server.ts';
import { EventProducer } from '../../kafka/event-producer.ts';
import { cliContext, openMigratedPool, untilSignal } from '../context.ts';

export function registerApi(program: Command): void {
  program
    .command('api')
    .description('run the HTTP API (PORT, HOST): /health, /docs, POST /v1/events, POST /v1/imports, /v1/pipeline, /v1/dlq, /v1/conflicts, /v1/stream, /v1/exports')
    .action(async () => {
      const { config, logger } = cliContext('api');
      const pool = await openMigratedPool(config, { max: 8, applicationName: 'rfid-api' });
      const events = new EventProducer(config, 'api');
      const app = await buildApi({ config, pool, events, logger });
      const signal = untilSignal();
      try {
        const address = await app.listen({ port: config.http.port, host: config.http.host });
        logger.info({ address, docs: `${address}/docs` }, 'API listening');
        const s = await signal.promise;
        logger.info({ signal: s }, 'stopping: finishing requests in flight');
      } finally {
        signal.dispose();
        await app.close();
        await events.close().catch(() => {});
        await pool.end();
      }
    });
}
