/**
 * Stock now: one cell from Redis, from Postgres after a Redis flush (read-through writes it back,
 * so the next read is Redis again), 404 for an unknown cell; the list with every filter and keyset
 * pagination that neither repeats nor skips a cell, also while cells are inserted between pages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi } from '../../../src/http/api-server.ts';
import { EventProducer } from '../../../src/kafka/event-producer.ts';
import { createLogger } from '../../../src/logger.ts';
import { createRedis } from '../../../src/redis/client.ts';
import { openApi, problemOf, type TestApi } from '../../support/api.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('inventory', { RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let key: string;

// 3 SKUs × 4 locations in two warehouses, some negative; reorder points for two SKUs.
const cells: Array<{ sku: string; location: string; qty: number }> = [];
for (const sku of ['P-1', 'P-2', 'Q/1'])
  for (const location of ['W1-A-01', 'W1-B-01', 'W2-A-01', 'W2 A 02']) cells.push({ sku, location, qty: ((cells.length * 5) % 9) - 3 });

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  await services.pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version, last_event_ts) SELECT * , now() FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])`,
    [cells.map((c) => c.sku), cells.map((c) => c.location), cells.map((c) => c.qty), cells.map((_, i) => i + 1)],
  );
  await services.pool.query(
    `INSERT INTO location_master (location, warehouse, zone) VALUES ('W1-A-01','W1','A'), ('W1-B-01','W1','B'), ('W2-A-01','W2','A'), ('W2 A 02','W2','A')`,
  );
  await services.pool.query(`INSERT INTO sku_master (sku, reorder_point) VALUES ('P-1', 2), ('Q/1', 0)`);
});
after(async () => {
  await api.close();
  await services.close();
});

const url = (sku: string, location: string) => `/v1/inventory/${encodeURIComponent(sku)}/${encodeURIComponent(location)}`;

test('one cell: Redis when cached; after a flush from Postgres with read-through; source says which', async () => {
  await services.cache.write([{ sku: 'P-1', location: 'W1-A-01', qty_on_hand: 5, version: 100 }]);
  const cached = await api.get(url('P-1', 'W1-A-01'), key);
  assert.equal(cached.statusCode, 200, cached.body);
  assert.deepEqual(cached.json(), { sku: 'P-1', location: 'W1-A-01', qty_on_hand: 5, version: 100, source: 'redis' });

  await services.cache.clear(); // what a Redis flush leaves
  const c = cells.find((x) => x.sku === 'Q/1' && x.location === 'W2 A 02')!;
  const first = await api.get(url('Q/1', 'W2 A 02'), key);
  assert.equal(first.statusCode, 200, first.body);
  const body = first.json();
  assert.equal(body.source, 'postgres');
  assert.equal(body.qty_on_hand, c.qty);
  assert.match(body.updated_at, /^\d{4}-\d{2}-\d{2}T/);
  assert.deepEqual(await services.cache.read('Q/1', 'W2 A 02'), { qty: c.qty, version: body.version }, 'written back to Redis');
  const second = await api.get(url('Q/1', 'W2 A 02'), key);
  assert.equal(second.json().source, 'redis');
  assert.equal(second.json().qty_on_hand, c.qty);
});

test('read-through never overwrites a newer cached version', async () => {
  await services.cache.clear();
  await services.cache.write([{ sku: 'P-2', location: 'W1-B-01', qty_on_hand: 42, version: 999 }]);
  await services.redis.del(`${t.config.redisPrefix}inv:P-2:W1-B-01`); // the quantity is gone, the version stays
  const res = await api.get(url('P-2', 'W1-B-01'), key);
  assert.equal(res.json().source, 'postgres');
  assert.equal(await services.redis.get(`${t.config.redisPrefix}invver:P-2:W1-B-01`), '999');
});

test('unknown cell: 404 problem', async () => {
  const res = await api.get(url('NOPE', 'W1-A-01'), key);
  assert.equal(res.statusCode, 404);
  assert.equal(problemOf(res).code, 'NOT_FOUND');
});

async function all(query: string, limit: number, from: string | null = null): Promise<{ items: Array<Record<string, any>>; pages: number }> {
  const items: Array<Record<string, any>> = [];
  let cursor: string | null = from;
  let pages = 0;
  do {
    const res = await api.get(`/v1/inventory?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, key);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    items.push(...body.items);
    cursor = body.next_cursor;
    pages++;
    assert.ok(pages < 100);
  } while (cursor);
  return { items, pages };
}

const keys = (items: Array<Record<string, any>>) => items.map((i) => `${i.sku}|${i.location}`);
const expected = (pred: (c: (typeof cells)[number]) => boolean) =>
  cells
    .filter(pred)
    .map((c) => `${c.sku}|${c.location}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

test('list: keyset pages in (sku, location) order, no overlap, no gap', async () => {
  const { items, pages } = await all('', 5);
  assert.equal(pages, 3);
  const got = keys(items);
  assert.equal(new Set(got).size, got.length, 'no cell twice');
  assert.deepEqual(
    got,
    expected(() => true),
  );
  const one = await api.get('/v1/inventory?limit=1000', key);
  assert.equal(one.json().next_cursor, null);
  assert.equal(one.json().items[0].warehouse, 'W1');
});

test('list: filters sku_prefix, location, warehouse, zone, negative, below_reorder', async () => {
  const wh = (l: string) => l.slice(0, 2);
  const zone = (l: string) => (l.includes('B') ? 'B' : 'A');
  assert.deepEqual(
    keys((await all('&sku_prefix=P-', 2)).items),
    expected((c) => c.sku.startsWith('P-')),
  );
  assert.deepEqual(
    keys((await all(`&location=${encodeURIComponent('W2 A 02')}`, 2)).items),
    expected((c) => c.location === 'W2 A 02'),
  );
  assert.deepEqual(
    keys((await all('&warehouse=W2', 2)).items),
    expected((c) => wh(c.location) === 'W2'),
  );
  assert.deepEqual(
    keys((await all('&warehouse=W1&zone=A', 2)).items),
    expected((c) => wh(c.location) === 'W1' && zone(c.location) === 'A'),
  );
  assert.deepEqual(
    keys((await all('&negative=true', 2)).items),
    expected((c) => c.qty < 0),
  );
  const rp: Record<string, number> = { 'P-1': 2, 'Q/1': 0 };
  assert.deepEqual(
    keys((await all('&below_reorder=true', 2)).items),
    expected((c) => rp[c.sku] !== undefined && c.qty <= rp[c.sku]!),
  );
  assert.ok(expected((c) => c.qty < 0).length > 0, 'the fixture has negative cells');
});

test('list: cells inserted between pages never shift a page (stable keyset)', async () => {
  const first = (await api.get('/v1/inventory?limit=4', key)).json();
  await services.pool.query("INSERT INTO inventory_current (sku, location, qty_on_hand, version) VALUES ('A-0', 'X', 1, 1), ('P-1', 'A', 1, 1)");
  const rest = await all('', 4, first.next_cursor);
  const got = [...keys(first.items), ...keys(rest.items)];
  assert.equal(new Set(got).size, got.length);
  for (const k of expected(() => true)) assert.ok(got.includes(k), `${k} is on some page`);
  assert.ok(!got.includes('A-0|X'), 'a cell sorting before the cursor is not seen late');
  await services.pool.query("DELETE FROM inventory_current WHERE (sku, location) IN (('A-0', 'X'), ('P-1', 'A'))");
});

test('Redis down: the cell still answers, from Postgres; readiness says Redis failed (503)', async () => {
  // A Redis nobody listens on (port 1 on loopback), as the API's own failFast client sees an outage.
  const deadRedis = createRedis('redis://127.0.0.1:1', { failFast: true, maxRetriesPerRequest: 1 });
  const producer = new EventProducer(t.config, 'api-test-dead-redis');
  const app = await buildApi({ config: t.config, pool: services.pool, redis: deadRedis, events: producer, logger: createLogger('silent', 'api-test') });
  try {
    const res = await app.inject({ method: 'GET', url: url('P-2', 'W2-A-01'), headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().source, 'postgres');
    assert.equal(res.json().qty_on_hand, cells.find((c) => c.sku === 'P-2' && c.location === 'W2-A-01')!.qty);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 503);
    const checks = ready.json().checks;
    assert.equal(checks.redis.ok, false);
    assert.ok(checks.redis.error.length > 0);
    assert.equal(checks.postgres.ok, true);
  } finally {
    await app.close();
    await producer.close();
    deadRedis.disconnect();
  }
});
