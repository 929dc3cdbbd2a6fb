/**
 * The ingest worker: a consumer-group member that applies batches of `rfid_events` records to the
 * ledger, the stock and the stored offsets in ONE Postgres transaction (apply-batch.ts), then
 * publishes to Redis and the change feed (publisher.ts), then commits offsets to Kafka
 * (group-member.ts) — never ahead of Postgres, so a crash anywhere only re-reads records that are
 * then skipped. This file wires those pieces and runs the loop: fetch a batch, apply it (retrying
 * through dependency outages, never skipping), publish, housekeeping, until stopped.
 */
import { Producer } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { addOutcome, ZERO_OUTCOME, type BatchOutcome } from '../domain/batch-outcome.ts';
import type { RejectedRecord } from '../domain/ingest-batch.ts';
import { decodeEvent } from '../domain/rfid-event.ts';
import { dependencyOf, describeError } from '../errors.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { deadLetterMessage } from '../kafka/dead-letter.ts';
import { kafkaError } from '../kafka/kafka-error.ts';
import type { Logger } from '../logger.ts';
import type { Pool } from '../postgres/pool.ts';
import type { InventoryCache } from '../redis/inventory-cache.ts';
import { within } from '../util/time-limits.ts';
import { applyBatch, type ApplyBatchDeps } from './apply-batch.ts';
import { Batcher, StreamEndedError } from './batcher.ts';
import { GroupMember, toIngestRecord, type IngestRecord, type RecordStream } from './group-member.ts';
import { HOUSEKEEPING_INTERVAL_MS, Housekeeping } from './housekeeping.ts';
import type { IngestMetrics } from './metrics.ts';
import { phaseTimer, type PhaseTimer } from './phase-timer.ts';
import { Publisher } from './publisher.ts';
import { backoffMs, pause } from './retry.ts';

export interface IngestWorkerDeps {
  config: Config;
  pool: Pool;
  cache: InventoryCache;
  metrics: IngestMetrics;
  logger: Logger;
}

const CLOSE_TIMEOUT_MS = 10_000;

export class IngestWorker {
  readonly #deps: IngestWorkerDeps;
  readonly #member: GroupMember;
  readonly #producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  readonly #publisher: Publisher;
  readonly #housekeeping: Housekeeping;
  readonly #apply: ApplyBatchDeps;
  readonly #phases: PhaseTimer;
  readonly #abort = new AbortController();
  #stopping = false;
  #done: Promise<void> | undefined;
  /** The Kafka offset commit of the last batch; not awaited by the loop (Postgres is the truth). */
  #kafkaCommit: Promise<void> = Promise.resolve();
  readonly totals: BatchOutcome = { ...ZERO_OUTCOME };

  constructor(deps: IngestWorkerDeps) {
    this.#deps = deps;
    const { config, logger, pool, cache, metrics } = deps;
    this.#phases = phaseTimer(metrics);
    this.#member = new GroupMember(config, logger);
    this.#producer = new Producer({ ...kafkaClientOptions(config.kafka, `ingest-${config.ingest.workerId}-out`), idempotent: true, acks: -1, retries: 5 });
    this.#producer.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'Kafka producer error (retrying)'));
    const send = async (messages: Parameters<Producer<Buffer, Buffer, Buffer, Buffer>['send']>[0]['messages'], what: string) => {
      try {
        await this.#producer.send({ messages });
      } catch (error) {
        throw kafkaError(error, what);
      }
    };
    this.#publisher = new Publisher({
      pool,
      cache,
      changesTopic: config.topics.changes,
      send: (messages) => send(messages, 'producing to the change feed'),
      logger,
      metrics,
      phases: this.#phases,
      signal: this.#abort.signal,
    });
    this.#housekeeping = new Housekeeping({
      pool,
      cache,
      member: this.#member,
      publisher: this.#publisher,
      metrics,
      logger,
      eventsTopic: config.topics.events,
      refreshChangePartitions: async () => {
        const topic = config.topics.changes;
        try {
          const metadata = await this.#producer.metadata({ topics: [topic] });
          this.#publisher.changePartitions = metadata.topics.get(topic)?.partitionsCount ?? 0;
        } catch (error) {
          throw kafkaError(error, `reading the metadata of ${topic}`);
        }
      },
    });
    this.#apply = {
      config,
      pool,
      phases: this.#phases,
      masterData: () => this.#housekeeping.masterData,
      sendDeadLetters: (rejected: readonly RejectedRecord[]) => {
        const now = new Date();
        const context = { dlqTopic: config.topics.dlq, originTopic: config.topics.events, workerId: config.ingest.workerId, now };
        return send(
          rejected.map((r) => deadLetterMessage(r, { ...context, originalHeaders: (r.record as IngestRecord).headers })),
          'producing to the DLQ',
        );
      },
    };
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
    await this.#housekeeping.run(true);
    while (!this.#stopping) {
      let batcher: Pick<Batcher<IngestRecord>, 'stop'> | undefined;
      let stream: RecordStream | undefined;
      try {
        stream = await this.#member.open();
        // Each record is decoded and validated as it is pulled from the stream, which happens while
        // the previous batch's statement runs in Postgres: that CPU work leaves the transaction.
        const limits = config.ingest.validation;
        const decodeAhead = (m: Parameters<typeof toIngestRecord>[0]): IngestRecord => {
          const record = toIngestRecord(m);
          record.decoded = decodeEvent(record.value, Date.now(), limits);
          return record;
        };
        const records = new Batcher(stream, decodeAhead, config.ingest.batchMaxMessages, config.ingest.batchMaxWaitMs);
        batcher = records;
        logger.info({ topic: config.topics.events, group: config.groupId }, 'consuming');
        attempt = 0;
        // Leaves the inner loop (closing the stream) when partitions were added: the member re-joins.
        while (!this.#stopping && !this.#member.partitionsAdded) {
          const fetchStart = this.#phases.now();
          const batch = await records.next(HOUSEKEEPING_INTERVAL_MS);
          if (batch.length > 0) {
            this.#phases.lap('fetch', fetchStart);
            await this.#processBatch(batch);
            // Ordered one after the other, but the next batch does not wait for the broker.
            const previous = this.#kafkaCommit;
            this.#kafkaCommit = previous.then(() => this.#member.commit(batch));
          }
          if (this.#housekeeping.due) await this.#housekeeping.run();
        }
      } catch (error) {
        if (this.#stopping) break;
        const wait = backoffMs(attempt++, 250, 5_000);
        logger.warn({ err: describeError(error), retryInMs: wait, streamEnded: error instanceof StreamEndedError }, 'consumer stream failed; re-joining');
        await pause(wait, this.#abort.signal);
      } finally {
        batcher?.stop();
        if (stream && !(await within(stream.close(), CLOSE_TIMEOUT_MS))) logger.warn('the record stream did not close in time');
      }
    }
    // Every step of the shutdown is bounded: the last batch is already committed, and anything
    // not yet published is in the outbox, so a client that does not close cannot lose data —
    // it must not keep the process alive either.
    if (!(await this.#publisher.settle(CLOSE_TIMEOUT_MS))) logger.warn('the last publication did not finish in time; the outbox replays it');
    await within(this.#kafkaCommit, CLOSE_TIMEOUT_MS);
    if (!(await this.#member.close())) logger.warn('leaving the consumer group did not finish in time');
    if (!(await within(this.#producer.close(), CLOSE_TIMEOUT_MS))) logger.warn('closing the producer did not finish in time');
    logger.info(this.totals, 'stopped');
  }

  /** Applies one batch, retrying on dependency failures until it commits (or the worker stops). */
  async #processBatch(records: IngestRecord[]): Promise<void> {
    const { metrics, logger } = this.#deps;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const { outcome, plan, cells, changes, outboxId } = await applyBatch(this.#apply, records);
        const committedAt = Date.now();
        for (const p of plan.candidates) metrics.applyLatency.observe(Math.max(0, committedAt - p.recordTimestampMs) / 1000);
        const waitStart = this.#phases.now();
        await this.#publisher.publish(cells, changes, outboxId);
        this.#phases.lap('publish_wait', waitStart);
        metrics.batchSize.observe(records.length);
        metrics.batchSeconds.observe((performance.now() - started) / 1000);
        metrics.applied.inc(outcome.applied);
        metrics.duplicates.inc(outcome.duplicates);
        metrics.conflicts.inc(outcome.conflicts);
        metrics.redelivered.inc(outcome.alreadyApplied);
        for (const r of plan.rejected) metrics.deadLettered.inc({ code: r.error.code });
        addOutcome(this.totals, outcome);
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
        // An outage is expected and waited out; anything else is a bug or a refusal, retried all
        // the same (nothing is ever skipped) but logged as an error for a person to look at.
        const retryable = (error as { retryable?: boolean }).retryable === true;
        logger[retryable ? 'warn' : 'error'](
          { err: describeError(error), dependency, attempt, retryInMs: wait },
          'batch failed; retrying (nothing is skipped)',
        );
        await pause(wait, this.#stopping ? undefined : this.#abort.signal);
      }
    }
  }
}
