/**
 * What the worker does between batches, about once a second: refresh master data (every minute),
 * replay outbox rows left by a crashed worker, rebuild the Redis cache when it is dirty or was
 * flushed, and refresh the lag gauge and notice added partitions (every 5 s). Every step is
 * best-effort: a failure is logged and tried again next time, never fatal.
 */
import { rebuildCache } from '../cache/cache-sync.ts';
import { EMPTY_MASTER_DATA, type MasterData } from '../domain/master-data.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { readOffsets } from '../postgres/ingest/advance-offsets.ts';
import { replayOutbox } from '../postgres/ingest/outbox.ts';
import { loadMasterData } from '../postgres/master-data.ts';
import type { Pool } from '../postgres/pool.ts';
import type { InventoryCache } from '../redis/inventory-cache.ts';
import type { GroupMember } from './group-member.ts';
import type { IngestMetrics } from './metrics.ts';
import type { Publisher } from './publisher.ts';

export const HOUSEKEEPING_INTERVAL_MS = 1_000;
/** An outbox row younger than this belongs to a publication still in flight. */
const OUTBOX_REPLAY_AGE_MS = 5_000;
const MASTER_DATA_REFRESH_MS = 60_000;
const LAG_REFRESH_MS = 5_000;

export interface HousekeepingDeps {
  pool: Pool;
  cache: InventoryCache;
  member: GroupMember;
  publisher: Publisher;
  metrics: Pick<IngestMetrics, 'lag' | 'cacheRebuilds'>;
  logger: Logger;
  eventsTopic: string;
  /** Re-reads the change topic's partition count (the change feed computes partitions itself). */
  refreshChangePartitions(): Promise<void>;
}

export class Housekeeping {
  readonly #deps: HousekeepingDeps;
  #master: MasterData = EMPTY_MASTER_DATA;
  #lastMasterLoad = 0;
  #lastLag = 0;
  #lastRun = 0;

  constructor(deps: HousekeepingDeps) {
    this.#deps = deps;
  }

  get masterData(): MasterData {
    return this.#master;
  }

  get due(): boolean {
    return Date.now() - this.#lastRun >= HOUSEKEEPING_INTERVAL_MS;
  }

  /** `first`: at start, replay every outbox row whatever its age (no publication of ours is in flight). */
  async run(first = false): Promise<void> {
    this.#lastRun = Date.now();
    await this.#postgresSide(first);
    await this.#cacheSide();
    if (first || Date.now() - this.#lastLag >= LAG_REFRESH_MS) {
      this.#lastLag = Date.now();
      await this.#lagAndPartitions();
    }
  }

  async #postgresSide(first: boolean): Promise<void> {
    const { pool, publisher, logger } = this.#deps;
    try {
      if (first || Date.now() - this.#lastMasterLoad >= MASTER_DATA_REFRESH_MS) {
        this.#master = await loadMasterData(pool);
        this.#lastMasterLoad = Date.now();
      }
      const replayed = await replayOutbox(pool, first ? 0 : OUTBOX_REPLAY_AGE_MS, (changes) => publisher.replay(changes));
      if (replayed > 0) logger.info({ replayed }, 'replayed outbox rows left by an earlier run');
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'housekeeping (Postgres) failed; will retry');
    }
  }

  async #cacheSide(): Promise<void> {
    const { pool, cache, publisher, metrics, logger } = this.#deps;
    if (!publisher.cacheDirty) return;
    try {
      // Our own failed writes first (version-guarded, so never older than what is cached).
      const pending = publisher.pendingCells;
      if (pending.length > 0) {
        // Taken before the await: a write failing meanwhile adds to a fresh list.
        publisher.pendingCells = [];
        try {
          await cache.write(pending);
        } catch (error) {
          publisher.pendingCells = pending.concat(publisher.pendingCells);
          throw error;
        }
      }
      if (!publisher.mustRebuild && (await cache.isComplete())) {
        publisher.cacheDirty = false;
        return;
      }
      // Clear the flags first: a write that fails during the rebuild sets them again.
      publisher.cacheDirty = false;
      publisher.mustRebuild = false;
      const report = await rebuildCache(pool, cache);
      metrics.cacheRebuilds.inc();
      logger.info(report, 'Redis inventory rebuilt from inventory_current');
    } catch (error) {
      publisher.cacheDirty = true;
      logger.debug({ err: describeError(error) }, 'cache rebuild postponed: Redis not answering');
    }
  }

  async #lagAndPartitions(): Promise<void> {
    const { member, pool, metrics, eventsTopic } = this.#deps;
    try {
      await this.#deps.refreshChangePartitions();
      await member.checkPartitions();
      const ends = await member.endOffsets();
      const stored = await readOffsets(pool, eventsTopic);
      for (const [partition, end] of ends.entries()) metrics.lag.set({ partition: String(partition) }, Number(end - (stored.get(partition) ?? 0n)));
    } catch {
      /* lag is informative only */
    }
  }
}
