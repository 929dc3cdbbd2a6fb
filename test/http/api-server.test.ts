/**
 * The HTTP API on a real port against real Kafka and Postgres: health, OpenAPI, POST /v1/events
 * (happy path, every invalid category, partial batch, size and content-type limits) and CSV
 * imports (exact report, rejects CSV, re-import adds nothing, malformed CSV).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/http/api-server.ts';
import { IngestWorker } from '../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../src/ingest/metrics.ts';
import { EventProducer } from '../../src/kafka/event-producer.ts';
import { createLogger } from '../../src/logger.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import { createRedis } from '../../src/redis/client.ts';
import { InventoryCache } from '../../src/redis/inventory-cache.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';
import { readTopic } from '../support/kafka-read.ts';
import { waitUntilApplied } from '../support/pipeline-checks.ts';

// Auth off (loopback HOST): this file is about ingestion; test/http/auth.test.ts covers keys.
const t = makeTestEnv('api', {
  RFID_HTTP_BODY_LIMIT_BYTES: '65536',
  RFID_HTTP_MAX_EVENTS: '100',
  RFID_IMPORT_MAX_BYTES: '4096',
  RFID_AUTH: 'off',
  HOST: '127.0.0.1',
});
let pool: Pool;
let producer: EventProducer;
let app: FastifyInstance;
let base: string;

let services: Services;

before(async () => {
  services = await openServices(t);
  pool = services.pool;
  producer = new EventProducer(t.config, 'api-test');
  app = await buildApi({ config: t.config, pool, redis: services.redis, events: producer, logger: createLogger('warn', 'api-test') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await producer.close();
  await services.close();
});

const event = (over: Record<string, unknown> = {}) => ({
  event_id: randomUUID(),
  event_ts: new Date().toISOString(),
  event_type: 'IN',
  sku: 'SKU-API',
  location: 'WH1-A-01',
  qty: 4,
  ...over,
});

async function post(path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(base + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

test('health, readiness and the OpenAPI document', async () => {
  assert.equal((await fetch(`${base}/health`)).status, 200);
  const ready = await fetch(`${base}/health/ready`);
  assert.equal(ready.status, 200);
  assert.deepEqual(((await ready.json()) as { checks: unknown }).checks, { kafka: { ok: true }, postgres: { ok: true }, redis: { ok: true } });
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
  assert.match(doc.openapi, /^3\./);
  assert.ok(doc.paths['/v1/events'] && doc.paths['/v1/imports']);
  assert.equal((await fetch(`${base}/docs`, { redirect: 'follow' })).status, 200);
  const missing = await fetch(`${base}/nope`);
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
});

test('one valid event: 202 after Kafka acknowledged it, keyed sku|location', async () => {
  const e = event({ device_id: 'RD-1' });
  const r = await post('/v1/events', e);
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.json, { accepted: 1, rejected: 0, results: [{ index: 0, status: 'accepted', event_id: e.event_id }] });
  const records = await readTopic(t.config, t.config.topics.events, 1);
  assert.equal(records[0]!.key, 'SKU-API|WH1-A-01');
  assert.deepEqual(JSON.parse(records[0]!.value), e);
});

test('a partial batch: 207 with field-level reasons for every invalid category, valid ones produced', async () => {
  const bad: Array<[string, unknown]> = [
    ['NOT_OBJECT', 42],
    ['MISSING_FIELD', (({ sku: _, ...rest }) => rest)(event())],
    ['WRONG_TYPE', event({ qty: '4' })],
    ['BAD_UUID', event({ event_id: 'abc' })],
    ['UNKNOWN_EVENT_TYPE', event({ event_type: 'MOVE' })],
    ['QTY_ZERO', event({ event_type: 'ADJUST', qty: 0 })],
    ['QTY_WRONG_SIGN', event({ event_type: 'OUT', qty: -1 })],
    ['QTY_NOT_INTEGER', event({ qty: 1.5 })],
    ['QTY_OUT_OF_RANGE', event({ qty: 10_000_000 })],
    ['BAD_TIMESTAMP', event({ event_ts: '2026-11-20 09:00' })],
    ['FUTURE_TIMESTAMP', event({ event_ts: new Date(Date.now() + 86_400_000).toISOString() })],
    ['FIELD_TOO_LONG', event({ location: 'L'.repeat(65) })],
    ['FIELD_EMPTY', event({ sku: '' })],
  ];
  const good = [event({ sku: 'SKU-P1' }), event({ sku: 'SKU-P2', event_type: 'ADJUST', qty: -2 })];
  const body = [good[0], ...bad.map(([, v]) => v), good[1]];
  const r = await post('/v1/events', body);
  assert.equal(r.status, 207, r.text);
  assert.equal(r.json.accepted, 2);
  assert.equal(r.json.rejected, bad.length);
  bad.forEach(([code], i) => {
    const item = r.json.results[i + 1];
    assert.equal(item.status, 'rejected');
    assert.equal(item.error.code, code, JSON.stringify(item));
    if (code !== 'NOT_OBJECT') assert.ok(item.error.field, `${code} names its field`);
  });
  assert.equal(r.json.results[0].status, 'accepted');
  assert.equal(r.json.results.at(-1).status, 'accepted');
});

test('nothing valid: 422; empty array, bad JSON: 400', async () => {
  const none = await post('/v1/events', [event({ qty: 0 })]);
  assert.equal(none.status, 422);
  assert.equal(none.json.accepted, 0);
  // A problem like every 4xx, with the per-item results beside its members.
  assert.equal(none.json.code, 'INVALID_EVENT');
  assert.equal(none.json.status, 422);
  assert.equal(none.json.results[0].status, 'rejected');
  const empty = await post('/v1/events', []);
  assert.equal(empty.status, 400);
  assert.match(empty.json.detail, /empty/);
  const broken = await post('/v1/events', '{"event_id": ');
  assert.equal(broken.status, 400);
  assert.equal(broken.json.status, 400);
  assert.ok(broken.json.code);
});

test('limits: body over the limit → 413, too many events → 413, wrong content type → 415', async () => {
  const big = await post('/v1/events', [event({ device_id: 'x'.repeat(70_000) })]);
  assert.equal(big.status, 413);
  const many = await post(
    '/v1/events',
    Array.from({ length: 101 }, () => event()),
  );
  assert.equal(many.status, 413);
  assert.equal(many.json.code, 'TOO_MANY_EVENTS');
  const text = await post('/v1/events', 'IN SKU-1 A-01 4', { 'content-type': 'text/plain' });
  assert.equal(text.status, 415);
  const notMultipart = await post('/v1/imports', { a: 1 });
  assert.equal(notMultipart.status, 415);
  const header = 'event_ts,event_type,sku,location,qty\n';
  const bigCsv = header + '2026-11-20T09:00:00Z,IN,SKU-BIG,A-01,1\n'.repeat(200);
  const upload = await fetch(`${base}/v1/imports`, { method: 'POST', body: csvUpload(bigCsv) });
  assert.equal(upload.status, 413);
  const listed = await pool.query("SELECT count(*)::int AS n FROM event_imports WHERE status = 'done' AND file_name = 'stock.csv' AND rows_read = 200");
  assert.equal(listed.rows[0].n, 0, 'an oversized upload is not imported');
});

function csvUpload(csv: string, name = 'stock.csv'): FormData {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  return form;
}

test('CSV upload: exact report and rejects CSV; the same file twice adds nothing to the ledger', async () => {
  const csv = [
    'timestamp,type,item,bin,quantity,reader',
    '2026-11-20T09:00:00Z,IN,SKU-C1,A-01,10,r1',
    '2026-11-20T09:01:00Z,out,SKU-C1,A-01,3,r1',
    '2026-11-20T09:02:00Z,OUT,SKU-C1,A-01,-3,r1',
    '2026-11-20T09:03:00Z,IN,SKU-C2,A-01,lots,r1',
    '2026-11-20T09:04:00Z,IN,SKU-C2,A-01',
    '"2026-11-20T09:05:00Z",ADJUST,"SKU-C2",A-01,+7,"reader, east"',
    '',
  ].join('\n');
  const first = await fetch(`${base}/v1/imports`, { method: 'POST', body: csvUpload(csv) });
  const report = (await first.json()) as Record<string, any>;
  assert.equal(first.status, 201, JSON.stringify(report));
  assert.equal(report.status, 'done');
  assert.equal(report.rows_read, 6);
  assert.equal(report.accepted, 3);
  assert.equal(report.rejected, 3);
  const rejects = await (await fetch(base + report.rejects_url)).text();
  const lines = rejects.trim().split('\n');
  assert.equal(lines[0], 'line,code,field,reason,row');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
    ['4,QTY_WRONG_SIGN', '5,WRONG_TYPE', '6,BAD_ROW'],
  );
  const again = (await (await fetch(`${base}/v1/imports/${report.import_id}`)).json()) as Record<string, any>;
  assert.equal(again.accepted, 3);

  const second = await fetch(`${base}/v1/imports`, { method: 'POST', body: csvUpload(csv) });
  assert.equal(second.status, 201);

  // The ledger after ingesting everything produced so far holds each CSV row once.
  const redis = createRedis(t.config.redisUrl, { failFast: true, maxRetriesPerRequest: 1 });
  const worker = new IngestWorker({
    config: t.config,
    pool,
    cache: new InventoryCache(redis, t.config.redisPrefix),
    metrics: createIngestMetrics(),
    logger: createLogger('warn', 'api-ingest'),
  });
  const running = worker.run();
  try {
    await waitUntilApplied(t.config, pool, 60_000);
  } finally {
    await worker.stop();
    await running;
    redis.disconnect();
  }
  const csvRows = await pool.query<{ n: number; qty: number }>("SELECT count(*)::int AS n, sum(qty)::int AS qty FROM rfid_events WHERE sku LIKE 'SKU-C%'");
  assert.deepEqual(csvRows.rows[0], { n: 3, qty: 10 + 3 + 7 });
  const stock = await pool.query<{ sku: string; qty_on_hand: number }>("SELECT sku, qty_on_hand FROM inventory_current WHERE sku LIKE 'SKU-C%' ORDER BY sku");
  assert.deepEqual(
    stock.rows.map((r) => [r.sku, r.qty_on_hand]),
    [
      ['SKU-C1', 7],
      ['SKU-C2', 7],
    ],
  );
});

test('CSV upload: unbalanced quotes → 400 naming the line; a missing column → 400 naming it; unknown import → 404', async () => {
  const broken = await fetch(`${base}/v1/imports`, {
    method: 'POST',
    body: csvUpload('sku,location,qty,event_ts,event_type\nA,B,1,2026-11-20T09:00:00Z,IN\n"A,B,1,2026-11-20T09:00:00Z,IN\n'),
  });
  const body = (await broken.json()) as { code: string; detail: string };
  assert.equal(broken.status, 400);
  assert.match(body.detail, /not valid CSV \(line \d+\).*Quote Not Closed/);
  const noQty = await fetch(`${base}/v1/imports`, { method: 'POST', body: csvUpload('sku,location,event_ts,event_type\nA,B,2026-11-20T09:00:00Z,IN\n') });
  assert.equal(noQty.status, 400);
  assert.match(((await noQty.json()) as { detail: string }).detail, /lacks column\(s\) qty/);
  assert.equal((await fetch(`${base}/v1/imports/${randomUUID()}`)).status, 404);
  assert.equal((await fetch(`${base}/v1/imports/not-a-uuid`)).status, 400);
});

test('no CORS origins configured: no CORS header on an answer, a preflight is 404', async () => {
  const res = await fetch(`${base}/health`, { headers: { origin: 'http://console.test' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${base}/v1/events`, {
    method: 'OPTIONS',
    headers: { origin: 'http://console.test', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 404);
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
});
