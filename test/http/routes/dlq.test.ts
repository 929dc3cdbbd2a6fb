/**
 * The DLQ routes against real Postgres and Kafka: browsing with filters and keyset pages, one
 * dead letter with its original bytes, and replay: a valid event replayed (twice, and once more
 * forced) is applied once; an invalid one comes back to the DLQ as a new dead letter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { IngestWorker } from '../../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../../src/ingest/metrics.ts';
import { createLogger } from '../../../src/logger.ts';
import { useListeningApi } from '../../support/api.ts';
import { makeTestEnv } from '../../support/test-env.ts';
import { readTopic } from '../../support/kafka-read.ts';
import { waitUntilApplied } from '../../support/pipeline-checks.ts';

const t = makeTestEnv('dlqapi', { RFID_AUTH: 'off', RFID_BATCH_MAX_MESSAGES: '500', RFID_BATCH_MAX_WAIT_MS: '20', RFID_EVENTS_PARTITIONS: '2' });
const api = useListeningApi(t);

interface Row {
  offset: number;
  code: string;
  value: Buffer;
  key?: Buffer | null;
  eventId?: string | null;
  deadAt: string;
  headers?: Array<[string, string]>;
}

/** Dead letters as the worker writes them (source offsets far above anything produced here). */
async function insertDead(rows: Row[]): Promise<number[]> {
  const ids: number[] = [];
  for (const r of rows) {
    const { rows: out } = await api.services.pool.query<{ id: number }>(
      `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, event_id, record_key, record_value, record_ts, worker_id, dead_at, record_headers)
       VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, 'w-test', $8, $9) RETURNING id`,
      [
        t.config.topics.events,
        1_000_000 + r.offset,
        r.code,
        `${r.code} at ${r.offset}`,
        r.eventId ?? null,
        r.key === undefined ? Buffer.from('S|L') : r.key,
        r.value,
        r.deadAt,
        r.headers ? JSON.stringify(r.headers.map(([k, v]) => [Buffer.from(k).toString('base64'), Buffer.from(v).toString('base64')])) : null,
      ],
    );
    ids.push(out[0]!.id);
  }
  return ids;
}

async function getJson(path: string) {
  const res = await fetch(api.base + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as any };
}

async function replay(body: unknown) {
  const res = await fetch(`${api.base}/v1/dlq/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

test('browse: filters by code, time and event_id; keyset pages cover every row once, newest first', async () => {
  const eventId = randomUUID();
  const rows: Row[] = Array.from({ length: 25 }, (_, i) => ({
    offset: i,
    code: i % 3 === 0 ? 'NOT_JSON' : 'QTY_ZERO',
    value: Buffer.from(`v${i}`),
    eventId: i === 7 ? eventId : null,
    deadAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  }));
  const ids = await insertDead(rows);

  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await getJson(`/v1/dlq?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.json.items.map((i: { id: number }) => i.id));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...ids].reverse());

  const notJson = await getJson('/v1/dlq?code=NOT_JSON&limit=1000');
  assert.deepEqual(
    notJson.json.items.map((i: { id: number }) => i.id),
    ids.filter((_, i) => i % 3 === 0).reverse(),
  );
  assert.equal(notJson.json.next_cursor, null);
  const window = await getJson(`/v1/dlq?from=${encodeURIComponent('2026-01-01T00:05:00Z')}&to=${encodeURIComponent('2026-01-01T00:08:00Z')}`);
  assert.deepEqual(
    window.json.items.map((i: { id: number }) => i.id),
    [ids[7], ids[6], ids[5]],
  );
  const byEvent = await getJson(`/v1/dlq?event_id=${eventId}`);
  assert.equal(byEvent.json.items.length, 1);
  const item = byEvent.json.items[0];
  assert.deepEqual(
    {
      id: item.id,
      code: item.code,
      event_id: item.event_id,
      origin: item.origin,
      detected_at: item.detected_at,
      worker_id: item.worker_id,
      replays: item.replays,
    },
    {
      id: ids[7],
      code: 'QTY_ZERO',
      event_id: eventId,
      origin: { topic: t.config.topics.events, partition: 0, offset: 1_000_007 },
      detected_at: '2026-01-01T00:07:00.000Z',
      worker_id: 'w-test',
      replays: 0,
    },
  );

  const bad = await getJson('/v1/dlq?cursor=not-a-cursor');
  assert.equal(bad.status, 400);
  assert.match(bad.type, /^application\/problem\+json/);
  // Request validation answers through the shared error handler: still a 400, not a 500.
  assert.equal((await getJson('/v1/dlq?limit=5000')).status, 400);
  assert.equal((await getJson('/v1/dlq?from=yesterday')).status, 400);
});

test('one dead letter: value as text when UTF-8, base64 otherwise; headers; 404 problem', async () => {
  const [textId, binId] = await insertDead([
    { offset: 100, code: 'NOT_JSON', value: Buffer.from('{oops ✓'), deadAt: new Date().toISOString(), headers: [['x-reader', 'RD-9']] },
    { offset: 101, code: 'NOT_JSON', value: Buffer.from([0xff, 0xfe, 0x00, 0x41]), key: null, deadAt: new Date().toISOString() },
  ]);
  const text = await getJson(`/v1/dlq/${textId}`);
  assert.equal(text.status, 200);
  assert.deepEqual(text.json.value, { encoding: 'utf8', data: '{oops ✓' });
  assert.deepEqual(text.json.key, { encoding: 'utf8', data: 'S|L' });
  assert.deepEqual(text.json.headers, [{ name: 'x-reader', value: { encoding: 'utf8', data: 'RD-9' } }]);
  const bin = await getJson(`/v1/dlq/${binId}`);
  assert.deepEqual(bin.json.value, { encoding: 'base64', data: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') });
  assert.equal(bin.json.key, null);
  const missing = await getJson('/v1/dlq/999999');
  assert.equal(missing.status, 404);
  assert.match(missing.type, /^application\/problem\+json/);
  assert.equal(missing.json.status, 404);
});

test('replay: a valid event is applied once even when replayed twice and forced; a still-bad one is dead again', async () => {
  const event = { event_id: randomUUID(), event_ts: new Date().toISOString(), event_type: 'IN', sku: 'SKU-RP', location: 'LOC-RP', qty: 7 };
  const [goodId, badId] = await insertDead([
    {
      offset: 200,
      code: 'UNKNOWN_EVENT_TYPE',
      value: Buffer.from(JSON.stringify(event)),
      key: Buffer.from('SKU-RP|LOC-RP'),
      eventId: event.event_id,
      deadAt: new Date().toISOString(),
      headers: [['x-reader', 'RD-1']],
    },
    { offset: 201, code: 'NOT_JSON', value: Buffer.from('{still bad'), key: Buffer.from('bad|key'), deadAt: new Date().toISOString() },
  ]);
  assert.equal((await replay({ ids: [goodId], all: true })).status, 400);
  assert.equal((await replay({})).status, 400);

  const first = await replay({ ids: [goodId, badId], reason: 'reader fixed' });
  assert.equal(first.status, 200, JSON.stringify(first.json));
  assert.deepEqual(first.json, { replayed: 2, replayed_again: 0, skipped_ids: [] });
  const second = await replay({ ids: [goodId] });
  assert.deepEqual(second.json, { replayed: 0, replayed_again: 0, skipped_ids: [goodId] });
  const forced = await replay({ ids: [goodId], force: true });
  assert.deepEqual(forced.json, { replayed: 1, replayed_again: 1, skipped_ids: [] });

  // The copies on the events topic: same key and value, original headers plus rfid-replay-of.
  const copies = await readTopic(t.config, t.config.topics.events, 3);
  assert.equal(copies.filter((c) => c.value === JSON.stringify(event)).length, 2);
  assert.equal(copies.filter((c) => c.key === 'SKU-RP|LOC-RP').length, 2);

  const worker = new IngestWorker({
    config: { ...t.config, ingest: { ...t.config.ingest, workerId: 'rw1' } },
    pool: api.services.pool,
    cache: api.services.cache,
    metrics: createIngestMetrics(),
    logger: createLogger('warn', 'dlq-test'),
  });
  void worker.run();
  try {
    await waitUntilApplied(t.config, api.services.pool);
  } finally {
    await worker.stop();
  }
  const ledger = await api.services.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events WHERE event_id = $1', [event.event_id]);
  assert.equal(ledger.rows[0]!.n, 1);
  const stock = await api.services.pool.query<{ qty_on_hand: number }>(
    "SELECT qty_on_hand FROM inventory_current WHERE sku = 'SKU-RP' AND location = 'LOC-RP'",
  );
  assert.equal(stock.rows[0]!.qty_on_hand, 7);

  // The bad one is a new dead letter whose headers say which row it replays.
  const again = await getJson('/v1/dlq?code=NOT_JSON&limit=1');
  const newest = await getJson(`/v1/dlq/${again.json.items[0].id}`);
  assert.notEqual(newest.json.id, badId);
  assert.deepEqual(newest.json.value, { encoding: 'utf8', data: '{still bad' });
  assert.ok(newest.json.headers.some((h: { name: string; value: { data: string } }) => h.name === 'rfid-replay-of' && h.value.data === String(badId)));

  const good = await getJson(`/v1/dlq/${goodId}`);
  assert.equal(good.json.replays, 2);
  assert.deepEqual(
    good.json.replay_log.map((r: { forced: boolean; reason: string | null; replayed_by: string }) => [r.forced, r.reason, r.replayed_by]),
    [
      [false, 'reader fixed', 'anonymous (RFID_AUTH=off)'],
      [true, null, 'anonymous (RFID_AUTH=off)'],
    ],
  );
  const replayedToo = await api.services.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dlq_replays WHERE target_offset >= 0');
  assert.equal(replayedToo.rows[0]!.n, 3);
});
