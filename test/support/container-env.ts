/**
 * Loads a deployment's container environment with the program's own `loadConfig`, the files it
 * names (Docker or Kubernetes secrets, TLS material) replaced by temp files: so a test can show
 * that what Compose or the chart sets is accepted at start, not only that each name is known.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, type Env, loadConfig } from '../../src/config/config.ts';

/** PEM stand-ins, as loadConfig returns them (it trims the files, which end with a newline). */
export const DUMMY_CERT = '-----BEGIN CERTIFICATE-----\nMIIBdGVzdC1vbmx5LWNlcnRpZmljYXRl\n-----END CERTIFICATE-----';
export const DUMMY_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEdGVzdC1vbmx5LWtleQ==\n-----END PRIVATE KEY-----';
export const DUMMY_PASSWORD = 'dummy-password-for-tests';

/** libpq's variables that hold a path (not NAME_FILE, but read as files all the same). */
const PATH_VARIABLES = ['PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY'];

/** The variables of `env` whose value is the path of a file rfid reads. */
export function fileVariables(env: Env): string[] {
  return Object.keys(env).filter((name) => name.endsWith('_FILE') || PATH_VARIABLES.includes(name));
}

/** Names set both as NAME and NAME_FILE (rfid refuses each such pair). */
export function namePairs(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => name.endsWith('_FILE') && env[name.slice(0, -'_FILE'.length)] !== undefined)
    .map((name) => `${name.slice(0, -'_FILE'.length)} + ${name}`);
}

/** Stand-in content for a file variable, by what the variable holds (PEM, key, password, URL). */
export function dummyContent(variable: string): string {
  if (variable === 'DATABASE_URL_FILE') return `postgres://rfid:${DUMMY_PASSWORD}@postgres.example:5432/rfid`;
  if (variable === 'REDIS_URL_FILE') return 'redis://redis.example:6379';
  if (/PASSWORD_FILE$/.test(variable)) return DUMMY_PASSWORD;
  if (/(_KEY_FILE|^PGSSLKEY)$/.test(variable)) return `${DUMMY_KEY}\n`;
  if (/(_CA_FILE|_CERT_FILE|^PGSSLROOTCERT|^PGSSLCERT)$/.test(variable)) return `${DUMMY_CERT}\n`;
  throw new Error(`no stand-in content for ${variable}`);
}

/**
 * `loadConfig(env)` after writing `files` (container path → content) under a temp directory and
 * pointing every variable whose value is one of those paths at its copy. Throws what loadConfig
 * throws (RfidError CONFIG_INVALID, listing every problem).
 */
export function loadContainerConfig(env: Env, files: ReadonlyMap<string, string>): Config {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rfid-container-env-'));
  try {
    const local: Env = { ...env };
    for (const [containerPath, content] of files) {
      const copy = path.join(root, containerPath);
      mkdirSync(path.dirname(copy), { recursive: true });
      writeFileSync(copy, content);
      for (const [name, value] of Object.entries(env)) if (value === containerPath) local[name] = copy;
    }
    return loadConfig(local);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
