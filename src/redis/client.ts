/** The Redis adapter's client factory (ioredis). */
import { Redis } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import type { TlsMaterial } from '../config/config.ts';

export type { Redis };

/** Node TLS options for a rediss:// URL from the configured material (REDIS_TLS_*). */
export function redisTlsOptions(tls: TlsMaterial): ConnectionOptions {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
  };
}

export interface RedisClientOptions {
  lazyConnect?: boolean;
  maxRetriesPerRequest?: number | null;
  failFast?: boolean;
  /** Commands issued in the same tick go out in one write (the API's concurrent reads). */
  autoPipelining?: boolean;
  /** config.redisTls: set for a rediss:// URL (the URL alone turns TLS on with the public CAs). */
  tls?: TlsMaterial | undefined;
}

export function createRedis(url: string, options: RedisClientOptions = {}): Redis {
  const redis = new Redis(url, {
    // Given explicitly, these replace the bare `tls: {}` that ioredis derives from rediss://.
    ...(options.tls ? { tls: redisTlsOptions(options.tls) } : {}),
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

/** Server version after a PING, or undefined when Redis does not answer (see `redisProbe` for why). */
export async function redisInfo(url: string, tls?: TlsMaterial): Promise<{ version: string } | undefined> {
  const result = await redisProbe(url, tls);
  return result.ok ? { version: result.version } : undefined;
}

/** PING and the server version, or the reason it failed (a refused password, a TLS error). */
export async function redisProbe(url: string, tls?: TlsMaterial): Promise<{ ok: true; version: string } | { ok: false; error: unknown }> {
  const redis = createRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, tls });
  redis.options.retryStrategy = () => null;
  // ioredis reports a refused login or a failed handshake as an 'error' event and then rejects
  // the command with a bare "Connection is closed": keep the event's error, it says why.
  let reason: unknown;
  redis.on('error', (error: unknown) => {
    reason ??= error;
  });
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') return { ok: false, error: new Error(`PING answered ${JSON.stringify(pong)}`) };
    const info = await redis.info('server');
    return { ok: true, version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
  } catch (error) {
    return { ok: false, error: reason ?? error };
  } finally {
    redis.disconnect();
  }
}
