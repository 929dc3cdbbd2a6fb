/**
 * Keyset pages stay stable while rows arrive: /v1/events (newest first and oldest first) and
 * /v1/inventory are walked page by page while another task keeps inserting ledger events (with
 * event_ts anywhere in the range, before and after the walk's position, as late events do) and
 * new stock cells (keys anywhere in the order), and updating existing cells. No row is seen twice,
 * and every row that existed before the walk began is seen.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openApi, type TestApi } from '../support/api.ts';
import { rng } from '../support/events.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('pagestable', { RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let key: string;
const START_MS = Date.parse('2026-11-01T00:00:00Z');
const SPAN_MS = 10 * 86_400_000;
const rand = rng(7);

async function insertEvents(n: number): Promise<void> {
  // Some share an instant (the keyset's tie-break on event_id matters), some differ by a microsecond.
  const ts = Array.from({ length: n }, () => new Date(START_MS + Math.floor((rand() * SPAN_MS) / 1000) * 1000).toISOString());
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
     SELECT id, ts + (i % 3) * interval '1 microsecond', 'IN', 'S-' || (i % 40), 'L-' || (i % 4), 1
     FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS x(id, ts, i)`,
    [Array.from({ length: n }, () => randomUUID()), ts],
  );
}

async function insertCells(n: number): Promise<void> {
  const skus = Array.from({ length: n }, () => `S-${String(Math.floor(rand() * 100_000)).padStart(6, '0')}`);
  await services.pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version)
     SELECT s, 'L-' || (i % 5), 1, 1 FROM unnest($1::text[]) WITH ORDINALITY AS x(s, i) ON CONFLICT DO NOTHING`,
    [skus],
  );
  await services.pool.query(
    `UPDATE inventory_current SET qty_on_hand = qty_on_hand + 1, version = version + 1
     WHERE (sku, location) IN (SELECT sku, location FROM inventory_current ORDER BY random() LIMIT 20)`,
  );
}

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  await insertEvents(3000);
  await insertCells(2000);
});
after(async () => {
  await api.close();
  await services.close();
});

/** Runs `write` over and over until `walk` ends; the number of writes made while it ran. */
async function whileWriting<T>(write: () => Promise<void>, walk: () => Promise<T>): Promise<{ result: T; writes: number }> {
  let done = false;
  let writes = 0;
  const writer = (async () => {
    while (!done) {
      await write();
      writes++;
    }
  })();
  try {
    return { result: await walk(), writes };
  } finally {
    done = true;
    await writer;
  }
}

/** Every page of `path`, one request at a time, giving way to the writer between pages. */
async function walk<T>(path: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 1000; n++) {
    const res = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { items: T[]; next_cursor: string | null };
    out.push(...body.items);
    cursor = body.next_cursor;
    if (!cursor) return out;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('too many pages');
}

function checkWalk(label: string, seen: string[], existed: readonly string[], writes: number): void {
  assert.ok(writes >= 3, `${label}: the writer ran during the walk (${writes} writes)`);
  const once = new Set(seen);
  assert.equal(once.size, seen.length, `${label}: ${seen.length - once.size} rows seen twice`);
  const missed = existed.filter((id) => !once.has(id));
  assert.deepEqual(missed.slice(0, 5), [], `${label}: ${missed.length} rows that existed before the walk were missed`);
}

for (const order of ['desc', 'asc'] as const) {
  test(`/v1/events?order=${order}: no row twice, none of the earlier rows missed, while events arrive`, async () => {
    const existed = (await services.pool.query<{ id: string }>('SELECT event_id::text AS id FROM rfid_events')).rows.map((r) => r.id);
    const { result, writes } = await whileWriting(
      () => insertEvents(25),
      () => walk<{ event_id: string; event_ts: string }>(`/v1/events?order=${order}`, 100),
    );
    checkWalk(
      `events ${order}`,
      result.map((r) => r.event_id),
      existed,
      writes,
    );
    const keys = result.map((r) => `${r.event_ts} ${r.event_id}`);
    const sorted = [...keys].sort();
    assert.deepEqual(keys, order === 'asc' ? sorted : sorted.reverse(), 'pages in keyset order');
  });
}

test('/v1/inventory: no cell twice, none of the earlier cells missed, while cells are added and changed', async () => {
  const existed = (await services.pool.query<{ k: string }>(`SELECT sku || '|' || location AS k FROM inventory_current`)).rows.map((r) => r.k);
  const { result, writes } = await whileWriting(
    () => insertCells(15),
    () => walk<{ sku: string; location: string }>('/v1/inventory', 100),
  );
  checkWalk(
    'inventory',
    result.map((r) => `${r.sku}|${r.location}`),
    existed,
    writes,
  );
});
