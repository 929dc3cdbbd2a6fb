/**
 * GET /v1/meta (public) and GET /v1/overview over rows put straight into the tables: the
 * figures are the tables' own counts and sums; 401 without a key for the overview.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApi, problemOf, type TestApi } from '../../support/api.ts';
import { insertEvents } from '../../support/daily-db.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('api-console-meta', { RFID_RATE_LIMIT_PER_MIN: '0', RFID_TIMEZONE: 'Asia/Seoul' });
let services: Services;
let api: TestApi;
let key: string;

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  const db = services.pool;
  await db.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, last_event_ts) VALUES
       ('S-1', 'L-1', 10, '2026-11-20T01:00:00Z'), ('S-1', 'L-2', -3, '2026-11-20T02:00:00Z'), ('S-2', 'L-1', 5, '2026-11-21T03:04:05.123456Z')`,
  );
  await db.query("INSERT INTO sku_master (sku, reorder_point) VALUES ('S-2', 5), ('S-1', 1)");
  await db.query(
    `INSERT INTO alerts (kind, subject, status) VALUES ('negative_stock', 'S-1|L-2', 'open'), ('below_reorder_point', 'S-2|L-1', 'acknowledged'),
       ('device_silent', 'RD-1', 'resolved')`,
  );
  await db.query(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, record_value, worker_id)
     VALUES ($1, 0, 1, 'NOT_JSON', 'x', '\\x00', 'w'), ($1, 0, 2, 'NOT_JSON', 'y', '\\x00', 'w')`,
    [t.config.topics.events],
  );
  await db.query('INSERT INTO ingest_offsets (topic, partition, next_offset) VALUES ($1, 0, 40), ($1, 1, 2), ($2, 0, 1000)', [
    t.config.topics.events,
    'other-topic',
  ]);
  await insertEvents(db, [{ event_ts: '2026-11-20T01:00:00Z', event_type: 'IN', sku: 'S-1', location: 'L-1', qty: 10 }]);
});

after(async () => {
  await api.close();
  await services.close();
});

test('GET /v1/meta needs no key and tells the business time zone, the version and the auth mode', async () => {
  const res = await api.get('/v1/meta');
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.deepEqual({ ...body, server_time: typeof body.server_time }, { version: '0.1.0', timezone: 'Asia/Seoul', auth: 'on', server_time: 'string' });
});

test("GET /v1/overview: the tables' counts and sums; consumed offsets of the events topic only", async () => {
  const res = await api.get('/v1/overview', key);
  assert.equal(res.statusCode, 200);
  const { checked_at, ...body } = res.json();
  assert.ok(Date.parse(checked_at) > 0);
  assert.deepEqual(body, {
    skus: 2,
    cells: 3,
    units_on_hand: 12,
    negative_cells: 1,
    below_reorder_cells: 2,
    open_alerts: 1,
    acknowledged_alerts: 1,
    dead_letters: 2,
    open_conflicts: 0,
    consumed_offsets: 42,
    last_event_ts: '2026-11-21T03:04:05.123456Z',
  });
  assert.equal(problemOf(await api.get('/v1/overview')).status, 401);
});
