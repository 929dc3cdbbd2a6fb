import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, type Env } from '../../src/config/config.ts';
import { ENV_NAMES, isKnownEnvVar } from '../../src/config/known-env.ts';

/** Runs loadConfig on `env` and returns every variable name it looked up. */
function namesReadBy(env: Env): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  loadConfig(recording);
  return read;
}

// SASL over TLS to Kafka and TLS to Redis, so the variables read only in those modes are read too.
const FULL_ENV: Env = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'PLAIN',
  KAFKA_SASL_USERNAME: 'rfid',
  KAFKA_SASL_PASSWORD: 'x',
  REDIS_URL: 'rediss://127.0.0.1:6380',
};

test('every listed variable is read by loadConfig (the list holds nothing the config ignores)', () => {
  const read = namesReadBy(FULL_ENV);
  const unread = ENV_NAMES.filter((name) => !read.has(name));
  assert.deepEqual(unread, []);
});

test('every variable loadConfig reads is in the list', () => {
  const unknown = [...namesReadBy({})].filter((name) => !isKnownEnvVar(name));
  assert.deepEqual(unknown, []);
});

test('isKnownEnvVar: listed names, NAME_FILE for configuration variables, nothing else', () => {
  assert.equal(isKnownEnvVar('KAFKA_BROKERS'), true);
  assert.equal(isKnownEnvVar('DATABASE_URL_FILE'), true);
  assert.equal(isKnownEnvVar('RFID_INGEST_HEAP_MB'), true);
  assert.equal(isKnownEnvVar('RFID_INGEST_HEAP_MB_FILE'), false);
  assert.equal(isKnownEnvVar('KAFKA_BROKER'), false);
  assert.equal(isKnownEnvVar('_FILE'), false);
});
