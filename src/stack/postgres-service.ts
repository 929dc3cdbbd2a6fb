/**
 * Postgres for the local stack: use the server already running when it answers; otherwise start
 * the Debian cluster (installing PostgreSQL with apt-get when missing). Remembers whether it
 * started the server, so `stack down` stops only what `stack up` started.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/config.ts';
import { redactUrl } from '../config/config.ts';
import { RfidError } from '../errors.ts';
import { ensureDatabase, maintenanceUrl, withClient } from '../postgres/pool.ts';
import { ensureDebianCommand, isLoopbackHost, removeFile, run } from './processes.ts';

export async function postgresVersion(databaseUrl: string): Promise<string | undefined> {
  try {
    return await withClient(databaseUrl, async (c) => (await c.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v')).rows[0]?.v);
  } catch {
    return undefined;
  }
}

function markerFile(config: Config): string {
  return path.join(config.stack.stateDir, 'postgres.started-by-rfid');
}

function clusters(): string[] {
  try {
    return readdirSync('/etc/postgresql').filter((v) => existsSync(`/etc/postgresql/${v}/main`));
  } catch {
    return [];
  }
}

export async function postgresUp(config: Config, log: (line: string) => void): Promise<{ state: 'running' | 'started'; createdDatabase: boolean }> {
  const { url } = maintenanceUrl(config.databaseUrl);
  let state: 'running' | 'started' = 'running';
  if ((await postgresVersion(url)) === undefined) {
    const host = new URL(config.databaseUrl).hostname;
    if (!isLoopbackHost(host)) {
      throw new RfidError('POSTGRES_UNAVAILABLE', `Postgres at ${redactUrl(config.databaseUrl)} does not answer`, { hint: 'start it, or set DATABASE_URL' });
    }
    if (clusters().length === 0) {
      if (!(await ensureDebianCommand('pg_ctlcluster', 'postgresql', log))) {
        throw new RfidError('POSTGRES_UNAVAILABLE', 'PostgreSQL is not installed and could not be installed', { hint: 'apt-get install -y postgresql' });
      }
    }
    const version = clusters().sort().at(-1);
    if (version === undefined) throw new RfidError('POSTGRES_UNAVAILABLE', 'no PostgreSQL cluster under /etc/postgresql', { hint: 'pg_createcluster 15 main' });
    log(`starting PostgreSQL ${version}/main...`);
    const result = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    if (result.code !== 0 && !/already running/.test(result.stderr)) {
      throw new RfidError('POSTGRES_UNAVAILABLE', `pg_ctlcluster ${version} main start failed`, { cause: new Error(result.stderr.trim()) });
    }
    mkdirSync(config.stack.stateDir, { recursive: true });
    writeFileSync(markerFile(config), `${version}\n`);
    state = 'started';
    for (let i = 0; i < 60 && (await postgresVersion(url)) === undefined; i++) await sleep(500);
  }
  const createdDatabase = await ensureDatabase(config.databaseUrl).catch((error: unknown) => {
    throw new RfidError('POSTGRES_UNAVAILABLE', `cannot create the database of ${redactUrl(config.databaseUrl)}`, { cause: error });
  });
  return { state, createdDatabase };
}

export async function postgresDown(config: Config): Promise<string | undefined> {
  const marker = markerFile(config);
  if (!existsSync(marker)) return undefined;
  const version = readFileSync(marker, 'utf8').trim();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop']);
  removeFile(marker);
  return version;
}

export function postgresStartedByUs(config: Config): boolean {
  return existsSync(markerFile(config));
}
