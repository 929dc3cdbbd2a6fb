/**
 * Every environment variable rfid reads, in one list. The configuration readers accept only these
 * names (`Reader` takes an `EnvName`), so a new variable cannot be read without being listed here;
 * the deployment files (docker-compose.yml, the Helm chart) are checked against this list by
 * test/deploy, so they cannot set a variable the program ignores.
 *
 * @example
 * isKnownEnvVar('KAFKA_BROKERS') // true
 * isKnownEnvVar('KAFKA_SASL_PASSWORD_FILE') // true: any variable may come from NAME_FILE
 * isKnownEnvVar('KAFKA_BROKER') // false
 */
export const ENV_NAMES = [
  // Kafka
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  // read only to refuse it with a pointer to KAFKA_SECURITY_PROTOCOL (its replacement)
  'KAFKA_TLS',
  'KAFKA_SECURITY_PROTOCOL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SSL_CA',
  'KAFKA_SSL_CERT',
  'KAFKA_SSL_KEY',
  'KAFKA_SSL_KEY_PASSWORD',
  'KAFKA_SSL_REJECT_UNAUTHORIZED',
  // Postgres (libpq's PGSSL* apply when DATABASE_URL does not say) and Redis
  'DATABASE_URL',
  'PGSSLMODE',
  'PGSSLROOTCERT',
  'PGSSLCERT',
  'PGSSLKEY',
  'REDIS_URL',
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_TLS_CA',
  'REDIS_TLS_CERT',
  'REDIS_TLS_KEY',
  'REDIS_TLS_KEY_PASSWORD',
  'REDIS_TLS_REJECT_UNAUTHORIZED',
  'RFID_REDIS_PREFIX',
  // Topics and consumer group
  'RFID_TOPIC_EVENTS',
  'RFID_TOPIC_DLQ',
  'RFID_TOPIC_CHANGES',
  'RFID_EVENTS_PARTITIONS',
  'RFID_GROUP_ID',
  'RFID_TIMEZONE',
  // HTTP API
  'PORT',
  'HOST',
  'RFID_HTTP_BODY_LIMIT_BYTES',
  'RFID_HTTP_MAX_EVENTS',
  'RFID_IMPORT_MAX_BYTES',
  'RFID_SSE_MAX_STREAMS',
  'RFID_SSE_HEARTBEAT_MS',
  'RFID_AUTH',
  'RFID_CORS_ORIGINS',
  'RFID_METRICS_AUTH',
  'RFID_RATE_LIMIT_PER_MIN',
  'RFID_API_KEY_CACHE_SECONDS',
  // Ingest worker
  'RFID_BATCH_MAX_MESSAGES',
  'RFID_BATCH_MAX_WAIT_MS',
  'RFID_MAX_MESSAGE_BYTES',
  'RFID_MAX_FUTURE_SKEW_SECONDS',
  'RFID_WORKER_ID',
  'RFID_GROUP_INSTANCE_ID',
  'RFID_SESSION_TIMEOUT_MS',
  'RFID_METRICS_PORT',
  // Local stack (`rfid stack up`)
  'RFID_KAFKA_VERSION',
  'RFID_STATE_DIR',
  'RFID_CACHE_DIR',
  'RFID_KAFKA_HEAP_MB',
  // Logs
  'LOG_LEVEL',
  'LOG_FORMAT',
  // Daily layer
  'RFID_DAILY_RUN_AT',
  'RFID_JOBS_CONCURRENCY',
  'RFID_JOBS_CATCHUP_MAX_DAYS',
  'RFID_FORECAST_HORIZON_DAYS',
  'RFID_FORECAST_LATEST_METHODS',
  'RFID_BACKTEST_WEEKS',
  'RFID_DAILY_CHUNK_CELLS',
  'RFID_LEAD_TIME_DAYS',
  'RFID_SERVICE_LEVEL',
  'RFID_ALERT_STOCKOUT_DAYS',
  'RFID_ALERT_DEVICE_SILENT_MINUTES',
  'RFID_ALERT_DLQ_PER_HOUR',
  'RFID_ALERT_INGEST_LAG_MESSAGES',
  'RFID_ALERT_WEBHOOK_URL',
  'RFID_ALERT_WEBHOOK_MAX_ATTEMPTS',
  // The demo feed of `rfid up`
  'RFID_DEMO_HISTORY_COUNT',
  'RFID_DEMO_HISTORY_DAYS',
  'RFID_DEMO_RATE',
] as const;

export type EnvName = (typeof ENV_NAMES)[number];

/**
 * Read outside the configuration readers: by bin/rfid before Node starts (the ingest worker's heap
 * bounds, NODE_OPTIONS), or as the defaults the platform sets (HOSTNAME names the default worker
 * id; PGUSER the default Postgres user, as libpq does).
 */
export const ENV_NAMES_OUTSIDE_CONFIG = ['RFID_INGEST_HEAP_MB', 'RFID_INGEST_SEMI_SPACE_MB', 'NODE_OPTIONS', 'HOSTNAME', 'PGUSER'] as const;

const KNOWN = new Set<string>([...ENV_NAMES, ...ENV_NAMES_OUTSIDE_CONFIG]);

/** True when rfid reads `name`, directly or (for a configuration variable) as `NAME_FILE`. */
export function isKnownEnvVar(name: string): boolean {
  if (KNOWN.has(name)) return true;
  return name.endsWith('_FILE') && (ENV_NAMES as readonly string[]).includes(name.slice(0, -'_FILE'.length));
}
