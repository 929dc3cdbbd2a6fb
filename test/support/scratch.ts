/** Removes what a test file or a benchmark created on the shared servers: topics by prefix, its consumer group, Redis keys by pattern. */
import { Admin } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { createRedis } from '../../src/redis/client.ts';

export async function removeScratch(config: Config, topicPrefix: string, redisPattern: string): Promise<void> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'scratch-cleanup'));
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.deleteGroups({ groups: [config.groupId] }).catch(() => {});
  } catch {
    /* the broker may be down in a failure test; nothing to clean then */
  } finally {
    await admin.close().catch(() => {});
  }
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', redisPattern, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    /* ditto */
  } finally {
    redis.disconnect();
  }
}
