/**
 * `rfid worker`'s engine: graphile-worker on the product's Postgres, with two cron items.
 * graphile's cron fires each minute once across all replicas (its `known_crontabs` bookkeeping
 * and a job per fire time); the daily schedule runs under a Postgres advisory lock, and a minute
 * that finds it held does nothing. (Not a named graphile queue: a worker killed mid-run would
 * hold the queue for graphile's 4-hour lock timeout, while the advisory lock goes with its
 * connection.)
 * Which business days are owed is data (the run history), not the cron line, so a DST change,
 * a missed minute or days of downtime never skip or double a day: catch-up needs no `?fill=`.
 */
import { Logger as GraphileLogger, parseCronItems, run, type LogLevel, type Runner, type TaskList } from 'graphile-worker';
import type { Logger } from '../logger.ts';
import type { JobContext } from './job-context.ts';
import { runDailySchedule } from './run-daily-schedule.ts';
import { checkAlerts } from './tasks/check-alerts.ts';
import { deliverAlertWebhooks } from './tasks/deliver-alert-webhooks.ts';

export const DAILY_TASK = 'rfid_daily';
export const ALERTS_TASK = 'rfid_alerts';

/**
 * graphile's log lines through the process's pino logger. Its `info` lines are routine (a task
 * completed every minute, with the whole job row) and go to debug: our own tasks log what they did.
 */
export function graphileLogger(logger: Logger): GraphileLogger {
  const method: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = { error: 'error', warning: 'warn', info: 'debug', debug: 'debug' };
  return new GraphileLogger((scope) => (level, message, meta) => logger[method[level]]({ ...scope, ...meta }, message));
}

export function dailyTaskList(ctx: JobContext): TaskList {
  return {
    [DAILY_TASK]: async (_payload, helpers) => {
      await runDailySchedule({ ...ctx, signal: helpers.abortSignal });
    },
    [ALERTS_TASK]: async (_payload, helpers) => {
      await checkAlerts({ ...ctx, signal: helpers.abortSignal });
      await deliverAlertWebhooks({ ...ctx, signal: helpers.abortSignal });
    },
  };
}

/**
 * Starts the worker (it installs or upgrades graphile's schema first). Stop it with
 * `runner.stop()`: it finishes the jobs in hand, then resolves `runner.promise`.
 *
 * @example
 * const runner = await startJobWorker(ctx); await runner.stop()
 */
export async function startJobWorker(ctx: JobContext): Promise<Runner> {
  // One retry place: a failed minute is simply tried again by the next minute's job (with the
  // backoff kept in the run history), so graphile itself never retries these (maxAttempts 1).
  const once = { backfillPeriod: 0, maxAttempts: 1 };
  const daily = { jobKey: 'rfid-daily', jobKeyMode: 'preserve_run_at' as const };
  const runner = await run({
    pgPool: ctx.pool,
    concurrency: ctx.config.daily.workerConcurrency,
    noHandleSignals: true,
    logger: graphileLogger(ctx.logger),
    taskList: dailyTaskList(ctx),
    parsedCronItems: parseCronItems([
      { task: DAILY_TASK, match: '* * * * *', options: { ...once, ...daily } },
      { task: ALERTS_TASK, match: '* * * * *', options: { ...once, jobKey: 'rfid-alerts', jobKeyMode: 'preserve_run_at' } },
    ]),
  });
  // Catch up at once after downtime rather than at the next minute; replicas starting together
  // share the job key, so this adds one job, not one per replica.
  await runner.addJob(DAILY_TASK, {}, { ...daily, maxAttempts: 1 });
  return runner;
}
