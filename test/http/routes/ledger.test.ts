/**
 * The ledger read routes: filters (sku, location, type, device, time range), keyset pages on
 * (event_ts, event_id) in both orders with no overlap or gap (ties on event_ts included), and one
 * event with its corrections and recorded conflicts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { allPages, openApi, problemOf, type TestApi } from '../../support/api.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';
import type { LedgerRow } from '../../../src/postgres/ledger/list-ledger-events.ts';

const t = makeTestEnv('ledger', { RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let key: string;

/** A ledger row as the test writes it: the API's row without what ingest adds. */
type Row = Omit<LedgerRow, 'ingested_ts' | 'source_partition' | 'source_offset'>;
const rows: Row[] = [];
const base = Date.parse('2026-11-01T00:00:00Z');

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  for (let i = 0; i < 37; i++) {
    // Events come in pairs sharing an event_ts, so the event_id tiebreak is exercised.
    const ts = new Date(base + Math.floor(i / 2) * 60_000).toISOString().replace('Z', '000Z'); // as the API writes it: microseconds
    rows.push({
      event_id: randomUUID(),
      event_ts: ts,
      event_type: (['IN', 'OUT', 'ADJUST'] as const)[i % 3]!,
      sku: i % 4 === 0 ? 'L-A' : 'L-B',
      location: i % 5 === 0 ? 'X-1' : 'X-2',
      qty: i % 3 === 2 ? -(i + 1) : i + 1,
      device_id: i % 2 === 0 ? 'reader-1' : null,
      ref_event_id: null,
    });
  }
  await insert(rows);
});
after(async () => {
  await api.close();
  await services.close();
});

async function insert(list: readonly Row[]): Promise<void> {
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::uuid[])`,
    ['event_id', 'event_ts', 'event_type', 'sku', 'location', 'qty', 'device_id', 'ref_event_id'].map((k) => list.map((r) => r[k as keyof Row])),
  );
}

const cmp = (a: Row, b: Row) => (a.event_ts < b.event_ts ? -1 : a.event_ts > b.event_ts ? 1 : a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);

const pages = (query: string, limit: number) => allPages<Row>(api, `/v1/events${query ? `?${query.replace(/^&/, '')}` : ''}`, key, limit);

test('all events, newest first, in pages of 5: the exact order, no overlap, no gap', async () => {
  const got = await pages('', 5);
  const want = [...rows].sort(cmp).reverse();
  assert.deepEqual(
    got.map((r) => r.event_id),
    want.map((r) => r.event_id),
  );
  assert.deepEqual(Object.keys(got[0]!).sort(), [
    'device_id',
    'event_id',
    'event_ts',
    'event_type',
    'ingested_ts',
    'location',
    'qty',
    'ref_event_id',
    'sku',
    'source_offset',
    'source_partition',
  ]);
  const asc = await pages('&order=asc', 7);
  assert.deepEqual(
    asc.map((r) => r.event_id),
    want.map((r) => r.event_id).reverse(),
  );
});

test('filters: sku, location, type, device_id, from (inclusive) and to (exclusive)', async () => {
  const from = new Date(base + 5 * 60_000).toISOString();
  const to = new Date(base + 12 * 60_000).toISOString();
  const cases: Array<[string, (r: Row) => boolean]> = [
    ['&sku=L-A', (r) => r.sku === 'L-A'],
    ['&location=X-1&type=IN', (r) => r.location === 'X-1' && r.event_type === 'IN'],
    ['&device_id=reader-1&type=ADJUST', (r) => r.device_id === 'reader-1' && r.event_type === 'ADJUST'],
    [`&from=${from}&to=${to}`, (r) => r.event_ts >= from.replace('Z', '000Z') && r.event_ts < to.replace('Z', '000Z')],
    [`&from=${encodeURIComponent('2026-11-01T09:05:00+09:00')}&sku=L-B`, (r) => r.sku === 'L-B' && r.event_ts >= from.replace('Z', '000Z')],
  ];
  for (const [query, pred] of cases) {
    const got = await pages(query, 3);
    const want = rows.filter(pred).sort(cmp).reverse();
    assert.ok(want.length > 0, query);
    assert.deepEqual(
      got.map((r) => r.event_id),
      want.map((r) => r.event_id),
      query,
    );
  }
});

test('one event with its corrections and conflicts; unknown 404, not a UUID 400', async () => {
  const original = rows[3]!;
  const fix1: Row = {
    ...original,
    event_id: randomUUID(),
    event_type: 'ADJUST',
    qty: -2,
    event_ts: '2026-11-02T00:00:00.000000Z',
    ref_event_id: original.event_id,
  };
  const fix2: Row = { ...fix1, event_id: randomUUID(), qty: 1, event_ts: '2026-11-03T00:00:00.000000Z' };
  await insert([fix2, fix1]);
  await services.pool.query(
    `INSERT INTO rfid_event_conflicts (event_id, received, source_topic, source_partition, source_offset) VALUES ($1, $2, 'rfid_events', 0, 42)`,
    [original.event_id, JSON.stringify({ ...original, qty: 999 })],
  );
  const res = await api.get(`/v1/events/${original.event_id}`, key);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.event_id, original.event_id);
  assert.equal(body.qty, original.qty);
  assert.deepEqual(
    body.corrections.map((c: Row) => c.event_id),
    [fix1.event_id, fix2.event_id],
  );
  assert.equal(body.corrections[0].ref_event_id, original.event_id);
  assert.equal(body.conflicts.length, 1);
  assert.equal(body.conflicts[0].received.qty, 999);
  assert.equal(body.conflicts[0].source_offset, 42);
  const plain = (await api.get(`/v1/events/${rows[0]!.event_id}`, key)).json();
  assert.deepEqual([plain.corrections, plain.conflicts], [[], []]);
  const missing = await api.get(`/v1/events/${randomUUID()}`, key);
  assert.equal(missing.statusCode, 404);
  assert.equal(problemOf(missing).code, 'NOT_FOUND');
  const bad = await api.get('/v1/events/not-a-uuid', key);
  assert.equal(bad.statusCode, 400);
  assert.equal(problemOf(bad).errors?.[0]?.field, 'params.event_id');
});
