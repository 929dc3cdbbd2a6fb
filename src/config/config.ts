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

export type Env = Record<string, string | undefined>;

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  sasl: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string } | undefined;
  tls: boolean;
}

export interface Config {
  kafka: KafkaConfig;
  databaseUrl: string;
  redisUrl: string;
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
  api: {
    /** RFID_AUTH (on|off, default on): every route but health needs `Authorization: Bearer <key>`. */
    auth: boolean;
    /** RFID_METRICS_AUTH (on|off, default on): /metrics needs a key (any role); off for a scraper without one. */
    metricsAuth: boolean;
    /** RFID_RATE_LIMIT_PER_MIN (default 600; 0 = no limit): requests per minute per API key. */
    rateLimitPerMin: number;
    /** RFID_CORS_ORIGINS (comma list of origins, `*` for any; default none): browsers allowed to call. */
    corsOrigins: string[];
    /** RFID_API_KEY_CACHE_SECONDS (default 10): how long a looked-up key is trusted; a revoked key works at most this long. */
    keyCacheSeconds: number;
  };
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

// ── Daily layer (issue 10): jobs, snapshots, forecasts, reorder signals, alerts ──────────────
export interface DailyConfig {
  /** Local time (HH:MM in RFID_TIMEZONE) after which the previous business day is run. */
  runAt: string;
  /** Jobs one `rfid worker` runs at once. */
  workerConcurrency: number;
  /** Most missed days a worker catches up after downtime (older ones need `rfid jobs backfill`). */
  catchUpMaxDays: number;
  forecastHorizonDays: number;
  /**
   * Methods written to the seed's `shipment_forecast_daily` (dashboards); every method and `auto`
   * always go to `shipment_forecast_by_origin`.
   */
  latestForecastMethods: string[];
  /** Rolling-origin backtest over the last N weeks. */
  backtestWeeks: number;
  /** Cells per read/write round trip in the forecast and reorder jobs. */
  chunkCells: number;
  leadTimeDaysDefault: number;
  serviceLevel: number;
  alerts: {
    stockoutWithinDays: number;
    /** 0 = rule off. */
    deviceSilentMinutes: number;
    /** Dead letters in the last hour above which an alert opens (0 = rule off). */
    dlqPerHour: number;
    /** Events in the events topic not yet applied (log end − stored offset, all partitions) above which an alert opens (0 = rule off). */
    ingestLagMessages: number;
    /** Where alert transitions are POSTed as JSON; undefined = no webhook. */
    webhookUrl: string | undefined;
    webhookMaxAttempts: number;
  };
}

/** The checkout's root: src/config/ is two levels below it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

class Reader {
  readonly problems: string[] = [];
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  /** A value from NAME, or from the file named by NAME_FILE (for secrets). */
  raw(name: string): string | undefined {
    const direct = this.env[name];
    if (direct !== undefined && direct !== '') return direct;
    const file = this.env[`${name}_FILE`];
    if (file !== undefined && file !== '') {
      try {
        return readFileSync(file, 'utf8').trim();
      } catch (error) {
        this.problems.push(`${name}_FILE: cannot read ${file} (${(error as Error).message})`);
      }
    }
    return undefined;
  }

  string(name: string, fallback: string, check?: { test: (v: string) => boolean; rule: string; example: string }): string {
    const value = this.raw(name) ?? fallback;
    if (check && !check.test(value)) this.problems.push(`${name}=${JSON.stringify(value)}: ${check.rule}, e.g. ${name}=${check.example}`);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(value)}: must be an integer from ${min} to ${max}, e.g. ${name}=${fallback}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)}: must be true or false, e.g. ${name}=true`);
    return fallback;
  }
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);

  const brokersRaw = r.string('KAFKA_BROKERS', '127.0.0.1:9092', {
    test: (v) => v.split(',').every((b) => HOST_PORT.test(b.trim())),
    rule: 'must be a comma-separated list of host:port',
    example: '127.0.0.1:9092,10.0.0.2:9092',
  });
  const saslMechanism = r.raw('KAFKA_SASL_MECHANISM');
  let sasl: KafkaConfig['sasl'];
  if (saslMechanism !== undefined) {
    const mechanism = saslMechanism.toUpperCase();
    if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
      r.problems.push(
        `KAFKA_SASL_MECHANISM=${JSON.stringify(saslMechanism)}: must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, e.g. KAFKA_SASL_MECHANISM=SCRAM-SHA-512`,
      );
    } else {
      const username = r.raw('KAFKA_SASL_USERNAME');
      const password = r.raw('KAFKA_SASL_PASSWORD');
      if (username === undefined) r.problems.push('KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set, e.g. KAFKA_SASL_USERNAME=rfid');
      if (password === undefined) r.problems.push('KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE): required when KAFKA_SASL_MECHANISM is set');
      sasl = { mechanism, username: username ?? '', password: password ?? '' };
    }
  }

  const databaseUrl = r.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/rfid', {
    test: (v) => isUrl(v, ['postgres:', 'postgresql:']),
    rule: 'must be a postgres:// URL',
    example: 'postgres://app:secret@127.0.0.1:5432/rfid',
  });
  const redisUrl = r.string('REDIS_URL', 'redis://127.0.0.1:6379', {
    test: (v) => isUrl(v, ['redis:', 'rediss:']),
    rule: 'must be a redis:// or rediss:// URL',
    example: 'redis://127.0.0.1:6379/0',
  });
  const topic = (name: string, fallback: string) =>
    r.string(name, fallback, {
      test: (v) => TOPIC_NAME.test(v),
      rule: 'must be a Kafka topic name ([A-Za-z0-9._-], at most 249 characters)',
      example: fallback,
    });

  const maxMessageBytes = r.int('RFID_MAX_MESSAGE_BYTES', 16_384, 256, 10_485_760);
  const maxFutureSkewSeconds = r.int('RFID_MAX_FUTURE_SKEW_SECONDS', 300, 0, 31_536_000);

  const config: Config = {
    kafka: {
      brokers: brokersRaw.split(',').map((b) => b.trim()),
      clientId: r.string('KAFKA_CLIENT_ID', 'rfid-pipeline'),
      sasl,
      tls: r.bool('KAFKA_TLS', false),
    },
    databaseUrl: withDefaultUser(databaseUrl),
    redisUrl,
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
    throw new RfidError('CONFIG_INVALID', `invalid configuration:\n  - ${r.problems.join('\n  - ')}`, {
      hint: 'fix the variables above in the environment or in .env (see .env.example)',
    });
  }
  return config;
}

/** True for a host name or address that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m?.slice(1).every((octet) => Number(octet) <= 255) === true;
}

function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

function readApiConfig(r: Reader): Config['api'] {
  const auth = r.bool('RFID_AUTH', true);
  const host = r.raw('HOST') ?? '127.0.0.1';
  if (!auth && !isLoopbackHost(host)) {
    r.problems.push(
      `RFID_AUTH=off with HOST=${JSON.stringify(host)}: the API without keys may only listen on a loopback HOST (127.0.0.0/8, ::1, localhost); set HOST=127.0.0.1 or RFID_AUTH=on`,
    );
  }
  const origins = r.string('RFID_CORS_ORIGINS', '', {
    test: (v) => v.trim() === '' || v.split(',').every((o) => isOrigin(o.trim())),
    rule: 'must be a comma-separated list of origins (scheme://host[:port], no path) or *',
    example: 'https://console.example.com,http://127.0.0.1:5173',
  });
  return {
    auth,
    metricsAuth: r.bool('RFID_METRICS_AUTH', true),
    rateLimitPerMin: r.int('RFID_RATE_LIMIT_PER_MIN', 600, 0, 10_000_000),
    corsOrigins: origins.trim() === '' ? [] : origins.split(',').map((o) => o.trim().replace(/\/$/, '')),
    keyCacheSeconds: r.int('RFID_API_KEY_CACHE_SECONDS', 10, 0, 3_600),
  };
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

// ── Daily layer (issue 10) ───────────────────────────────────────────────────────────────────
// The names of src/domain/forecast/methods.ts plus `auto` (config imports nothing from the domain).
const FORECAST_METHOD_NAMES = ['ma7', 'ses', 'croston', 'croston_sba', 'tsb', 'holt_winters', 'auto'];

function readDailyConfig(r: Reader): DailyConfig {
  const serviceLevel = r.string('RFID_SERVICE_LEVEL', '0.95', {
    test: (v) => /^0?\.\d+$/.test(v.trim()) && Number(v) >= 0.5 && Number(v) < 1,
    rule: 'must be a probability from 0.5 to below 1',
    example: '0.95',
  });
  const webhookUrl = r.string('RFID_ALERT_WEBHOOK_URL', '', {
    test: (v) => v === '' || isUrl(v, ['http:', 'https:']),
    rule: 'must be an http:// or https:// URL (or empty for none)',
    example: 'https://hooks.example.com/rfid',
  });
  return {
    runAt: r.string('RFID_DAILY_RUN_AT', '00:30', { test: (v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), rule: 'must be a local time HH:MM', example: '01:15' }),
    workerConcurrency: r.int('RFID_JOBS_CONCURRENCY', 2, 1, 64),
    catchUpMaxDays: r.int('RFID_JOBS_CATCHUP_MAX_DAYS', 31, 1, 3_660),
    forecastHorizonDays: r.int('RFID_FORECAST_HORIZON_DAYS', 14, 1, 366),
    latestForecastMethods: r
      .string('RFID_FORECAST_LATEST_METHODS', 'ma7,auto', {
        test: (v) => v.split(',').every((m) => FORECAST_METHOD_NAMES.includes(m.trim())) && v.split(',').some((m) => m.trim() === 'ma7'),
        rule: `must be a comma-separated list of ${FORECAST_METHOD_NAMES.join(', ')} including ma7 (the seed's method)`,
        example: 'ma7,auto,tsb',
      })
      .split(',')
      .map((m) => m.trim()),
    backtestWeeks: r.int('RFID_BACKTEST_WEEKS', 4, 1, 52),
    chunkCells: r.int('RFID_DAILY_CHUNK_CELLS', 5_000, 1, 1_000_000),
    leadTimeDaysDefault: r.int('RFID_LEAD_TIME_DAYS', 7, 0, 3_650),
    serviceLevel: Number(serviceLevel),
    alerts: {
      stockoutWithinDays: r.int('RFID_ALERT_STOCKOUT_DAYS', 7, 1, 366),
      deviceSilentMinutes: r.int('RFID_ALERT_DEVICE_SILENT_MINUTES', 60, 0, 525_600),
      dlqPerHour: r.int('RFID_ALERT_DLQ_PER_HOUR', 100, 0, 100_000_000),
      ingestLagMessages: r.int('RFID_ALERT_INGEST_LAG_MESSAGES', 100_000, 0, 1_000_000_000),
      webhookUrl: webhookUrl === '' ? undefined : webhookUrl,
      webhookMaxAttempts: r.int('RFID_ALERT_WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    },
  };
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

/** The database URL with the password replaced, safe for logs and `stack status`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable url>';
  }
}
