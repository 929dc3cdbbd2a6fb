/**
 * A test file's own migrated database for the daily layer (no Kafka or Redis needed: the ledger
 * is filled with plain INSERTs), a job context on it, and an independent snapshot oracle.
 */
import { randomUUID } from 'node:crypto';
import { businessDayOf, type Day } from '../../src/domain/business-day.ts';
import { deltaOf, type EventType } from '../../src/domain/rfid-event.ts';
import type { Env } from '../../src/config/config.ts';
import type { JobContext } from '../../src/jobs/job-context.ts';
import { createLogger } from '../../src/logger.ts';
import { syncTimeZone } from '../../src/postgres/daily/sync-time-zone.ts';
import { migrate } from '../../src/postgres/migrate.ts';
import { createPool, ensureDatabase, type Pool } from '../../src/postgres/pool.ts';
import { makeTestEnv, type TestEnv } from './test-env.ts';

export interface DailyDb {
  t: TestEnv;
  pool: Pool;
  ctx: JobContext;
  close(): Promise<void>;
}

export async function openDailyDb(name: string, overrides: Env = {}): Promise<DailyDb> {
  const t = makeTestEnv(name, overrides);
  await ensureDatabase(t.config.databaseUrl);
  const pool = createPool(t.config.databaseUrl, { max: 6 });
  await migrate(pool);
  await syncTimeZone(pool, t.config.timeZone);
  const ctx: JobContext = { pool, config: t.config, logger: createLogger('silent', 'test'), workerId: 'test' };
  return {
    t,
    pool,
    ctx,
    async close() {
      await pool.end();
      await t.cleanup();
    },
  };
}

export interface LedgerEvent {
  event_id?: string;
  event_ts: string;
  event_type: EventType;
  sku: string;
  location: string;
  qty: number;
  device_id?: string;
}

/** Appends events to the ledger in one INSERT statement (as an ingest batch does). */
export async function insertEvents(pool: Pool, events: readonly LedgerEvent[]): Promise<void> {
  await pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])`,
    [
      events.map((e) => e.event_id ?? randomUUID()),
      events.map((e) => e.event_ts),
      events.map((e) => e.event_type),
      events.map((e) => e.sku),
      events.map((e) => e.location),
      events.map((e) => e.qty),
      events.map((e) => e.device_id ?? null),
    ],
  );
}

/** The oracle: on-hand per cell at the end of `day` = Σ deltas of events whose business day is ≤ `day`. */
export function snapshotOracle(events: readonly LedgerEvent[], day: Day, timeZone: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if (businessDayOf(Date.parse(e.event_ts), timeZone) > day) continue;
    const key = `${e.sku}|${e.location}`;
    out.set(key, (out.get(key) ?? 0) + deltaOf(e));
  }
  return out;
}

/** The stored snapshot of `day` as a map cell → on-hand. */
export async function readSnapshot(pool: Pool, day: Day): Promise<Map<string, number>> {
  const r = await pool.query<{ cell: string; qty: number }>(
    "SELECT sku || '|' || location AS cell, qty_on_hand AS qty FROM inventory_snapshot_daily WHERE date = $1",
    [day],
  );
  return new Map(r.rows.map((x) => [x.cell, x.qty]));
}
