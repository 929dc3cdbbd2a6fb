import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { isRfidError } from '../../src/errors.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'rfid-secret-files-'));
function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}
const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----\n';

test('every secret variable is read from NAME_FILE, trimmed', () => {
  const c = loadConfig({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME_FILE: file('kuser', 'rfid\n'),
    KAFKA_SASL_PASSWORD_FILE: file('kpass', 'k-pass\n'),
    KAFKA_SSL_CA_FILE: file('ca.pem', CA),
    KAFKA_SSL_CERT_FILE: file('client.pem', CERT),
    KAFKA_SSL_KEY_FILE: file('client.key', KEY),
    KAFKA_SSL_KEY_PASSWORD_FILE: file('keypass', 'key-pass\n'),
    DATABASE_URL_FILE: file('dburl', 'postgres://app:db-pass@db:5432/rfid\n'),
    REDIS_URL_FILE: file('redisurl', 'rediss://cache:6380/0\n'),
    REDIS_USERNAME_FILE: file('ruser', 'rfid-user\n'),
    REDIS_PASSWORD_FILE: file('rpass', 'r p@ss/word\n'),
    REDIS_TLS_CA_FILE: file('redis-ca.pem', CA),
    RFID_ALERT_WEBHOOK_URL_FILE: file('hook', 'https://hooks.example.com/x/token\n'),
  });
  assert.deepEqual(c.kafka.sasl, { mechanism: 'SCRAM-SHA-512', username: 'rfid', password: 'k-pass' });
  assert.deepEqual(c.kafka.tls, { ca: CA.trim(), cert: CERT.trim(), key: KEY.trim(), passphrase: 'key-pass', rejectUnauthorized: true });
  assert.equal(c.databaseUrl, 'postgres://app:db-pass@db:5432/rfid');
  // The user and password are percent-encoded into the URL (a space, @ and / survive).
  assert.equal(c.redisUrl, 'rediss://rfid-user:r%20p%40ss%2Fword@cache:6380/0');
  assert.equal(decodeURIComponent(new URL(c.redisUrl).password), 'r p@ss/word');
  assert.deepEqual(c.redisTls, { ca: CA.trim(), cert: undefined, key: undefined, passphrase: undefined, rejectUnauthorized: true });
  assert.equal(c.daily.alerts.webhookUrl, 'https://hooks.example.com/x/token');
});

test('NAME and NAME_FILE both set is a configuration error naming both', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://a@b/c', DATABASE_URL_FILE: file('dup', 'postgres://a@b/c') }),
    (e: unknown) => isRfidError(e, 'CONFIG_INVALID') && /DATABASE_URL and DATABASE_URL_FILE are both set/.test(e.message),
  );
  assert.throws(
    () =>
      loadConfig({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'direct-pass',
        KAFKA_SASL_PASSWORD_FILE: file('kp2', 'file-pass'),
      }),
    (e: unknown) =>
      isRfidError(e) && /KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set/.test(e.message) && !/direct-pass|file-pass/.test(e.message),
  );
});

test('an unreadable NAME_FILE is named with the reason, not a stack', () => {
  assert.throws(() => loadConfig({ REDIS_PASSWORD_FILE: path.join(dir, 'missing') }), /REDIS_PASSWORD_FILE: cannot read .*missing \(ENOENT\)/);
});

test('Kafka security protocol: SASL and TLS settings must agree with it', () => {
  assert.equal(loadConfig({}).kafka.securityProtocol, 'PLAINTEXT');
  assert.throws(() => loadConfig({ KAFKA_SECURITY_PROTOCOL: 'TLS' }), /KAFKA_SECURITY_PROTOCOL="TLS": must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL/);
  assert.throws(
    () => loadConfig({ KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    /KAFKA_SASL_MECHANISM is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT/,
  );
  assert.throws(
    () => loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    /KAFKA_SASL_MECHANISM="": with KAFKA_SECURITY_PROTOCOL=SASL_SSL/,
  );
  assert.throws(() => loadConfig({ KAFKA_SSL_CA: CA }), /KAFKA_SSL_\* variables are set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT/);
  assert.throws(() => loadConfig({ KAFKA_TLS: 'true' }), /KAFKA_TLS: replaced by KAFKA_SECURITY_PROTOCOL/);
  const ssl = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'ssl', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }).kafka;
  assert.equal(ssl.securityProtocol, 'SSL');
  assert.equal(ssl.sasl, undefined);
  assert.deepEqual(ssl.tls, { ca: undefined, cert: undefined, key: undefined, passphrase: undefined, rejectUnauthorized: false });
});

test('TLS material: a path in the PEM variable, or a certificate without its key, is a clear error', () => {
  assert.throws(() => loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA: '/etc/ca.pem' }), /KAFKA_SSL_CA: not PEM text .*KAFKA_SSL_CA_FILE/);
  assert.throws(
    () => loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT: CERT }),
    /KAFKA_SSL_CERT and KAFKA_SSL_KEY: a client certificate needs its key/,
  );
  assert.throws(
    () => loadConfig({ REDIS_URL: 'rediss://h:6380', REDIS_TLS_KEY: 'not-a-key-value' }),
    (e: unknown) => isRfidError(e) && /REDIS_TLS_KEY: not PEM text \(value not shown\)/.test(e.message) && !e.message.includes('not-a-key-value'),
  );
  assert.throws(() => loadConfig({ REDIS_URL: 'redis://h:6379', REDIS_TLS_CA: CA }), /REDIS_TLS_\* variables are set but REDIS_URL is redis:\/\//);
  assert.throws(() => loadConfig({ REDIS_URL: 'redis://:a@h:6379', REDIS_PASSWORD: 'b-pass' }), /REDIS_PASSWORD and a password inside REDIS_URL/);
});

test('Postgres TLS: PGSSL* variables fill what DATABASE_URL does not say; the URL wins; modes and files checked', () => {
  const ca = file('pg-ca.pem', CA);
  const c = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/rfid', PGSSLMODE: 'verify-full', PGSSLROOTCERT: ca });
  const u = new URL(c.databaseUrl);
  assert.equal(u.searchParams.get('sslmode'), 'verify-full');
  assert.equal(u.searchParams.get('sslrootcert'), ca);
  const urlWins = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/rfid?sslmode=require', PGSSLMODE: 'verify-full', PGSSLROOTCERT: ca });
  assert.equal(new URL(urlWins.databaseUrl).searchParams.get('sslmode'), 'require');
  assert.throws(() => loadConfig({ PGSSLMODE: 'prefer' }), /sslmode="prefer" .*must be one of disable, require, verify-ca, verify-full/);
  assert.throws(() => loadConfig({ PGSSLMODE: 'verify-full' }), /sslmode=verify-full needs the CA/);
  assert.throws(() => loadConfig({ PGSSLMODE: 'verify-ca', PGSSLROOTCERT: path.join(dir, 'nope.pem') }), /sslrootcert=.*nope\.pem .*no such file/);
  assert.throws(() => loadConfig({ PGSSLMODE: 'require', PGSSLCERT: ca }), /sslcert and sslkey/);
  assert.equal(new URL(loadConfig({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: 'system' }).databaseUrl).searchParams.get('sslrootcert'), 'system');
});
