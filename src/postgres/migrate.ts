/**
 * Numbered plain-SQL migrations (`migrations/NNN_name.sql`), applied in order, each in its own
 * transaction, under a Postgres advisory lock so concurrent starts do not race. Applied ones are
 * recorded with a checksum; an edited applied migration is an error, not a silent skip.
 *
 * @example
 * const applied = await migrate(pool) // ['001_core']
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './transaction.ts';
import { RfidError } from '../errors.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// An arbitrary constant naming this project's migration lock.
const LOCK_KEY = 7_341_902_211;

export interface Migration {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { id: Number(file.slice(0, 3)), name: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

type Queryable = Pick<pg.Pool, 'connect'>;

export async function migrate(pool: Queryable, migrations = listMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  let failed = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS rfid_migrations (
      id int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ id: number; checksum: string; name: string }>('SELECT id, name, checksum FROM rfid_migrations')).rows.map((r) => [r.id, r]),
    );
    for (const m of migrations) {
      const previous = done.get(m.id);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new RfidError('MIGRATION_FAILED', `migration ${m.name} was changed after it was applied (checksum differs)`, {
            hint: 'never edit an applied migration: add a new numbered file instead',
          });
        }
        continue;
      }
      try {
        await inTransaction(
          client,
          async (tx) => {
            await tx.query(m.sql);
            await tx.query('INSERT INTO rfid_migrations (id, name, checksum) VALUES ($1, $2, $3)', [m.id, m.name, m.checksum]);
          },
          `migration ${m.name}`,
        );
        applied.push(m.name);
      } catch (error) {
        failed = true;
        throw new RfidError('MIGRATION_FAILED', `migration ${m.name} failed`, { cause: error });
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release(failed);
  }
}

/** Migrations in the code that the database has not applied yet (names). */
export async function pendingMigrations(pool: Pick<pg.Pool, 'query'>, migrations = listMigrations()): Promise<string[]> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('rfid_migrations')::text AS t");
  if (!exists.rows[0]?.t) return migrations.map((m) => m.name);
  const done = new Set((await pool.query<{ id: number }>('SELECT id FROM rfid_migrations')).rows.map((r) => r.id));
  return migrations.filter((m) => !done.has(m.id)).map((m) => m.name);
}
