/** The Redis adapter's client factory (ioredis). */
import { Redis } from 'ioredis';

export type { Redis };

export function createRedis(
  url: string,
  options: { lazyConnect?: boolean; maxRetriesPerRequest?: number | null; failFast?: boolean; autoPipelining?: boolean } = {},
): Redis {
  const redis = new Redis(url, {
    lazyConnect: options.lazyConnect ?? false,
    // failFast: commands fail at once while disconnected instead of queueing, so the ingest
    // path never waits on Redis (it marks the cache dirty and rebuilds it later).
    enableOfflineQueue: !options.failFast,
    // null = queue commands while disconnected and retry forever (the ingest path wants this);
    // probes pass a small number so they fail fast.
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    // autoPipelining: commands issued in the same tick go out in one write (the API's concurrent
    // single-cell reads); the ingest path batches its own commands and keeps it off.
    enableAutoPipelining: options.autoPipelining ?? false,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
    connectTimeout: 5_000,
  });
  // Connection errors are reported through commands and health checks; an unhandled 'error'
  // event would otherwise crash the process during a Redis outage.
  redis.on('error', () => {});
  return redis;
}

export async function redisInfo(url: string): Promise<{ version: string } | undefined> {
  const redis = createRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  redis.options.retryStrategy = () => null;
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') return undefined;
    const info = await redis.info('server');
    return { version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}
