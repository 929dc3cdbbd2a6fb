/**
 * Transport security against real servers configured for it (issue 13 item 4): a private Kafka
 * broker with a SASL_SSL listener (PLAIN, SCRAM-SHA-256/512, client certificates required), a
 * TLS-only Redis with an ACL user, a Postgres cluster with ssl=on and hostssl logins — all on
 * private ports with a PKI made by openssl for this file. The shared services are not touched.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../../src/config/config.ts';
import { createRedis } from '../../../src/redis/client.ts';
import { loadConfig, type Env } from '../../../src/config/config.ts';
import { withClient } from '../../../src/postgres/pool.ts';
import { redisProbe } from '../../../src/redis/client.ts';
import { brokerAnswers } from '../../../src/stack/kafka-broker.ts';
import { describeError } from '../../../src/errors.ts';
import { runCli } from '../../support/test-env.ts';
import { startSecureServers, variant, type SecureServers } from '../../support/secure/secure-servers.ts';

let s: SecureServers;
before(async () => {
  s = await startSecureServers();
});
after(async () => {
  await s?.stop();
});

const WRONG = 'wrong-pw-0a1b2c';

function assertNoSecret(text: string): void {
  for (const secret of [...Object.values(s.passwords), WRONG]) assert.ok(!text.includes(secret), `a password leaked into the output:\n${text}`);
}

async function pgVersion(env: Env): Promise<string> {
  return withClient(loadConfig(env).databaseUrl, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '');
}

async function pgError(env: Env): Promise<string> {
  try {
    await pgVersion(env);
  } catch (error) {
    return describeError(error);
  }
  assert.fail('expected the Postgres login to fail');
}

async function redisError(env: Env): Promise<string> {
  const config = loadConfig(env);
  const probe = await redisProbe(config.redisUrl, config.redisTls);
  assert.equal(probe.ok, false, 'expected the Redis login to fail');
  return probe.ok ? '' : describeError(probe.error);
}

test('with the right credentials and CA: migrate, topics ensure and doctor pass over SASL_SSL (SCRAM-SHA-512), rediss:// with an ACL user and verify-full', async () => {
  const migrate = await runCli(['migrate'], s.env, { timeoutMs: 120_000 });
  assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
  const topics = await runCli(['topics', 'ensure'], s.env, { timeoutMs: 60_000 });
  assert.equal(topics.code, 0, topics.stdout + topics.stderr);
  const doctor = await runCli(['doctor'], s.env, { timeoutMs: 90_000 });
  assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  assert.match(doctor.stdout, /✔ Kafka: metadata: .*\(SASL_SSL SCRAM-SHA-512 as rfid\)/);
  assert.match(doctor.stdout, /✔ Kafka: produce \+ consume round trip/);
  assert.match(doctor.stdout, /✔ Postgres: connection: PostgreSQL \d.* at postgres:\/\/rfid:\*\*\*@127\.0\.0\.1:\d+\/rfid\?sslmode=verify-full/);
  assert.match(doctor.stdout, /✔ Redis: PING: PONG from Redis 7\.\S+ at rediss:\/\/rfid:\*\*\*@127\.0\.0\.1:\d+ \(TLS\)/);
  assert.match(doctor.stdout, /all \d+ checks passed/);
  assertNoSecret(migrate.stdout + migrate.stderr + topics.stdout + topics.stderr + doctor.stdout + doctor.stderr);
});

test('events go the whole way over TLS: simulate → Kafka (SASL_SSL) → rfid ingest → Postgres (verify-full) and Redis (rediss://, ACL user)', async () => {
  const sim = await runCli(['simulate', '--count', '300', '--seed', '13'], s.env, { timeoutMs: 60_000 });
  assert.equal(sim.code, 0, sim.stdout + sim.stderr);
  const config = loadConfig(s.env);
  const ingest = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'ingest'], {
    env: { ...process.env, ...s.env, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  ingest.stdout.on('data', (d: Buffer) => (output += d));
  ingest.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => ingest.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    let applied = 0;
    while (applied < 300) {
      assert.ok(Date.now() < deadline, `ingest applied ${applied} of 300 messages in 60 s:\n${output}`);
      await sleep(250);
      applied = await withClient(config.databaseUrl, async (c) => {
        const r = await c.query<{ n: number | null }>('SELECT sum(next_offset)::int AS n FROM ingest_offsets WHERE topic = $1', [config.topics.events]);
        return r.rows[0]?.n ?? 0;
      });
    }
    const rows = await withClient(
      config.databaseUrl,
      async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events')).rows[0]?.n ?? 0,
    );
    assert.ok(rows > 0, 'events in the ledger');
    const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 1, tls: config.redisTls });
    try {
      const deadlineCache = Date.now() + 20_000;
      let cells = 0;
      while (cells === 0 && Date.now() < deadlineCache) {
        // SCAN, not KEYS: the ACL user has only the commands the product sends.
        const [, keys] = await redis.scan('0', 'MATCH', 'inv:*', 'COUNT', 10_000);
        cells = keys.length;
        if (cells === 0) await sleep(250);
      }
      assert.ok(cells > 0, 'stock cells written to Redis over TLS');
    } finally {
      redis.disconnect();
    }
  } finally {
    ingest.kill('SIGTERM');
  }
  assert.equal(await exited, 0, output);
  assertNoSecret(output);
});

test('Kafka: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 all authenticate; a wrong password or no client certificate does not', async () => {
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    assert.equal(await brokerAnswers(loadConfig(variant(s.env, { KAFKA_SASL_MECHANISM: mechanism }))), true, mechanism);
    const wrong = variant(s.env, { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_PASSWORD_FILE: undefined, KAFKA_SASL_PASSWORD: WRONG });
    assert.equal(await brokerAnswers(loadConfig(wrong)), false, `${mechanism} with a wrong password`);
  }
  const noClientCert = variant(s.env, { KAFKA_SSL_CERT_FILE: undefined, KAFKA_SSL_KEY_FILE: undefined });
  assert.equal(await brokerAnswers(loadConfig(noClientCert)), false, 'the broker requires a client certificate');
  const noTls = variant(s.env, {
    KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
    KAFKA_SSL_CA_FILE: undefined,
    KAFKA_SSL_CERT_FILE: undefined,
    KAFKA_SSL_KEY_FILE: undefined,
  });
  assert.equal(await brokerAnswers(loadConfig(noTls)), false, 'plain text to a TLS listener');
});

test('wrong passwords: doctor fails for Kafka, Postgres and Redis with a hint about the credentials, and no password in its output', async () => {
  const env = variant(s.env, {
    KAFKA_SASL_PASSWORD_FILE: undefined,
    KAFKA_SASL_PASSWORD: WRONG,
    DATABASE_URL_FILE: undefined,
    DATABASE_URL: `postgres://rfid:${WRONG}@127.0.0.1:${s.ports.postgres}/rfid`,
    REDIS_PASSWORD_FILE: undefined,
    REDIS_PASSWORD: WRONG,
  });
  const r = await runCli(['doctor'], env, { timeoutMs: 90_000 });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /✘ Kafka: metadata: .*\n\s+→ the broker refused the credentials: check KAFKA_SASL_MECHANISM \(SCRAM-SHA-512\)/);
  assert.match(r.stdout, /✘ Postgres: connection: .*password authentication failed for user "rfid".*\n\s+→ the server refused the login/);
  assert.match(r.stdout, /✘ Redis: PING: .*WRONGPASS.*\n\s+→ Redis refused the login/);
  assertNoSecret(r.stdout + r.stderr);
});

test('wrong CA: every TLS handshake fails verification, and doctor says to check the CA', async () => {
  const env = variant(s.env, { KAFKA_SSL_CA_FILE: s.certs.otherCaCert, PGSSLROOTCERT: s.certs.otherCaCert, REDIS_TLS_CA_FILE: s.certs.otherCaCert });
  const r = await runCli(['doctor'], env, { timeoutMs: 90_000 });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /✘ Kafka: metadata: .*\n\s+→ the TLS handshake failed: check KAFKA_SSL_CA\(_FILE\)/);
  assert.match(r.stdout, /✘ Postgres: connection: .*(certificate|self-signed).*\n\s+→ the TLS connection failed/i);
  assert.match(r.stdout, /✘ Redis: PING: .*(certificate|self-signed).*\n\s+→ the TLS handshake failed: check REDIS_TLS_CA/i);
  assertNoSecret(r.stdout + r.stderr);
});

test('verify-full compares the host with the certificate: 127.0.0.2 (not in it) is refused, verify-ca accepts it', async () => {
  const url = `postgres://rfid:${s.passwords.postgres}@127.0.0.2:${s.ports.postgres}/rfid`;
  const viaOtherHost = variant(s.env, { DATABASE_URL_FILE: undefined, DATABASE_URL: url });
  const mismatch = await pgError(viaOtherHost);
  assert.match(mismatch, /127\.0\.0\.2 is not in the cert's list/);
  assertNoSecret(mismatch);
  assert.match(await pgVersion(variant(viaOtherHost, { PGSSLMODE: 'verify-ca' })), /^\d+/);
  // Redis and Kafka always verify the host name (Node's default), like verify-full.
  assert.match(await redisError(variant(s.env, { REDIS_URL: `rediss://127.0.0.2:${s.ports.redis}` })), /127\.0\.0\.2 is not in the cert's list/);
});

test('servers that require client certificates refuse rfid without one; plain text is refused by the TLS-only servers', async () => {
  assert.match(await pgError(variant(s.env, { PGSSLCERT: undefined, PGSSLKEY: undefined })), /certificate/i);
  assert.match(await redisError(variant(s.env, { REDIS_TLS_CERT_FILE: undefined, REDIS_TLS_KEY_FILE: undefined })), /.+/);
  const plainPg = await pgError(variant(s.env, { PGSSLMODE: 'disable', PGSSLROOTCERT: undefined, PGSSLCERT: undefined, PGSSLKEY: undefined }));
  assert.match(plainPg, /no pg_hba\.conf entry .* no encryption/);
  assertNoSecret(plainPg);
});
