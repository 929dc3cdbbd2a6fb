/** The outbox against the real schema: insert, delete, and replay of rows a crashed worker left behind. */
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChanges, encodeChanges } from '../../../src/domain/change-record.ts';
import type { ChangedCell } from '../../../src/domain/changed-cell.ts';
import { EMPTY_MASTER_DATA, type MasterData } from '../../../src/domain/master-data.ts';
import { RfidError, isRfidError } from '../../../src/errors.ts';
import { deleteOutbox, insertOutbox, replayOutbox } from '../../../src/postgres/ingest/outbox.ts';
import { createPool } from '../../../src/postgres/pool.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('outbox');
const services = useServices(t);
beforeEach(async () => {
  await services.pool.query('DELETE FROM inventory_outbox');
});

const MASTER: MasterData = {
  skus: new Map([['SKU-1', { sku: 'SKU-1', name: '티셔츠 "basic"', category: 'apparel', lead_time_days: 3, reorder_point: 10, reorder_qty: 50 }]]),
  locations: new Map([['창고-1|A', { location: '창고-1|A', name: 'Seoul A', warehouse: 'WH-SEL', zone: 'A' }]]),
};

function cells(n: number, tag: string): ChangedCell[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: i === 0 ? 'SKU-1' : `SKU-${tag}-${i}`,
    location: i === 0 ? '창고-1|A' : `LOC-${i}`,
    qty_on_hand: 10 * i - 3,
    version: i + 1,
    delta: i - 1,
    events: i + 2,
    updated_at: new Date(Date.UTC(2026, 10, 23, 12, 0, i)).toISOString(),
  }));
}

const insert = (records: Buffer) => withTransaction(services.pool, (c) => insertOutbox(c, records));

/** Moves a row's creation time back, as if its worker had crashed an hour ago. */
async function age(id: number, interval = '1 hour'): Promise<void> {
  await services.pool.query('UPDATE inventory_outbox SET created_at = now() - $2::interval WHERE id = $1', [id, interval]);
}

async function stored(): Promise<Array<{ id: number; records: Buffer | null }>> {
  return (await services.pool.query<{ id: number; records: Buffer | null }>('SELECT id, records FROM inventory_outbox ORDER BY id')).rows;
}

test('insertOutbox stores the exact bytes and returns the id; an empty payload writes no row', async () => {
  const payload = encodeChanges(cells(3, 'a'), MASTER);
  const id = await insert(payload);
  assert.equal(typeof id, 'number');
  assert.deepEqual(await stored(), [{ id: id!, records: payload }]);
  assert.equal(await insert(Buffer.alloc(0)), undefined);
  assert.equal((await stored()).length, 1);
});

test('an outbox row written in a transaction that rolls back is gone with it', async () => {
  await assert.rejects(
    withTransaction(services.pool, async (c) => {
      await insertOutbox(c, encodeChanges(cells(1, 'r'), MASTER));
      throw new RfidError('KAFKA_UNAVAILABLE', 'the DLQ write failed');
    }),
  );
  assert.deepEqual(await stored(), []);
});

test('deleteOutbox deletes that row only', async () => {
  const a = (await insert(encodeChanges(cells(1, 'a'), MASTER)))!;
  const b = (await insert(encodeChanges(cells(2, 'b'), MASTER)))!;
  await deleteOutbox(services.pool, a);
  assert.deepEqual(
    (await stored()).map((r) => r.id),
    [b],
  );
  await deleteOutbox(services.pool, a); // already gone: no error
  assert.deepEqual(
    (await stored()).map((r) => r.id),
    [b],
  );
});

test('replayOutbox publishes the exact bytes of rows older than minAge, in id order, and deletes them', async () => {
  const oldA = encodeChanges(cells(3, 'a'), MASTER);
  const oldB = encodeChanges(cells(2, 'b'), EMPTY_MASTER_DATA);
  const fresh = encodeChanges(cells(1, 'c'), MASTER);
  const idA = (await insert(oldA))!;
  const idB = (await insert(oldB))!;
  const idFresh = (await insert(fresh))!;
  await age(idA, '2 hours');
  await age(idB, '1 hour');

  const published: Buffer[] = [];
  const replayed = await replayOutbox(services.pool, 60_000, async (records) => {
    published.push(Buffer.from(records));
  });
  assert.equal(replayed, 2);
  assert.deepEqual(published, [oldA, oldB]);
  assert.deepEqual(
    (await stored()).map((r) => r.id),
    [idFresh],
  );

  // Nothing old is left: a second replay publishes nothing.
  assert.equal(await replayOutbox(services.pool, 60_000, async () => assert.fail('published a fresh row')), 0);
  // With no minimum age (a worker's first housekeeping) the fresh row goes too.
  const rest: Buffer[] = [];
  assert.equal(await replayOutbox(services.pool, 0, async (records) => void rest.push(Buffer.from(records))), 1);
  assert.deepEqual(rest, [fresh]);
  assert.deepEqual(await stored(), []);
});

test('replayOutbox takes at most `limit` rows per call', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await insert(encodeChanges(cells(1, `l${i}`), MASTER)))!);
  for (const id of ids) await age(id);
  assert.equal(await replayOutbox(services.pool, 60_000, async () => {}, 2), 2);
  assert.deepEqual(
    (await stored()).map((r) => r.id),
    ids.slice(2),
  );
});

test('a publish that throws leaves every claimed row in place (the transaction rolls back)', async () => {
  const a = encodeChanges(cells(2, 'a'), MASTER);
  const b = encodeChanges(cells(2, 'b'), MASTER);
  const idA = (await insert(a))!;
  const idB = (await insert(b))!;
  await age(idA);
  await age(idB);
  const failure = new RfidError('KAFKA_UNAVAILABLE', 'the change topic is not answering');
  let calls = 0;
  await assert.rejects(
    replayOutbox(services.pool, 60_000, async () => {
      // The first row publishes, the second fails: neither may be deleted.
      if (++calls === 2) throw failure;
    }),
    (e: unknown) => e === failure,
  );
  assert.equal(calls, 2);
  assert.deepEqual(await stored(), [
    { id: idA, records: a },
    { id: idB, records: b },
  ]);
  // The next replay publishes both.
  const published: Buffer[] = [];
  assert.equal(await replayOutbox(services.pool, 60_000, async (r) => void published.push(Buffer.from(r))), 2);
  assert.deepEqual(published, [a, b]);
});

test('a row another transaction holds is skipped, not waited for', async () => {
  const idHeld = (await insert(encodeChanges(cells(1, 'h'), MASTER)))!;
  const free = encodeChanges(cells(1, 'f'), MASTER);
  const idFree = (await insert(free))!;
  await age(idHeld);
  await age(idFree);
  const other = await services.pool.connect();
  try {
    await other.query('BEGIN');
    await other.query('SELECT id FROM inventory_outbox WHERE id = $1 FOR UPDATE', [idHeld]);
    // A replay that waited for the row lock would end in 55P03 here instead of hanging the test.
    const impatient = createPool(`${t.config.databaseUrl}?options=${encodeURIComponent('-c lock_timeout=10s')}`, { max: 1 });
    try {
      const published: Buffer[] = [];
      assert.equal(await replayOutbox(impatient, 60_000, async (r) => void published.push(Buffer.from(r))), 1);
      assert.deepEqual(published, [free]);
    } finally {
      await impatient.end();
    }
    await other.query('COMMIT');
  } finally {
    other.release();
  }
  assert.deepEqual(
    (await stored()).map((r) => r.id),
    [idHeld],
  );
});

test('a legacy row (cells as jsonb, no records) is replayed as encoded change records', async () => {
  const legacy = cells(3, 'legacy');
  const { rows } = await services.pool.query<{ id: number }>(
    "INSERT INTO inventory_outbox (created_at, cells, records) VALUES (now() - interval '1 hour', $1::jsonb, NULL) RETURNING id",
    [JSON.stringify(legacy)],
  );
  assert.ok(rows[0]);
  const published: Buffer[] = [];
  assert.equal(await replayOutbox(services.pool, 60_000, async (r) => void published.push(Buffer.from(r))), 1);
  assert.equal(published.length, 1);
  assert.deepEqual(published[0], encodeChanges(legacy, EMPTY_MASTER_DATA));
  // Read independently of the encoder: one record per cell, its numbers and no master-data names.
  assert.deepEqual(
    decodeChanges(published[0]!),
    legacy.map((c) => ({ ...c, sku_name: null, category: null, location_name: null, warehouse: null, zone: null })),
  );
  assert.deepEqual(await stored(), []);
});

test('replay errors from Postgres itself are RfidErrors', async () => {
  const dead = createPool('postgres://postgres@127.0.0.1:1/nothing_here');
  try {
    await assert.rejects(
      replayOutbox(dead, 0, async () => assert.fail('published without a database')),
      (e: unknown) => isRfidError(e, 'POSTGRES_UNAVAILABLE'),
    );
  } finally {
    await dead.end();
  }
});
