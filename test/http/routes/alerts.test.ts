/**
 * Alerts over HTTP: the status / rule / sku / location filters, pages newest first with no gap or
 * overlap, and the acknowledge lifecycle (open → acknowledged with who and a note; again is a
 * no-op; resolved is a 409; unknown is a 404) with the ingest role, 403 for a read key, 401 without.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { allPages, openApi, problemOf, type TestApi } from '../../support/api.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('api-alerts', { RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let readKey: string;
let ingestKey: string;

interface Seed {
  kind: string;
  sku: string;
  location: string;
  status: 'open' | 'acknowledged' | 'resolved';
}
const seeds: Seed[] = [];
let ids: number[] = [];

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  readKey = await api.key('read');
  ingestKey = await api.key('ingest', 'operator-1');
  const kinds = ['negative_stock', 'below_reorder_point', 'stockout_soon'];
  const statuses = ['open', 'acknowledged', 'resolved'] as const;
  for (let i = 0; i < 23; i++)
    seeds.push({ kind: kinds[i % 3]!, sku: `A-${i % 4}`, location: i % 2 === 0 ? 'L-1' : 'L-2', status: statuses[Math.floor(i / 3) % 3]! });
  const { rows } = await services.pool.query<{ id: number }>(
    `INSERT INTO alerts (kind, subject, status, details)
     SELECT k, s || '|' || l || '|' || n, st, jsonb_build_object('sku', s, 'location', l)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS x(k, s, l, st, n, ord)
     ORDER BY ord RETURNING id::int AS id`,
    [seeds.map((s) => s.kind), seeds.map((s) => s.sku), seeds.map((s) => s.location), seeds.map((s) => s.status), seeds.map((_, i) => i)],
  );
  ids = rows.map((r) => r.id);
});
after(async () => {
  await api.close();
  await services.close();
});

const post = (path: string, key: string | undefined, body?: unknown) => api.post(path, key, body);

const pages = (query: string, limit: number) =>
  allPages<{ id: number; status: string }>(api, `/v1/alerts${query ? `?${query.replace(/^&/, '')}` : ''}`, readKey, limit);

const expected = (pred: (s: Seed) => boolean) =>
  seeds
    .map((s, i) => [s, ids[i]!] as const)
    .filter(([s]) => pred(s))
    .map(([, id]) => id)
    .sort((a, b) => b - a);

test('filters and pages: active by default, each status, all, rule, sku, location; newest first, no gap or overlap', async () => {
  const cases: Array<[string, (s: Seed) => boolean]> = [
    ['', (s) => s.status !== 'resolved'],
    ['&status=open', (s) => s.status === 'open'],
    ['&status=acknowledged', (s) => s.status === 'acknowledged'],
    ['&status=resolved', (s) => s.status === 'resolved'],
    ['&status=all', () => true],
    ['&status=all&rule=stockout_soon', (s) => s.kind === 'stockout_soon'],
    ['&status=all&sku=A-1&location=L-2', (s) => s.sku === 'A-1' && s.location === 'L-2'],
  ];
  for (const [query, pred] of cases) {
    const want = expected(pred);
    assert.ok(want.length > 0, query);
    assert.deepEqual(
      (await pages(query, 4)).map((r) => r.id),
      want,
      query,
    );
  }
  const bad = await api.get('/v1/alerts?status=closed', readKey);
  assert.equal(bad.statusCode, 400);
  assert.equal(problemOf(bad).errors?.[0]?.field, 'querystring.status');
  assert.equal((await api.get('/v1/alerts')).statusCode, 401);
});

test('ack lifecycle: ingest key acknowledges with its name and a note; again is a no-op; resolved 409; unknown 404; read key 403; no key 401', async () => {
  const open = ids[seeds.findIndex((s) => s.status === 'open')]!;
  const resolved = ids[seeds.findIndex((s) => s.status === 'resolved')]!;

  const noKey = await post(`/v1/alerts/${open}/ack`, undefined, {});
  assert.equal(noKey.statusCode, 401);
  const forbidden = await post(`/v1/alerts/${open}/ack`, readKey, {});
  assert.equal(forbidden.statusCode, 403);
  assert.equal(problemOf(forbidden).code, 'FORBIDDEN');

  const res = await post(`/v1/alerts/${open}/ack`, ingestKey, { note: 'recount booked' });
  assert.equal(res.statusCode, 200, res.body);
  const acked = res.json();
  assert.equal(acked.id, open);
  assert.equal(acked.status, 'acknowledged');
  assert.equal(acked.acknowledged_by, 'operator-1');
  assert.match(acked.acknowledged_at, /^\d{4}-\d{2}-\d{2}T/);
  const { rows } = await services.pool.query(`SELECT status, details->>'ack_note' AS note FROM alerts WHERE id = $1`, [open]);
  assert.deepEqual(rows[0], { status: 'acknowledged', note: 'recount booked' });

  const again = await post(`/v1/alerts/${open}/ack`, ingestKey);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().acknowledged_at, acked.acknowledged_at);

  const conflict = await post(`/v1/alerts/${resolved}/ack`, ingestKey, {});
  assert.equal(conflict.statusCode, 409);
  assert.equal(problemOf(conflict).code, 'CONFLICT');
  const missing = await post('/v1/alerts/999999999/ack', ingestKey, {});
  assert.equal(missing.statusCode, 404);
  assert.equal(problemOf(missing).code, 'NOT_FOUND');
  const badId = await post('/v1/alerts/abc/ack', ingestKey, {});
  assert.equal(badId.statusCode, 400);
  const badBody = await post(`/v1/alerts/${open}/ack`, ingestKey, { note: 'x'.repeat(2001) });
  assert.equal(badBody.statusCode, 400);
});
