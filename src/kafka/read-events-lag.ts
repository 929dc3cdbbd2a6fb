/**
 * Ingest lag of the events topic for the `ingest_lag` alert: Σ over partitions of the log end
 * offset (Kafka) − the stored next offset (Postgres, the truth of what the stock contains).
 */
import { Admin } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { describeTopicPartitions } from './topics.ts';
import { kafkaClientOptions } from './client-options.ts';
import type { Pool } from '../postgres/pool.ts';
import { readOffsets } from '../postgres/ingest/advance-offsets.ts';

// Kafka's ListOffsets timestamp meaning "the log end".
const LATEST = -1n;

/**
 * A reader of the events topic's lag over one long-lived admin client; `close()` it on shutdown.
 *
 * @example
 * const lag = createEventsLagReader(config, pool); await lag.read(); await lag.close()
 */
export function createEventsLagReader(config: Config, pool: Pool): { read: () => Promise<number>; close: () => Promise<void> } {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'jobs-lag'));
  const topic = config.topics.events;
  return {
    async read() {
      const partitions = (await describeTopicPartitions(admin, [topic])).get(topic) ?? 0;
      if (partitions === 0) return 0;
      const listed = await admin.listOffsets({
        topics: [{ name: topic, partitions: Array.from({ length: partitions }, (_, i) => ({ partitionIndex: i, timestamp: LATEST })) }],
      });
      const stored = await readOffsets(pool, topic);
      let lag = 0n;
      for (const p of listed.find((t) => t.name === topic)?.partitions ?? []) {
        const behind = p.offset - (stored.get(p.partitionIndex) ?? 0n);
        if (behind > 0n) lag += behind;
      }
      return Number(lag);
    },
    close: () => admin.close().catch(() => {}),
  };
}
