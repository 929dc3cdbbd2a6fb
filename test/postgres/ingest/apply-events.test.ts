/** applyEvents against the real schema: ledger rows, summed stock per cell, one version per batch, duplicates skipped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChangedCell } from '../../../src/domain/changed-cell.ts';
import type { PlacedEvent } from '../../../src/domain/ingest-batch.ts';
import type { EventType } from '../../../src/domain/rfid-event.ts';
import { applyEvents, COPY_MIN_EVENTS } from '../../../src/postgres/ingest/apply-events.ts';
import { inTransaction, withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';
import { oracle, randomEvents } from '../../support/events.ts';

const t = makeTestEnv('applyevents');
const services = useServices(t);

let nextOffset = 0n;
function placed(fields: {
  type: EventType;
  sku: string;
  location: string;
  qty: number;
  id?: string;
  tsMs?: number;
  device?: string | null;
  ref?: string | null;
  partition?: number;
}): PlacedEvent {
  const eventTimeMs = fields.tsMs ?? Date.UTC(2026, 10, 1, 8, 0, 0, 123);
  return {
    event: {
      event_id: fields.id ?? randomUUID(),
      event_ts: new Date(eventTimeMs).toISOString(),
      eventTimeMs,
      event_type: fields.type,
      sku: fields.sku,
      location: fields.location,
      qty: fields.qty,
      device_id: fields.device === undefined ? 'reader-1' : fields.device,
      ref_event_id: fields.ref ?? null,
    },
    partition: fields.partition ?? 0,
    offset: nextOffset++,
    recordTimestampMs: eventTimeMs,
  };
}

const apply = (events: readonly PlacedEvent[]) => withTransaction(services.pool, (c) => applyEvents(c, events));

function byCell(cells: readonly ChangedCell[]): Record<string, Omit<ChangedCell, 'sku' | 'location' | 'updated_at'>> {
  const out: Record<string, Omit<ChangedCell, 'sku' | 'location' | 'updated_at'>> = {};
  for (const c of cells) {
    assert.ok(!Number.isNaN(Date.parse(c.updated_at)), `updated_at ${c.updated_at}`);
    out[`${c.sku}|${c.location}`] = { qty_on_hand: c.qty_on_hand, version: c.version, delta: c.delta, events: c.events };
  }
  return out;
}

async function stock(skuPrefix: string): Promise<Record<string, { qty: number; version: number; last: string }>> {
  const { rows } = await services.pool.query<{ sku: string; location: string; qty_on_hand: number; version: number; last_event_ts: Date }>(
    'SELECT sku, location, qty_on_hand, version, last_event_ts FROM inventory_current WHERE sku LIKE $1 ORDER BY sku, location',
    [`${skuPrefix}%`],
  );
  return Object.fromEntries(rows.map((r) => [`${r.sku}|${r.location}`, { qty: r.qty_on_hand, version: r.version, last: r.last_event_ts.toISOString() }]));
}

test('inserts the ledger rows and upserts summed deltas, one version per batch, then skips duplicates', async () => {
  const t1 = Date.UTC(2026, 10, 1, 8, 0, 0, 1);
  const t2 = Date.UTC(2026, 10, 1, 9, 30, 0, 999);
  const ref = randomUUID();
  const batch1 = [
    placed({ type: 'IN', sku: 'A1', location: 'WH1-01', qty: 10, tsMs: t1 }),
    placed({ type: 'OUT', sku: 'A1', location: 'WH1-01', qty: 3, tsMs: t2, device: null }),
    placed({ type: 'ADJUST', sku: 'A1', location: 'WH1-01', qty: -2, tsMs: t1, ref, partition: 3 }),
    placed({ type: 'IN', sku: 'A2', location: '창고-가|01', qty: 5, tsMs: t1 }),
  ];
  const r1 = await apply(batch1);
  assert.equal(r1.inserted, 4);
  assert.deepEqual(byCell(r1.cells), {
    'A1|WH1-01': { qty_on_hand: 5, version: 1, delta: 5, events: 3 },
    'A2|창고-가|01': { qty_on_hand: 5, version: 1, delta: 5, events: 1 },
  });

  const ledger = await services.pool.query(
    `SELECT event_id::text, event_ts, event_type, sku, location, qty, device_id, ref_event_id::text, source_partition, source_offset::text
     FROM rfid_events WHERE event_id = ANY($1::uuid[]) ORDER BY source_offset`,
    [batch1.map((p) => p.event.event_id)],
  );
  assert.deepEqual(
    ledger.rows.map((r) => ({ ...r, event_ts: (r.event_ts as Date).getTime() })),
    batch1.map((p) => ({
      event_id: p.event.event_id,
      event_ts: p.event.eventTimeMs,
      event_type: p.event.event_type,
      sku: p.event.sku,
      location: p.event.location,
      qty: p.event.qty,
      device_id: p.event.device_id,
      ref_event_id: p.event.ref_event_id,
      source_partition: p.partition,
      source_offset: String(p.offset),
    })),
  );
  assert.deepEqual(await stock('A'), {
    'A1|WH1-01': { qty: 5, version: 1, last: new Date(t2).toISOString() },
    'A2|창고-가|01': { qty: 5, version: 1, last: new Date(t1).toISOString() },
  });

  // Two of the first batch again (other offsets, as a redelivery) and one new event.
  const again = batch1.slice(0, 2).map((p) => ({ ...p, offset: nextOffset++ }));
  const r2 = await apply([...again, placed({ type: 'IN', sku: 'A1', location: 'WH1-01', qty: 4, tsMs: t1 })]);
  assert.equal(r2.inserted, 1);
  assert.deepEqual(byCell(r2.cells), { 'A1|WH1-01': { qty_on_hand: 9, version: 2, delta: 4, events: 1 } });

  // Only duplicates: nothing inserted, no cell changed, no version bumped.
  const r3 = await apply(batch1);
  assert.deepEqual(r3, { inserted: 0, cells: [] });
  assert.deepEqual(await stock('A'), {
    'A1|WH1-01': { qty: 9, version: 2, last: new Date(t2).toISOString() },
    'A2|창고-가|01': { qty: 5, version: 1, last: new Date(t1).toISOString() },
  });
  const count = await services.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM rfid_events WHERE sku LIKE 'A%'");
  assert.equal(count.rows[0]!.n, 5);
});

test('a batch whose events cancel out still bumps the version once, with delta 0', async () => {
  const r = await apply([placed({ type: 'IN', sku: 'Z1', location: 'L', qty: 7 }), placed({ type: 'OUT', sku: 'Z1', location: 'L', qty: 7 })]);
  assert.deepEqual(byCell(r.cells), { 'Z1|L': { qty_on_hand: 0, version: 1, delta: 0, events: 2 } });
});

test('an empty batch does nothing', async () => {
  assert.deepEqual(await apply([]), { inserted: 0, cells: [] });
});

test('a large batch matches an independent oracle', async () => {
  const generated = randomEvents(3_000, { seed: 20261123, skus: 40, locations: 6 }).map((e) => ({ ...e, sku: `R-${e.sku}` }));
  const events = generated.map((e) =>
    placed({
      type: e.event_type,
      sku: e.sku,
      location: e.location,
      qty: e.qty,
      id: e.event_id,
      tsMs: Date.parse(e.event_ts),
      device: e.device_id ?? null,
      partition: 1,
    }),
  );
  const r = await apply(events);
  assert.equal(r.inserted, events.length);
  const expected = oracle(generated);
  const got = new Map(r.cells.map((c) => [`${c.sku}|${c.location}`, c.qty_on_hand]));
  assert.deepEqual(got, expected);
  for (const c of r.cells) assert.equal(c.version, 1);
  assert.equal(
    r.cells.reduce((n, c) => n + c.events, 0),
    events.length,
  );
});

test('the same client twice: the staging table is reused and emptied at each commit', async () => {
  const client = await services.pool.connect();
  try {
    // Batches at the COPY threshold go through the staging table (smaller ones use unnest).
    const first = Array.from({ length: COPY_MIN_EVENTS }, (_, i) => placed({ type: 'IN', sku: `S1-${i}`, location: 'L1', qty: 2 }));
    const r1 = await inTransaction(client, (c) => applyEvents(c, first));
    assert.equal(r1.inserted, COPY_MIN_EVENTS);
    const stage = async () =>
      (await client.query<{ n: number; oid: number }>("SELECT count(*)::int AS n, 'rfid_events_stage'::regclass::oid::int AS oid FROM rfid_events_stage"))
        .rows[0]!;
    const afterFirst = await stage();
    assert.equal(afterFirst.n, 0, 'the staging table still holds the committed batch');

    const second = Array.from({ length: COPY_MIN_EVENTS }, (_, i) => placed({ type: 'IN', sku: i === 0 ? 'S3' : `S3-${i}`, location: 'L1', qty: 4 }));
    const r2 = await inTransaction(client, async (c) => {
      const result = await applyEvents(c, second);
      // Inside the transaction, before COMMIT empties it: only this batch's rows are staged.
      const staged = await c.query<{ id: string }>('SELECT event_id::text AS id FROM rfid_events_stage');
      assert.deepEqual(staged.rows.map((r) => r.id).sort(), second.map((p) => p.event.event_id).sort());
      return result;
    });
    assert.equal(r2.inserted, COPY_MIN_EVENTS);
    assert.deepEqual(byCell(r2.cells)['S3|L1'], { qty_on_hand: 4, version: 1, delta: 4, events: 1 });
    const afterSecond = await stage();
    assert.equal(afterSecond.n, 0);
    assert.equal(afterSecond.oid, afterFirst.oid, 'the staging table was created again');
  } finally {
    client.release();
  }
});

test('a ledger constraint violation fails the whole batch and changes no stock', async () => {
  await assert.rejects(
    apply([placed({ type: 'IN', sku: 'C1', location: 'L', qty: 1 }), placed({ type: 'OUT', sku: 'C1', location: 'L', qty: -1 })]),
    (e: unknown) => (e as { code?: string }).code === 'POSTGRES_FAILED' && ((e as Error).cause as { code?: string }).code === '23514',
  );
  assert.deepEqual(await stock('C'), {});
});
