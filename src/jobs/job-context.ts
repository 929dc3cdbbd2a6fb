/** What every daily job is given: the pool, the validated configuration, a logger and who runs it. */
import type { Config } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import type { Pool } from '../postgres/pool.ts';

export interface JobContext {
  pool: Pool;
  config: Config;
  logger: Logger;
  workerId: string;
  /** Progress of a long step, for the CLI's bar (cells done of total). */
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * Events in the events topic not yet applied (Kafka log end − stored offsets), for the
   * `ingest_lag` alert; absent where no Kafka client is wired (the rule then leaves its alerts as they are).
   */
  readIngestLag?: () => Promise<number>;
}
