/** What every daily job is given: the pool, the validated configuration, a logger and who runs it. */
import type { Config } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { RfidError } from '../errors.ts';
import type { Pool } from '../postgres/pool.ts';

export interface JobContext {
  pool: Pool;
  config: Config;
  logger: Logger;
  workerId: string;
  /** Progress of a long step, for the CLI's bar (cells done of total). */
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * Time spent in one phase of a step (`read`, `forecast`, `backtest`, `write`, …), reported as it
   * happens, for bench/daily-run's breakdown of where a day's run goes.
   */
  onPhase?: (step: string, phase: string, ms: number) => void;
  /**
   * Events in the events topic not yet applied (Kafka log end − stored offsets), for the
   * `ingest_lag` alert; absent where no Kafka client is wired (the rule then leaves its alerts as they are).
   */
  readIngestLag?: () => Promise<number>;
  /** Aborted when the worker is shutting down: long jobs stop at the next page or day. */
  signal?: AbortSignal;
}

/**
 * Throws SHUTTING_DOWN when the worker is stopping; long jobs call it between pages and days, so
 * a SIGTERM during a long run stops within one page (the step is recorded as failed and the day
 * is run again from its start by the next worker: every step is idempotent).
 *
 * @example
 * stopIfAborted(ctx)
 */
export function stopIfAborted(ctx: JobContext): void {
  if (ctx.signal?.aborted) throw new RfidError('SHUTTING_DOWN', 'stopped: the worker is shutting down');
}
