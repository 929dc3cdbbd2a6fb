/** Reads a topic from the beginning until `count` records arrived (or the timeout passes). */
import { randomUUID } from 'node:crypto';
import { Consumer } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';

export interface ReadRecord {
  key: string;
  value: string;
  partition: number;
}

export async function readTopic(config: Config, topic: string, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const consumer = new Consumer({ ...kafkaClientOptions(config.kafka, 'test-read'), groupId: `read-${randomUUID()}` });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 200 });
  const out: ReadRecord[] = [];
  const timer = setTimeout(() => void stream.close(), timeoutMs);
  try {
    if (count > 0) {
      for await (const m of stream) {
        out.push({ key: m.key?.toString() ?? '', value: m.value?.toString() ?? '', partition: m.partition });
        if (out.length >= count) break;
      }
    }
  } finally {
    clearTimeout(timer);
    await stream.close().catch(() => {});
    await consumer.close(true).catch(() => {});
  }
  return out;
}
