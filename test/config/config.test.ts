import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environmentWithDotEnv, loadConfig, redactUrl } from '../../src/config/config.ts';
import { isRfidError } from '../../src/errors.ts';

test('defaults follow DESIGN.md §3', () => {
  const c = loadConfig({});
  assert.deepEqual(c.kafka.brokers, ['127.0.0.1:9092']);
  assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
  assert.match(c.databaseUrl, /\/rfid$/);
  assert.deepEqual([c.topics.events, c.topics.dlq, c.topics.changes], ['rfid_events', 'rfid_events_dlq', 'inventory_changes']);
  assert.equal(c.groupId, 'rfid-inventory');
  assert.equal(c.timeZone, 'UTC');
  assert.equal(c.http.port, 8080);
  assert.equal(c.topics.eventsPartitions, 6);
});

test('a wrong value fails fast naming the variable and an example', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: unknown) => isRfidError(e, 'CONFIG_INVALID') && /PORT="eighty"/.test(e.message) && /PORT=8080/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ RFID_TIMEZONE: 'Mars/Olympus' }),
    (e: unknown) => isRfidError(e) && /RFID_TIMEZONE/.test(e.message) && /Asia\/Seoul/.test(e.message),
  );
  assert.throws(() => loadConfig({ KAFKA_BROKERS: 'no-port' }), /KAFKA_BROKERS/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ RFID_TOPIC_EVENTS: 'bad topic!' }), /RFID_TOPIC_EVENTS/);
});

test('all problems are reported together', () => {
  assert.throws(
    () => loadConfig({ PORT: '0', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' }),
    (e: unknown) => {
      assert.ok(isRfidError(e));
      assert.match(e.message, /PORT/);
      assert.match(e.message, /REDIS_URL/);
      assert.match(e.message, /LOG_LEVEL/);
      return true;
    },
  );
});

test('secrets can come from *_FILE variables and are redacted for display', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfid-config-'));
  const file = path.join(dir, 'db-url');
  writeFileSync(file, 'postgres://app:s3cret@db.internal:5432/rfid\n');
  const c = loadConfig({ DATABASE_URL_FILE: file });
  assert.equal(c.databaseUrl, 'postgres://app:s3cret@db.internal:5432/rfid');
  assert.doesNotMatch(redactUrl(c.databaseUrl), /s3cret/);
  assert.throws(() => loadConfig({ DATABASE_URL_FILE: path.join(dir, 'missing') }), /DATABASE_URL_FILE/);
});

test('SASL needs a username and a password', () => {
  const sasl = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' };
  assert.throws(() => loadConfig(sasl), /KAFKA_SASL_USERNAME[\s\S]*KAFKA_SASL_PASSWORD/);
  const c = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'sasl_plaintext', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
  assert.deepEqual(c.kafka.sasl, { mechanism: 'PLAIN', username: 'u', password: 'p' });
  assert.equal(c.kafka.tls, undefined);
});

test('.env values apply but the real environment wins', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfid-dotenv-'));
  const file = path.join(dir, '.env');
  writeFileSync(file, 'PORT=9999\nRFID_GROUP_ID=from-dotenv\n');
  const env = environmentWithDotEnv({ PORT: '7000' }, file);
  const c = loadConfig(env);
  assert.equal(c.http.port, 7000);
  assert.equal(c.groupId, 'from-dotenv');
});

test('API access settings: defaults, CORS origins and the rate limit validated with the variable named', () => {
  const d = loadConfig({});
  assert.deepEqual(d.api, { auth: true, metricsAuth: true, rateLimitPerMin: 600, corsOrigins: [], keyCacheSeconds: 10 });
  const c = loadConfig({ RFID_CORS_ORIGINS: 'https://console.example.com, http://127.0.0.1:5173/', RFID_METRICS_AUTH: 'off', RFID_RATE_LIMIT_PER_MIN: '0' });
  assert.deepEqual(c.api.corsOrigins, ['https://console.example.com', 'http://127.0.0.1:5173']);
  assert.equal(c.api.metricsAuth, false);
  assert.equal(c.api.rateLimitPerMin, 0);
  assert.throws(
    () => loadConfig({ RFID_CORS_ORIGINS: 'https://x.example.com/path', RFID_RATE_LIMIT_PER_MIN: 'lots' }),
    (e: Error) => /RFID_CORS_ORIGINS/.test(e.message) && /RFID_RATE_LIMIT_PER_MIN/.test(e.message),
  );
  assert.throws(() => loadConfig({ RFID_AUTH: 'off', HOST: '0.0.0.0' }), /RFID_AUTH=off with HOST="0.0.0.0"/);
});

test('daily layer: defaults, and each wrong value named with an example', () => {
  const d = loadConfig({}).daily;
  assert.deepEqual(
    [d.runAt, d.workerConcurrency, d.catchUpMaxDays, d.forecastHorizonDays, d.latestForecastMethods, d.backtestWeeks, d.leadTimeDaysDefault, d.serviceLevel],
    ['00:30', 2, 31, 14, ['ma7', 'auto'], 4, 7, 0.95],
  );
  assert.deepEqual(d.alerts, {
    stockoutWithinDays: 7,
    deviceSilentMinutes: 60,
    dlqPerHour: 100,
    ingestLagMessages: 100_000,
    webhookUrl: undefined,
    webhookMaxAttempts: 10,
  });
  // The webhook URL is a secret (its token sits in the path): named, never echoed.
  assert.throws(
    () => loadConfig({ RFID_ALERT_WEBHOOK_URL: 'ftp://x-token' }),
    (e: unknown) => isRfidError(e) && /RFID_ALERT_WEBHOOK_URL=".*": must be an http/.test(e.message) && !e.message.includes('x-token'),
  );
  assert.equal(loadConfig({ RFID_SERVICE_LEVEL: '0.99', RFID_FORECAST_LATEST_METHODS: 'ma7, tsb' }).daily.serviceLevel, 0.99);
  assert.deepEqual(loadConfig({ RFID_FORECAST_LATEST_METHODS: 'ma7, tsb' }).daily.latestForecastMethods, ['ma7', 'tsb']);
  assert.throws(
    () => loadConfig({ RFID_DAILY_RUN_AT: '25:00', RFID_SERVICE_LEVEL: '1.5', RFID_FORECAST_HORIZON_DAYS: '0', RFID_FORECAST_LATEST_METHODS: 'auto' }),
    (e: unknown) => {
      assert.ok(isRfidError(e, 'CONFIG_INVALID'));
      assert.match(e.message, /RFID_DAILY_RUN_AT="25:00": must be a local time HH:MM, e\.g\. RFID_DAILY_RUN_AT=01:15/);
      assert.match(e.message, /RFID_SERVICE_LEVEL="1\.5"/);
      assert.match(e.message, /RFID_FORECAST_HORIZON_DAYS="0"/);
      assert.match(e.message, /RFID_FORECAST_LATEST_METHODS="auto": .*including ma7/);
      return true;
    },
  );
});
