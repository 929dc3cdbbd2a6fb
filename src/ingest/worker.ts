/**
 * The ingest worker: a consumer-group member that applies batches of `rfid_events` records to the
 * ledger, the stock and the stored offsets in ONE Postgres transaction, then updates Redis and
 * the change feed, then commits offsets to Kafka.
 *
 * Exactly-once effects rest on one rule: Postgres holds the next offset of every partition,
 * written in the same transaction as the ledger and the stock, and every batch skips records
 * below it (DESIGN.md §2, notes/kafka.md). Kafka's committed offset is only ever committed after
 * Postgres, so it is never ahead; a crash anywhere re-reads records that are then skipped.
 * event_id uniqueness in the ledger is the second line of defence.
 */
import { Consumer, Producer, type Message } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { planBatch, type BatchPlan, type PlacedEvent, type SourceRecord } from '../domain/ingest-batch.ts';
import { describeError } from '../errors.ts';
import { changeMessages } from '../kafka/change-feed.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { deadLetterMessage } from '../kafka/dead-letter.ts';
import type { Logger } from '../logger.ts';
import { advanceOffsets, readOffsets } from '../postgres/ingest/advance-offsets.ts';
import { applyEvents, type ChangedCell } from '../postgres/ingest/apply-events.ts';
import { findConflicts } from '../postgres/ingest/find-conflicts.ts';
import { insertConflicts } from '../postgres/ingest/insert-conflicts.ts';
import { insertDeadLetters } from '../postgres/ingest/insert-dead-letters.ts';
import { lockOffsets } from '../postgres/ingest/lock-offsets.ts';
import { deleteOutbox, insertOutbox, replayOutbox } from '../postgres/ingest/outbox.ts';
import { EMPTY_MASTER_DATA, loadMasterData, type MasterData } from '../postgres/master-data.ts';
import type { Pool } from '../postgres/pool.ts';
import type { InventoryCache } from '../redis/inventory-cache.ts';
import { rebuildCache } from '../cache/cache-sync.ts';
import { Batcher, StreamEndedError } from './batcher.ts';
import type { IngestMetrics } from './metrics.ts';
import { backoffMs, dependencyOf, pause, within } from './retry.ts';

export interface IngestWorkerDeps {
  config: Config;
  pool: Pool;
  cache: InventoryCache;
  metrics: IngestMetrics;
  logger: Logger;
}

export interface BatchOutcome {
  records: number;
  applied: number;
  duplicates: number;
  conflicts: number;
  deadLettered: number;
  alreadyApplied: number;
  cells: number;
}

const HOUSEKEEPING_MS = 1_000;
const OUTBOX_REPLAY_AGE_MS = 5_000;
const MASTER_DATA_REFRESH_MS = 60_000;
const LAG_REFRESH_MS = 5_000;
const CLOSE_TIMEOUT_MS = 10_000;
const FETCH_MAX_BYTES = (batchMaxMessages: number) => Math.min(16_777_216, Math.max(1_048_576, batchMaxMessages * 600));

export class IngestWorker {
  readonly #deps: IngestWorkerDeps;
  #consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  /** Partitions of the events topic when this member joined; a change means re-join. */
  #joinedPartitions = 0;
  #partitionsChanged = false;
  readonly #producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  readonly #abort = new AbortController();
  #stopping = false;
  #cacheDirty = true; // checked (and rebuilt if incomplete) at start
  #master: MasterData = EMPTY_MASTER_DATA;
  #lastMasterLoad = 0;
  #lastLag = 0;
  #lastHousekeeping = 0;
  #done: Promise<void> | undefined;
  #publishing: Promise<void> = Promise.resolve();
  readonly totals: BatchOutcome = { records: 0, applied: 0, duplicates: 0, conflicts: 0, deadLettered: 0, alreadyApplied: 0, cells: 0 };

  constructor(deps: IngestWorkerDeps) {
    this.#deps = deps;
    const { config } = deps;
    this.#consumer = this.#newConsumer();
    this.#producer = new Producer({
      ...kafkaClientOptions(config.kafka, `ingest-${config.ingest.workerId}-out`),
      idempotent: true,
      acks: -1,
      retries: 5,
    });
    this.#producer.on('error', (error: unknown) => deps.logger.warn({ err: describeError(error) }, 'Kafka producer error (retrying)'));
  }

  #newConsumer(): Consumer<Buffer, Buffer, Buffer, Buffer> {
    const { config, logger } = this.#deps;
    const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
      ...kafkaClientOptions(config.kafka, `ingest-${config.ingest.workerId}`),
      groupId: config.groupId,
      ...(config.ingest.groupInstanceId ? { groupInstanceId: config.ingest.groupInstanceId } : {}),
      sessionTimeout: config.ingest.sessionTimeoutMs,
      rebalanceTimeout: Math.max(config.ingest.sessionTimeoutMs, 15_000),
      heartbeatInterval: Math.min(1_000, Math.floor(config.ingest.sessionTimeoutMs / 3)),
      // The subscription carries the partition count of each topic (read fresh at every join).
      // A member that re-joins after partitions were added therefore presents new metadata, and
      // the coordinator rebalances even when all members are static; the leader assigns with
      // fresh metadata because every member re-reads it to join.
      protocolsMetadata: (_protocols, topics, metadata) => Buffer.from(JSON.stringify(topics.map((t) => [t, metadata.topics.get(t)?.partitionsCount ?? 0]))),
      // The worker never loses its place to a dependency outage: keep retrying connections.
      retries: Number.MAX_SAFE_INTEGER,
      retryDelay: 500,
    });
    // The client emits 'error' when a background group operation (a re-join, a heartbeat) fails,
    // e.g. while the broker restarts. Unhandled, that event kills the process; the stream and the
    // retry loop already deal with the outage, so it is only logged.
    consumer.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'Kafka consumer error (retrying)'));
    return consumer;
  }

  async #eventsPartitionCount(): Promise<number> {
    const topic = this.#deps.config.topics.events;
    const metadata = await this.#consumer.metadata({ topics: [topic], forceUpdate: true });
    return metadata.topics.get(topic)?.partitionsCount ?? 0;
  }

  /** Runs until `stop()`; resolves after the last batch is committed and the group is left. */
  run(): Promise<void> {
    this.#done ??= this.#loop();
    return this.#done;
  }

  /** Finishes the batch in hand, commits it, leaves the group. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    await this.#done;
  }

  async #loop(): Promise<void> {
    const { config, logger } = this.#deps;
    let attempt = 0;
    await this.#housekeeping(true);
    while (!this.#stopping) {
      let batcher: Batcher<Message<Buffer, Buffer, Buffer, Buffer>> | undefined;
      let stream: (AsyncIterable<Message<Buffer, Buffer, Buffer, Buffer>> & { close(): Promise<void> }) | undefined;
      try {
        if (this.#partitionsChanged) {
          // Partitions were added to the events topic. Nothing in the group protocol reassigns
          // them while the members stay (static members restart without a rebalance), so this
          // member leaves and joins again with fresh metadata: the rebalance that follows
          // assigns every partition. Each member does this once per change.
          logger.info({ topic: config.topics.events, was: this.#joinedPartitions }, 'partitions added to the events topic: re-joining the group');
          this.#partitionsChanged = false;
          await within(this.#consumer.close(true), CLOSE_TIMEOUT_MS);
          this.#consumer = this.#newConsumer();
        }
        this.#joinedPartitions = await this.#eventsPartitionCount();
        stream = await this.#consumer.consume({
          topics: [config.topics.events],
          mode: 'committed',
          fallbackMode: 'earliest',
          autocommit: false,
          maxWaitTime: Math.max(10, Math.min(500, config.ingest.batchMaxWaitMs)),
          highWaterMark: Math.max(1024, config.ingest.batchMaxMessages),
          // A fetch response is decoded whole into the stream's buffer, whatever its high-water
          // mark: the client's default (50 MB) held ~1 GB of decoded records on a backlog. About
          // two batches' worth of typical events per fetch keeps memory flat at full speed.
          maxBytes: FETCH_MAX_BYTES(config.ingest.batchMaxMessages),
          maxBytesPerPartition: Math.max(262_144, Math.floor(FETCH_MAX_BYTES(config.ingest.batchMaxMessages) / 4)),
        });
        batcher = new Batcher(stream, config.ingest.batchMaxMessages, config.ingest.batchMaxWaitMs);
        logger.info({ topic: config.topics.events, group: config.groupId }, 'consuming');
        attempt = 0;
        // Leaves the inner loop (closing the stream) when partitions were added: see above.
        while (!this.#stopping && !this.#partitionsChanged) {
          const fetchStart = performance.now();
          const batch = await batcher.next(HOUSEKEEPING_MS);
          if (batch.length > 0) {
            this.#phase('fetch', fetchStart);
            await this.#processBatch(batch);
            const commitStart = performance.now();
            await this.#commitToKafka(batch);
            this.#phase('kafka_commit', commitStart);
          }
          if (Date.now() - this.#lastHousekeeping >= HOUSEKEEPING_MS) await this.#housekeeping(false);
        }
      } catch (error) {
        if (this.#stopping) break;
        const wait = backoffMs(attempt++, 250, 5_000);
        logger.warn({ err: describeError(error), retryInMs: wait, streamEnded: error instanceof StreamEndedError }, 'consumer stream failed; re-joining');
        await pause(wait, this.#abort.signal);
      } finally {
        await batcher?.stop();
        if (stream && !(await within(stream.close(), CLOSE_TIMEOUT_MS))) logger.warn('the record stream did not close in time');
      }
    }
    // Every step of the shutdown is bounded: the last batch is already committed, and anything
    // not yet published is in the outbox, so a client that does not close cannot lose data —
    // it must not keep the process alive either.
    if (!(await within(this.#publishing, CLOSE_TIMEOUT_MS))) logger.warn('the last publication did not finish in time; the outbox replays it');
    if (!(await within(this.#consumer.close(true), CLOSE_TIMEOUT_MS))) logger.warn('leaving the consumer group did not finish in time');
    if (!(await within(this.#producer.close(), CLOSE_TIMEOUT_MS))) logger.warn('closing the producer did not finish in time');
    logger.info(this.totals, 'stopped');
  }

  /** Applies one batch, retrying on dependency failures until it commits (or the worker stops). */
  async #processBatch(messages: Message<Buffer, Buffer, Buffer, Buffer>[]): Promise<void> {
    const { metrics, logger } = this.#deps;
    const started = process.hrtime.bigint();
    const records: SourceRecord[] = messages.map((m) => ({ partition: m.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null }));
    const headers = new Map<string, Map<Buffer, Buffer>>();
    for (const m of messages) if (m.headers.size > 0) headers.set(`${m.partition}:${m.offset}`, m.headers);
    for (let attempt = 0; ; attempt++) {
      try {
        const { outcome, cells, outboxId, plan } = await this.#applyInTransaction(records, headers);
        const committedAt = Date.now();
        for (const p of plan.candidates) metrics.applyLatency.observe(Math.max(0, committedAt - p.recordTimestampMs) / 1000);
        // Redis and the change feed of this batch go out while the next batch is applied; at
        // most one publication is in flight, so they stay in batch order.
        await this.#publishing;
        this.#publishing = this.#publishAfterCommit(cells, outboxId).catch((error: unknown) => {
          logger.warn({ err: describeError(error) }, 'publishing a committed batch failed; the outbox replays it');
        });
        metrics.batchSize.observe(records.length);
        metrics.batchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
        metrics.applied.inc(outcome.applied);
        metrics.duplicates.inc(outcome.duplicates);
        metrics.conflicts.inc(outcome.conflicts);
        metrics.redelivered.inc(outcome.alreadyApplied);
        for (const r of plan.rejected) metrics.deadLettered.inc({ code: r.error.code });
        for (const k of Object.keys(outcome) as Array<keyof BatchOutcome>) this.totals[k] += outcome[k];
        if (outcome.conflicts > 0) logger.warn({ conflicts: outcome.conflicts }, 'conflicting duplicates kept in rfid_event_conflicts');
        return;
      } catch (error) {
        const dependency = dependencyOf(error);
        metrics.retries.inc({ dependency });
        if (this.#stopping && attempt > 0) {
          // Shutting down during an outage: leave the batch uncommitted; the next start re-reads it.
          logger.warn({ err: describeError(error) }, 'stopping with an uncommitted batch; it will be re-read');
          throw error;
        }
        const wait = backoffMs(attempt);
        logger.warn({ err: describeError(error), dependency, attempt, retryInMs: wait }, 'batch failed; retrying (nothing is skipped)');
        await pause(wait, this.#stopping ? undefined : this.#abort.signal);
      }
    }
  }

  async #applyInTransaction(records: SourceRecord[], headers: Map<string, Map<Buffer, Buffer>>) {
    const { config, pool } = this.#deps;
    const topic = config.topics.events;
    const partitions = [...new Set(records.map((r) => r.partition))].sort((a, b) => a - b);
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const stored = await lockOffsets(client, topic, partitions);
      let mark = performance.now();
      const plan = planBatch(records, stored, Date.now(), {
        maxMessageBytes: config.ingest.maxMessageBytes,
        maxFutureSkewMs: config.ingest.maxFutureSkewSeconds * 1000,
      });
      mark = this.#phase('plan', mark);
      if (plan.rejected.length > 0) {
        const now = new Date();
        // The DLQ write is acknowledged (acks=all) before the transaction that moves the offset
        // past these records commits.
        await this.#producer.send({
          messages: plan.rejected.map((r) =>
            deadLetterMessage(r, { dlqTopic: config.topics.dlq, originTopic: topic, workerId: config.ingest.workerId, now, originalHeaders: headers.get(`${r.record.partition}:${r.record.offset}`) }),
          ),
        });
        await insertDeadLetters(client, topic, config.ingest.workerId, plan.rejected);
        mark = this.#phase('dlq', mark);
      }
      const applied = await applyEvents(client, plan.candidates);
      mark = this.#phase('ledger_and_stock', mark);
      const conflicting: PlacedEvent[] = [...plan.inBatchConflicts];
      if (applied.inserted < plan.candidates.length) {
        for (const i of await findConflicts(client, plan.candidates)) conflicting.push(plan.candidates[i]!);
      }
      await insertConflicts(client, topic, conflicting);
      mark = this.#phase('conflicts', mark);
      const outboxId = await insertOutbox(client, applied.cells);
      mark = this.#phase('outbox', mark);
      await advanceOffsets(client, topic, plan.nextOffsets);
      mark = this.#phase('offsets', mark);
      await client.query('COMMIT');
      this.#phase('commit', mark);
      const conflictsAmongCandidates = conflicting.length - plan.inBatchConflicts.length;
      const outcome: BatchOutcome = {
        records: records.length,
        applied: applied.inserted,
        duplicates: plan.candidates.length - applied.inserted - conflictsAmongCandidates + plan.inBatchDuplicates.length,
        conflicts: conflicting.length,
        deadLettered: plan.rejected.length,
        alreadyApplied: plan.alreadyApplied,
        cells: applied.cells.length,
      };
      return { outcome, cells: applied.cells, outboxId, plan: plan as BatchPlan };
    } catch (error) {
      broken = true;
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded, not returned to the pool.
      client.release(broken);
    }
  }

  /**
   * After the commit: Redis (absolute, version-guarded) and the change feed. Redis failures do
   * not hold up stock: the cache is marked dirty and rebuilt when Redis answers again. The change
   * feed is retried until acknowledged; the outbox row covers a crash in between.
   */
  async #publishAfterCommit(cells: ChangedCell[], outboxId: number | undefined): Promise<void> {
    if (cells.length === 0) return;
    let mark = performance.now();
    await this.#writeCache(cells);
    mark = this.#phase('redis', mark);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#producer.send({ messages: changeMessages(this.#deps.config.topics.changes, cells, this.#master) });
        break;
      } catch (error) {
        this.#deps.metrics.retries.inc({ dependency: 'kafka' });
        if (this.#stopping) return; // the outbox row stays; the next worker replays it
        const wait = backoffMs(attempt);
        this.#deps.logger.warn({ err: describeError(error), retryInMs: wait }, 'change feed write failed; retrying');
        await pause(wait, this.#abort.signal);
      }
    }
    if (outboxId !== undefined) await deleteOutbox(this.#deps.pool, outboxId).catch(() => {});
    this.#phase('changes', mark);
  }

  /** Records the time since `since` (performance.now()) under `phase`; returns now. */
  #phase(phase: string, since: number): number {
    const now = performance.now();
    this.#deps.metrics.phaseSeconds.observe({ phase }, (now - since) / 1000);
    return now;
  }

  async #writeCache(cells: ChangedCell[]): Promise<void> {
    const { cache, logger } = this.#deps;
    try {
      const [, complete] = await Promise.all([cache.write(cells), cache.isComplete()]);
      if (!complete && !this.#cacheDirty) {
        logger.warn('Redis lost the inventory (flush or restart): scheduling a rebuild');
        this.#cacheDirty = true;
      }
    } catch (error) {
      if (!this.#cacheDirty) logger.warn({ err: describeError(error) }, 'Redis write failed: stock continues, cache will be rebuilt');
      this.#cacheDirty = true;
    }
  }

  async #commitToKafka(messages: Message<Buffer, Buffer, Buffer, Buffer>[]): Promise<void> {
    // The last record of each partition commits offset + 1 for that partition.
    const last = new Map<number, Message<Buffer, Buffer, Buffer, Buffer>>();
    for (const m of messages) last.set(m.partition, m);
    await Promise.all(
      [...last.values()].map(async (m) => {
        try {
          await m.commit();
        } catch (error) {
          // Not fatal: Postgres has the offset; Kafka's copy is for lag tools and catches up.
          this.#deps.logger.debug({ err: describeError(error), partition: m.partition }, 'Kafka offset commit failed');
        }
      }),
    );
  }

  async #housekeeping(first: boolean): Promise<void> {
    const { pool, cache, metrics, logger, config } = this.#deps;
    this.#lastHousekeeping = Date.now();
    try {
      if (first || Date.now() - this.#lastMasterLoad >= MASTER_DATA_REFRESH_MS) {
        this.#master = await loadMasterData(pool);
        this.#lastMasterLoad = Date.now();
      }
      const replayed = await replayOutbox(pool, first ? 0 : OUTBOX_REPLAY_AGE_MS, (cells) => this.#publishReplay(cells));
      if (replayed > 0) logger.info({ replayed }, 'replayed outbox rows left by an earlier run');
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'housekeeping (Postgres) failed; will retry');
    }
    if (this.#cacheDirty) {
      try {
        if (await cache.isComplete()) {
          this.#cacheDirty = false;
        } else {
          // Clear the flag first: a write that fails during the rebuild sets it again.
          this.#cacheDirty = false;
          const report = await rebuildCache(pool, cache);
          metrics.cacheRebuilds.inc();
          logger.info(report, 'Redis inventory rebuilt from inventory_current');
        }
      } catch (error) {
        this.#cacheDirty = true;
        logger.debug({ err: describeError(error) }, 'cache rebuild postponed: Redis not answering');
      }
    }
    if (Date.now() - this.#lastLag >= LAG_REFRESH_MS) {
      this.#lastLag = Date.now();
      try {
        const partitions = await this.#eventsPartitionCount();
        if (this.#joinedPartitions > 0 && partitions > this.#joinedPartitions) this.#partitionsChanged = true;
        const ends = await this.#consumer.listOffsets({ topics: [config.topics.events] });
        const stored = await readOffsets(pool, config.topics.events);
        (ends.get(config.topics.events) ?? []).forEach((end, partition) => {
          metrics.lag.set({ partition: String(partition) }, Number(end - (stored.get(partition) ?? 0n)));
        });
      } catch {
        /* lag is informative only */
      }
    }
  }

  async #publishReplay(cells: ChangedCell[]): Promise<void> {
    await this.#writeCache(cells);
    await this.#producer.send({ messages: changeMessages(this.#deps.config.topics.changes, cells, this.#master) });
  }
}
