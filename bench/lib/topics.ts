/** A scratch topic for a benchmark (removed with the bench environment's topics by prefix). */
import { Admin } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';

export async function createTopic(config: Config, topic: string, partitions: number): Promise<void> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'bench-topics'));
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}
