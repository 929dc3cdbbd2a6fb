/**
 * Typed configuration from environment variables (DESIGN.md §3), validated once at start.
 * Every problem names the variable and gives an example; all problems are reported together.
 *
 * @example
 * const config = loadConfig({ ...process.env, PORT: '9090' })
 * config.http.port // 9090
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseEnv } from 'node:util';
import os from 'node:os';
import type { ValidationLimits } from '../domain/rfid-event.ts';
import { RfidError } from '../errors.ts';

import { Reader, type Env } from './env-reader.ts';
import { readKafkaConfig, type KafkaConfig } from './kafka-config.ts';
import { readDatabaseUrl } from './postgres-config.ts';
import { readRedisConfig } from './redis-config.ts';
import type { TlsMaterial } from './tls-config.ts';
import { redactSecrets } from './secrets.ts';
import type { EnvName } from './known-env.ts';
import { readDailyConfig, type DailyConfig } from './daily-config.ts';
import { isLoopbackHost, readApiConfig, type ApiConfig } from './api-config.ts';

export type { ApiConfig, DailyConfig, Env, KafkaConfig, TlsMaterial };
export { isLoopbackHost };

export interface Config {
  kafka: KafkaConfig;
  databaseUrl: string;
  redisUrl: string;
  /** Set when REDIS_URL is rediss://. */
  redisTls: TlsMaterial | undefined;
  /** Prepended to every Redis key, e.g. `t1:` gives `t1:inv:{sku}:{location}`; empty in production. */
  redisPrefix: string;
  topics: { events: string; dlq: string; changes: string; eventsPartitions: number };
  groupId: string;
  timeZone: string;
  http: {
    port: number;
    host: string;
    /** Largest JSON body POST /v1/events accepts (413 above). */
    bodyLimitBytes: number;
    /** Most events in one POST /v1/events array. */
    maxEventsPerRequest: number;
    /** Largest CSV upload POST /v1/imports accepts (413 above). */
    importMaxBytes: number;
    /** Most GET /v1/stream clients at once (503 above): each holds a Kafka consumer. */
    maxStreams: number;
    /** Interval of the SSE heartbeat comment that keeps proxies from closing an idle stream. */
    streamHeartbeatMs: number;
  };
  /**
   * Who may use the HTTP API and how much (issue 11). Keys live hashed in Postgres (`rfid apikey`).
   * RFID_AUTH=off is for a demo on one machine only: it is refused unless HOST is loopback.
   */
  api: ApiConfig;
  ingest: {
    batchMaxMessages: number;
    batchMaxWaitMs: number;
    maxMessageBytes: number;
    maxFutureSkewSeconds: number;
    /** The two limits above in the form the event rules take (one home for every reader of events). */
    validation: ValidationLimits;
    workerId: string;
    /** Static group membership: a restarted worker with the same id takes its partitions back at once. */
    groupInstanceId: string | undefined;
    sessionTimeoutMs: number;
    /** 0 = no metrics endpoint on the worker. */
    metricsPort: number;
  };
  stack: { kafkaVersion: string; stateDir: string; cacheDir: string; kafkaHeapMb: number };
  logLevel: string;
  /** `auto`: readable lines when stderr is a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  daily: DailyConfig;
  /** The demo feed `rfid up` starts when the events topic is empty. */
  demo: { historyCount: number; historyDays: number; rate: number };
}

/** The checkout's root: src/config/ is two levels below it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);

  const kafka = readKafkaConfig(r, env);
  const databaseUrl = readDatabaseUrl(r);
  const redis = readRedisConfig(r, env);
  const topic = (name: EnvName, fallback: string) =>
    r.string(name, fallback, {
      test: (v) => TOPIC_NAME.test(v),
      rule: 'must be a Kafka topic name ([A-Za-z0-9._-], at most 249 characters)',
      example: fallback,
    });

  const maxMessageBytes = r.int('RFID_MAX_MESSAGE_BYTES', 16_384, 256, 10_485_760);
  const maxFutureSkewSeconds = r.int('RFID_MAX_FUTURE_SKEW_SECONDS', 300, 0, 31_536_000);

  const config: Config = {
    kafka,
    databaseUrl: withDefaultUser(databaseUrl),
    redisUrl: redis.url,
    redisTls: redis.tls,
    redisPrefix: r.string('RFID_REDIS_PREFIX', '', { test: (v) => !/\s/.test(v), rule: 'must not contain white space', example: 'staging:' }),
    topics: {
      events: topic('RFID_TOPIC_EVENTS', 'rfid_events'),
      dlq: topic('RFID_TOPIC_DLQ', 'rfid_events_dlq'),
      changes: topic('RFID_TOPIC_CHANGES', 'inventory_changes'),
      eventsPartitions: r.int('RFID_EVENTS_PARTITIONS', 6, 1, 10_000),
    },
    groupId: r.string('RFID_GROUP_ID', 'rfid-inventory', {
      test: (v) => v.length > 0 && v.length <= 255,
      rule: 'must be 1 to 255 characters',
      example: 'rfid-inventory',
    }),
    timeZone: r.string('RFID_TIMEZONE', 'UTC', { test: isValidTimeZone, rule: 'must be an IANA time zone', example: 'Asia/Seoul' }),
    http: {
      port: r.int('PORT', 8080, 1, 65_535),
      host: r.string('HOST', '127.0.0.1'),
      bodyLimitBytes: r.int('RFID_HTTP_BODY_LIMIT_BYTES', 4_194_304, 1_024, 1_073_741_824),
      maxEventsPerRequest: r.int('RFID_HTTP_MAX_EVENTS', 5_000, 1, 100_000),
      importMaxBytes: r.int('RFID_IMPORT_MAX_BYTES', 1_073_741_824, 1_024, 68_719_476_736),
      maxStreams: r.int('RFID_SSE_MAX_STREAMS', 50, 1, 10_000),
      streamHeartbeatMs: r.int('RFID_SSE_HEARTBEAT_MS', 15_000, 1_000, 300_000),
    },
    api: readApiConfig(r),
    ingest: {
      batchMaxMessages: r.int('RFID_BATCH_MAX_MESSAGES', 10_000, 1, 100_000),
      batchMaxWaitMs: r.int('RFID_BATCH_MAX_WAIT_MS', 5, 1, 60_000),
      maxMessageBytes,
      maxFutureSkewSeconds,
      validation: { maxMessageBytes, maxFutureSkewMs: maxFutureSkewSeconds * 1000 },
      workerId: r.string('RFID_WORKER_ID', `${process.env.HOSTNAME ?? 'host'}-${process.pid}`),
      groupInstanceId: r.raw('RFID_GROUP_INSTANCE_ID'),
      sessionTimeoutMs: r.int('RFID_SESSION_TIMEOUT_MS', 10_000, 6_000, 300_000),
      metricsPort: r.int('RFID_METRICS_PORT', 0, 0, 65_535),
    },
    stack: {
      kafkaVersion: r.string('RFID_KAFKA_VERSION', '4.2.0', {
        test: (v) => /^4\.\d+\.\d+$/.test(v),
        rule: 'must be an Apache Kafka 4.x version',
        example: '4.2.0',
      }),
      stateDir: path.resolve(r.string('RFID_STATE_DIR', path.join(PROJECT_ROOT, '.run'))),
      cacheDir: path.resolve(r.string('RFID_CACHE_DIR', path.join(PROJECT_ROOT, '.cache'))),
      kafkaHeapMb: r.int('RFID_KAFKA_HEAP_MB', 512, 128, 16_384),
    },
    logFormat: r.string('LOG_FORMAT', 'auto', {
      test: (v) => ['auto', 'json', 'pretty'].includes(v),
      rule: 'must be one of auto, json, pretty',
      example: 'json',
    }) as Config['logFormat'],
    logLevel: r.string('LOG_LEVEL', 'info', {
      test: (v) => ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v),
      rule: 'must be one of fatal, error, warn, info, debug, trace, silent',
      example: 'debug',
    }),
    daily: readDailyConfig(r),
    demo: {
      historyCount: r.int('RFID_DEMO_HISTORY_COUNT', 30_000, 1, 10_000_000),
      historyDays: r.int('RFID_DEMO_HISTORY_DAYS', 3, 1, 366),
      rate: r.int('RFID_DEMO_RATE', 20, 1, 100_000),
    },
  };

  if (r.problems.length > 0) {
    throw new RfidError('CONFIG_INVALID', redactSecrets(`invalid configuration:\n  - ${r.problems.join('\n  - ')}`), {
      hint: 'fix the variables above in the environment or in .env (see .env.example)',
    });
  }
  return config;
}

/**
 * A postgres:// URL without a user name gets the operating-system user, as libpq does (`psql`
 * connects as the OS user). Without this, node-postgres falls back to $USER and, where that is
 * unset (cron, containers, systemd units), the server answers "no PostgreSQL user name specified
 * in startup packet".
 */
export function withDefaultUser(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    if (u.username !== '') return databaseUrl;
    u.username = encodeURIComponent(process.env.PGUSER || os.userInfo().username);
    return u.toString();
  } catch {
    return databaseUrl; // validated above; an unparsable URL was already reported
  }
}

/** Values from a `.env` file under the working directory; the real environment wins over it. */
export function environmentWithDotEnv(env: Env = process.env, file = path.resolve('.env')): Env {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return env;
  }
  // util.parseEnv is Node's own .env parser: no dependency needed for this.
  return { ...(parseEnv(text) as Env), ...env };
}

/** A connection URL with the password replaced, safe for logs and `stack status`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return redactSecrets(u.toString());
  } catch {
    return '<unparsable url>';
  }
}
