/** A test file's own slice of the real services: a migrated database, the contract topics, a Redis client. */
import { after, before } from 'node:test';
import { ensureTopics } from '../../src/kafka/topics.ts';
import { migrate } from '../../src/postgres/migrate.ts';
import { createPool, ensureDatabase, type Pool } from '../../src/postgres/pool.ts';
import { createRedis, type Redis } from '../../src/redis/client.ts';
import { InventoryCache } from '../../src/redis/inventory-cache.ts';
import type { TestEnv } from './test-env.ts';

export interface Services {
  pool: Pool;
  redis: Redis;
  cache: InventoryCache;
  /** Closes the clients and removes the database, topics and keys. */
  close(): Promise<void>;
}

export async function openServices(t: TestEnv): Promise<Services> {
  await ensureDatabase(t.config.databaseUrl);
  const pool = createPool(t.config.databaseUrl);
  await migrate(pool);
  await ensureTopics(t.config);
  const redis = createRedis(t.config.redisUrl, { failFast: true, maxRetriesPerRequest: 1 });
  // failFast clients refuse commands until connected: wait, so a test's first command does not fail.
  if (redis.status !== 'ready')
    await new Promise<void>((resolve, reject) => redis.once('ready', resolve).once('end', () => reject(new Error('Redis connection ended'))));
  return {
    pool,
    redis,
    cache: new InventoryCache(redis, t.config.redisPrefix),
    async close() {
      redis.disconnect();
      await pool.end();
      await t.cleanup();
    },
  };
}

/**
 * A test file's services, opened in `before` and closed in `after` (registered here), so a file
 * says `const services = useServices(t)` instead of repeating the hooks.
 */
export function useServices(t: TestEnv): Services {
  let opened: Services | undefined;
  before(async () => {
    opened = await openServices(t);
  });
  after(async () => {
    await opened?.close();
  });
  const get = (): Services => {
    if (!opened) throw new Error('the services open in before(): use them inside a test or a hook');
    return opened;
  };
  return {
    get pool() {
      return get().pool;
    },
    get redis() {
      return get().redis;
    },
    get cache() {
      return get().cache;
    },
    close: () => get().close(),
  };
}
