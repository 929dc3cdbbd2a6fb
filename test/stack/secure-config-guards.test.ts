import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { isRfidError } from '../../src/errors.ts';
import { brokerUp } from '../../src/stack/kafka-broker.ts';
import { redisUp } from '../../src/stack/redis-service.ts';

// Port 1 on loopback: nothing answers, so stack up would start a local server there.
const state = mkdtempSync(path.join(tmpdir(), 'rfid-guards-'));
const quiet = () => {};

test('stack up does not start a plain-text broker when the configuration asks for SSL/SASL', async () => {
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SECURITY_PROTOCOL: 'SSL', RFID_STATE_DIR: state });
  await assert.rejects(
    brokerUp(config, quiet),
    (e: unknown) => isRfidError(e, 'KAFKA_UNAVAILABLE') && /KAFKA_SECURITY_PROTOCOL=SSL/.test(e.message) && /plain-text local broker only/.test(e.hint ?? ''),
  );
});

test('stack up does not start a plain-text Redis for a rediss:// URL', async () => {
  const config = loadConfig({ REDIS_URL: 'rediss://127.0.0.1:1', RFID_STATE_DIR: state });
  try {
    await assert.rejects(redisUp(config, quiet), (e: unknown) => isRfidError(e, 'REDIS_UNAVAILABLE') && /over TLS/.test(e.message));
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
