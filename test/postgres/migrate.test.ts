import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate, pendingMigrations, listMigrations } from '../../src/postgres/migrate.ts';
import { createPool, ensureDatabase, type Pool } from '../../src/postgres/pool.ts';
import { isRfidError } from '../../src/errors.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('migrate');
let pool: Pool;
before(async () => {
  await ensureDatabase(t.config.databaseUrl);
  pool = createPool(t.config.databaseUrl);
});
after(async () => {
  await pool.end();
  await t.cleanup();
});

test('migrations apply once; the second run is a no-op', async () => {
  const first = await migrate(pool);
  assert.deepEqual(
    first,
    listMigrations().map((m) => m.name),
  );
  assert.deepEqual(await migrate(pool), []);
  assert.deepEqual(await pendingMigrations(pool), []);
  // The seed's names (shipment_forecast_daily is a view since migration 014).
  const tables = await pool.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'");
  for (const name of ['rfid_events', 'inventory_current', 'inventory_snapshot_daily', 'shipment_forecast_daily', 'ingest_offsets']) {
    assert.ok(
      tables.rows.some((r) => r.t === name),
      name,
    );
  }
});

test('concurrent migrate calls serialise on the advisory lock', async () => {
  const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
  assert.deepEqual(results, [[], [], []]);
  const count = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_migrations');
  assert.equal(count.rows[0]!.n, listMigrations().length);
});

test('an edited applied migration is refused', async () => {
  const edited = listMigrations().map((m) => ({ ...m, checksum: m.id === 1 ? 'x' : m.checksum }));
  await assert.rejects(migrate(pool, edited), (e: unknown) => isRfidError(e, 'MIGRATION_FAILED'));
});

test('the ledger is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
  await pool.query(`INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES ($1, now(), 'IN', 'S', 'L', 1)`, [
    '00000000-0000-4000-8000-000000000001',
  ]);
  await assert.rejects(pool.query('UPDATE rfid_events SET qty = 2'), /append-only/);
  await assert.rejects(pool.query('DELETE FROM rfid_events'), /append-only/);
  await assert.rejects(pool.query('TRUNCATE rfid_events'), /append-only/);
  const n = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
  assert.equal(n.rows[0]!.n, 1);
});

test('the ledger rejects quantities of the wrong sign', async () => {
  await assert.rejects(
    pool.query(`INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES ($1, now(), 'OUT', 'S', 'L', -1)`, [
      '00000000-0000-4000-8000-000000000002',
    ]),
    /check constraint/,
  );
});
