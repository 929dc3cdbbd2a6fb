/**
 * The sum of a topic's log end offsets over its partitions: 0 means nothing was ever written to
 * it (retention deletes messages but never moves an end offset back). A missing topic counts 0.
 */
import { Admin } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { RfidError } from '../errors.ts';
import { kafkaClientOptions } from './client-options.ts';
import { describeTopicPartitions } from './topics.ts';

// Kafka's ListOffsets timestamp meaning "the log end".
const LATEST = -1n;

/**
 * @example
 * await readEndOffsetsTotal(config, config.topics.events) // 0n on a fresh topic
 */
export async function readEndOffsetsTotal(config: Config, topic: string): Promise<bigint> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'end-offsets'));
  try {
    const partitions = (await describeTopicPartitions(admin, [topic])).get(topic) ?? 0;
    if (partitions === 0) return 0n;
    const listed = await admin.listOffsets({
      topics: [{ name: topic, partitions: Array.from({ length: partitions }, (_, i) => ({ partitionIndex: i, timestamp: LATEST })) }],
    });
    let total = 0n;
    for (const p of listed.find((t) => t.name === topic)?.partitions ?? []) total += p.offset;
    return total;
  } catch (error) {
    throw new RfidError('KAFKA_UNAVAILABLE', `cannot read the end offsets of ${topic}`, { cause: error });
  } finally {
    await admin.close().catch(() => {});
  }
}
