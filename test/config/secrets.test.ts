import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, redactUrl } from '../../src/config/config.ts';
import { forgetSecrets, redactSecrets, registerSecret } from '../../src/config/secrets.ts';
import { isRfidError } from '../../src/errors.ts';
import { masked } from '../../src/logger.ts';

test('URL credentials are masked in any text, without a registered secret', () => {
  forgetSecrets();
  assert.equal(
    redactSecrets('connect failed: postgres://app:pa55word@db:5432/rfid and redis://:r3dis@h:6379/0 and rediss://u:p%40ss@h'),
    'connect failed: postgres://app:***@db:5432/rfid and redis://:***@h:6379/0 and rediss://u:***@h',
  );
  assert.equal(redactSecrets('postgres://app@db:5432/rfid (no password)'), 'postgres://app@db:5432/rfid (no password)');
});

test('registered secrets are masked in every form they may take (plain, percent-encoded, JSON-escaped)', () => {
  forgetSecrets();
  registerSecret('p@ss"word/1');
  registerSecret('abc'); // too short to mask: would garble ordinary text
  const text = `plain p@ss"word/1 url p%40ss%22word%2F1 json ${JSON.stringify({ pw: 'p@ss"word/1' })} abc`;
  const out = redactSecrets(text);
  assert.doesNotMatch(out, /p@ss|p%40ss/);
  assert.match(out, /abc$/);
});

test('loading the configuration registers every secret: SASL password, URL passwords, webhook URL, private keys', () => {
  forgetSecrets();
  const dir = mkdtempSync(path.join(tmpdir(), 'rfid-secrets-'));
  writeFileSync(path.join(dir, 'kafka-password'), 'kafka-Secret-1\n');
  const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  const cert = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----';
  loadConfig({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
    KAFKA_SASL_USERNAME: 'rfid',
    KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'kafka-password'),
    KAFKA_SSL_CERT: cert,
    KAFKA_SSL_KEY: key,
    DATABASE_URL: 'postgres://app:db-Secret-2@db:5432/rfid',
    REDIS_URL: 'redis://cache:6379',
    REDIS_PASSWORD: 'redis-Secret-3',
    RFID_ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T0/B0/hook-Secret-4',
  });
  const leaked = `kafka-Secret-1 db-Secret-2 redis-Secret-3 https://hooks.example.com/services/T0/B0/hook-Secret-4 ${key}`;
  const out = redactSecrets(leaked);
  for (const s of ['kafka-Secret-1', 'db-Secret-2', 'redis-Secret-3', 'hook-Secret-4', 'MIIEvQ']) assert.ok(!out.includes(s), `${s} leaked: ${out}`);
  assert.equal(redactSecrets('rfid'), 'rfid', 'a user name is not a secret');
});

test('an invalid secret URL is named in the error without its value', () => {
  forgetSecrets();
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://app:db-Secret-5@db/rfid', REDIS_URL: 'http://:redis-Secret-6@x' }),
    (e: unknown) => isRfidError(e, 'CONFIG_INVALID') && /DATABASE_URL/.test(e.message) && /REDIS_URL/.test(e.message) && !/Secret-[56]/.test(e.message),
  );
});

test('redactUrl also masks a password registered elsewhere (e.g. in a query parameter)', () => {
  forgetSecrets();
  registerSecret('query-Secret-7');
  assert.equal(redactUrl('postgres://app:x-Secret@db/rfid?password=query-Secret-7'), 'postgres://app:***@db/rfid?password=***');
});

test('log lines pass through the mask, however deep the secret sits', () => {
  forgetSecrets();
  registerSecret('log-Secret-8');
  const lines: string[] = [];
  const stream = masked({ write: (line: string) => lines.push(line) });
  stream.write(`${JSON.stringify({ err: { message: 'auth failed for log-Secret-8', cause: { url: 'redis://:other@h' } } })}\n`);
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0] ?? '', /log-Secret-8|other@/);
  assert.match(lines[0] ?? '', /auth failed for \*\*\*/);
});
