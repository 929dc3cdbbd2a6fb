/**
 * The worker's membership of the consumer group on the events topic: opening the record stream,
 * re-joining when partitions are added, committing offsets to Kafka (after Postgres, never
 * ahead), and the log-end offsets for lag. Knows nothing of batches or Postgres.
 */
import { Consumer, type Message } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import type { SourceRecord } from '../domain/ingest-batch.ts';
import { describeError } from '../errors.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { kafkaError } from '../kafka/kafka-error.ts';
import type { Logger } from '../logger.ts';
import { within } from '../util/time-limits.ts';

type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/**
 * A fetched record as the worker keeps it: the fields the batch needs, its headers only when it
 * has some (the DLQ copies them), and the client's commit handle. The client's message objects
 * (seven allocations each) are dropped as soon as the record is taken.
 */
export interface IngestRecord extends SourceRecord {
  headers: Map<Buffer, Buffer> | undefined;
  commit: () => unknown;
}

export interface RecordStream extends AsyncIterable<KafkaMessage> {
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A fetch response is decoded whole into the stream's buffer, whatever its high-water mark. About
 * one batch of typical events (~250 bytes each) per fetch: measured on a 300k backlog, 600 bytes
 * per batch slot held ~24k decoded records at a time for no gain in throughput.
 */
export function fetchMaxBytes(batchMaxMessages: number): number {
  return Math.min(16_777_216, Math.max(1_048_576, batchMaxMessages * 300));
}

export function toIngestRecord(m: KafkaMessage): IngestRecord {
  return {
    partition: m.partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ?? null,
    value: m.value ?? null,
    headers: m.headers.size > 0 ? m.headers : undefined,
    commit: m.commit,
  };
}

export class GroupMember {
  readonly #config: Config;
  readonly #logger: Logger;
  #consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  /** Partitions of the events topic when this member joined; more means re-join. */
  #joinedPartitions = 0;
  #partitionsAdded = false;

  constructor(config: Config, logger: Logger) {
    this.#config = config;
    this.#logger = logger;
    this.#consumer = this.#newConsumer();
  }

  /** True once partitions were added to the events topic since this member joined. */
  get partitionsAdded(): boolean {
    return this.#partitionsAdded;
  }

  #newConsumer(): Consumer<Buffer, Buffer, Buffer, Buffer> {
    const { ingest, kafka, groupId } = this.#config;
    const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
      ...kafkaClientOptions(kafka, `ingest-${ingest.workerId}`),
      groupId,
      ...(ingest.groupInstanceId ? { groupInstanceId: ingest.groupInstanceId } : {}),
      sessionTimeout: ingest.sessionTimeoutMs,
      rebalanceTimeout: Math.max(ingest.sessionTimeoutMs, 15_000),
      heartbeatInterval: Math.min(1_000, Math.floor(ingest.sessionTimeoutMs / 3)),
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
    // worker's retry loop already deal with the outage, so it is only logged.
    consumer.on('error', (error: unknown) => this.#logger.warn({ err: describeError(error) }, 'Kafka consumer error (retrying)'));
    return consumer;
  }

  async partitionCount(): Promise<number> {
    const topic = this.#config.topics.events;
    try {
      const metadata = await this.#consumer.metadata({ topics: [topic], forceUpdate: true });
      return metadata.topics.get(topic)?.partitionsCount ?? 0;
    } catch (error) {
      throw kafkaError(error, `reading the metadata of ${topic}`);
    }
  }

  /**
   * Opens the record stream (joining the group). When partitions were added, first leaves and
   * joins again as a new client: nothing in the group protocol reassigns added partitions while
   * the members stay (static members restart without a rebalance), so each member re-joins once
   * per change and the rebalance that follows assigns every partition.
   */
  async open(): Promise<RecordStream> {
    const config = this.#config;
    if (this.#partitionsAdded) {
      this.#logger.info({ topic: config.topics.events, was: this.#joinedPartitions }, 'partitions added to the events topic: re-joining the group');
      this.#partitionsAdded = false;
      await within(this.#consumer.close(true), CLOSE_TIMEOUT_MS);
      this.#consumer = this.#newConsumer();
    }
    this.#joinedPartitions = await this.partitionCount();
    const maxBytes = fetchMaxBytes(config.ingest.batchMaxMessages);
    try {
      return await this.#consumer.consume({
        topics: [config.topics.events],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        maxWaitTime: Math.max(10, Math.min(500, config.ingest.batchMaxWaitMs)),
        // The batcher pulls records out at once; the stream needs no buffer of its own beyond a fetch.
        highWaterMark: 1024,
        // A fetch response is decoded whole into the stream's buffer, whatever its high-water
        // mark: the client's default (50 MB) held ~1 GB of decoded records on a backlog.
        maxBytes,
        maxBytesPerPartition: Math.max(262_144, Math.floor(maxBytes / 4)),
      });
    } catch (error) {
      throw kafkaError(error, `joining group ${config.groupId}`);
    }
  }

  /** Notes added partitions (the worker re-joins at its next batch boundary). */
  async checkPartitions(): Promise<void> {
    const partitions = await this.partitionCount();
    if (this.#joinedPartitions > 0 && partitions > this.#joinedPartitions) this.#partitionsAdded = true;
  }

  /** Log-end offset of each partition of the events topic. */
  async endOffsets(): Promise<bigint[]> {
    const topic = this.#config.topics.events;
    try {
      const ends = await this.#consumer.listOffsets({ topics: [topic] });
      return ends.get(topic) ?? [];
    } catch (error) {
      throw kafkaError(error, `listing the offsets of ${topic}`);
    }
  }

  /**
   * Commits the offset after the last record of each partition of a batch that Postgres has
   * committed. Failures are only logged: Postgres holds the truth, Kafka's copy is for lag tools
   * and catches up with the next batch.
   */
  async commit(records: readonly IngestRecord[]): Promise<void> {
    const last = new Map<number, IngestRecord>();
    for (const r of records) last.set(r.partition, r);
    await Promise.all(
      [...last.values()].map(async (r) => {
        try {
          await r.commit();
        } catch (error) {
          this.#logger.debug({ err: describeError(error), partition: r.partition }, 'Kafka offset commit failed');
        }
      }),
    );
  }

  /** Leaves the group; bounded, so a broker that does not answer cannot keep a stopping worker alive. */
  async close(): Promise<boolean> {
    return within(this.#consumer.close(true), CLOSE_TIMEOUT_MS);
  }
}
