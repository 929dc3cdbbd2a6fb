import type { Command } from 'commander';
import { startJobWorker } from '../../jobs/start-job-worker.ts';
import { createEventsLagReader } from '../../kafka/read-events-lag.ts';
import { syncTimeZone } from '../../postgres/daily/sync-time-zone.ts';
import { cliContext, openMigratedPool, untilSignal } from '../context.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the scheduled jobs (daily snapshot, forecasts, reorder signals; alerts every minute); any number of replicas run each day once')
    .action(async () => {
      const { config, logger } = cliContext('worker');
      // graphile holds one connection per concurrent job plus its listener and cron.
      const pool = await openMigratedPool(config, { max: config.daily.workerConcurrency + 4, applicationName: `rfid-worker-${config.ingest.workerId}` });
      const zone = await syncTimeZone(pool, config.timeZone);
      if (zone.changed) logger.warn({ from: zone.previous, to: config.timeZone }, 'business time zone changed: restating every snapshotted day');
      const lag = createEventsLagReader(config, pool);
      const runner = await startJobWorker({ pool, config, logger, workerId: config.ingest.workerId, readIngestLag: lag.read });
      const signal = untilSignal();
      void signal.promise.then((s) => {
        logger.info({ signal: s }, 'stopping: finishing the jobs in hand');
        return runner.stop();
      });
      try {
        await runner.promise;
      } finally {
        signal.dispose();
        await lag.close();
        await pool.end();
        // Everything is finished and closed; a stray timer must not keep a stopped worker alive.
        setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
      }
    });
}
