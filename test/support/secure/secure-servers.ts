/**
 * The three servers configured for transport security, on private ports with a throwaway PKI,
 * and the environment a correctly configured `rfid` uses against them. One set per test file
 * (the broker costs ~15 s to start); `stop()` ends every process and removes the folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Env } from '../../../src/config/config.ts';
import { makeCertificates, type Certificates } from './certificates.ts';
import { startSecureKafka } from './secure-kafka.ts';
import { startSecurePostgres } from './secure-postgres.ts';
import { startSecureRedis } from './secure-redis.ts';

export interface SecureServers {
  dir: string;
  certs: Certificates;
  ports: { kafka: number; postgres: number; redis: number };
  /** User name on all three servers. */
  user: string;
  /** The right passwords (distinctive, so a test can look for them in any output). */
  passwords: { kafka: string; postgres: string; redis: string };
  /** Everything a correctly configured rfid needs: SASL_SSL/SCRAM-SHA-512, rediss:// with ACL, verify-full. */
  env: Env;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it; released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `base` with `changes` applied; an undefined value removes the variable. */
export function variant(base: Env, changes: Env): Env {
  const env: Env = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function startSecureServers(): Promise<SecureServers> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfid-secure-'));
  const certs = makeCertificates(dir);
  const user = 'rfid';
  const tag = randomBytes(6).toString('hex');
  const passwords = { kafka: `kafka-pw-${tag}`, postgres: `pg-pw-${tag}`, redis: `redis-pw-${tag}` };
  const ports = { kafka: await freePort(), controller: await freePort(), postgres: await freePort(), redis: await freePort() };
  const secretFile = (name: string, value: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
    return file;
  };
  const env: Env = {
    KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD_FILE: secretFile('kafka-password', passwords.kafka),
    KAFKA_SSL_CA_FILE: certs.caCert,
    KAFKA_SSL_CERT_FILE: certs.clientCert,
    KAFKA_SSL_KEY_FILE: certs.clientKey,
    DATABASE_URL_FILE: secretFile('database-url', `postgres://${user}:${passwords.postgres}@127.0.0.1:${ports.postgres}/rfid`),
    PGSSLMODE: 'verify-full',
    PGSSLROOTCERT: certs.caCert,
    PGSSLCERT: certs.clientCert,
    PGSSLKEY: certs.clientKey,
    REDIS_URL: `rediss://127.0.0.1:${ports.redis}`,
    REDIS_USERNAME: user,
    REDIS_PASSWORD_FILE: secretFile('redis-password', passwords.redis),
    REDIS_TLS_CA_FILE: certs.caCert,
    REDIS_TLS_CERT_FILE: certs.clientCert,
    REDIS_TLS_KEY_FILE: certs.clientKey,
    RFID_STATE_DIR: path.join(dir, 'state'),
    RFID_KAFKA_HEAP_MB: '384',
    RFID_EVENTS_PARTITIONS: '2',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const postgres = await startSecurePostgres(dir, { port: ports.postgres, certs, user, password: passwords.postgres, database: 'rfid' });
    stops.push(postgres.stop);
    const redis = await startSecureRedis(dir, { port: ports.redis, certs, user, password: passwords.redis });
    stops.push(redis.stop);
    const kafka = await startSecureKafka(loadConfig(env), { port: ports.kafka, controllerPort: ports.controller, certs, user, password: passwords.kafka });
    stops.push(kafka.stop);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, certs, ports: { kafka: ports.kafka, postgres: ports.postgres, redis: ports.redis }, user, passwords, env, stop };
}
