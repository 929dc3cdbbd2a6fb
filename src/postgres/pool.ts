/** The Postgres adapter's connection pool. `pg` returns bigint columns as strings; we ask for numbers where safe. */
import pg from 'pg';
import { pgConnection } from './pg-ssl.ts';

// int8 (bigint) and numeric come back as strings by default; our int8 values (offsets, versions,
// counts) stay far below 2^53, so parse them as numbers for simpler domain code.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(databaseUrl: string, options: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    ...pgConnection(databaseUrl),
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'rfid',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the process: the next
  // query gets a fresh connection, and the caller's retry loop handles the outage.
  pool.on('error', () => {});
  // The same for a client that is checked out (e.g. mid-transaction while the worker awaits the
  // DLQ write): without a listener its 'error' event would crash the process; with one, the
  // error reaches the caller as the rejection of its next query.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** The same server's `postgres` maintenance database, used to create the target database. */
export function maintenanceUrl(databaseUrl: string): { url: string; database: string } {
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  u.pathname = '/postgres';
  return { url: u.toString(), database };
}

export async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...pgConnection(databaseUrl), connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the database named in the URL when it does not exist yet. Returns true if it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { url, database } = maintenanceUrl(databaseUrl);
  return withClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      // Identifiers cannot be bound parameters; escapeIdentifier quotes the name safely.
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return false; // created concurrently
      throw error;
    }
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { url, database } = maintenanceUrl(databaseUrl);
  await withClient(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  });
}
