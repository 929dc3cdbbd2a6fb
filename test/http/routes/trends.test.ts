/**
 * GET /v1/trends (Σ snapshots per day by SKU / location / warehouse) and GET /v1/cell-daily
 * (one cell's movements per business day in RFID_TIMEZONE, from the ledger), against oracles
 * computed here; 400 for a bad or too long range.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { businessDayOf } from '../../../src/domain/business-day.ts';
import { deltaOf } from '../../../src/domain/rfid-event.ts';
import { openApi, problemOf, type TestApi } from '../../support/api.ts';
import { insertEvents, type LedgerEvent } from '../../support/daily-db.ts';
import { rng } from '../../support/events.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const ZONE = 'Asia/Seoul';
const t = makeTestEnv('api-trends', { RFID_RATE_LIMIT_PER_MIN: '0', RFID_TIMEZONE: ZONE });
let services: Services;
let api: TestApi;
let key: string;
const events: LedgerEvent[] = [];

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  const db = services.pool;
  await db.query("INSERT INTO location_master (location, warehouse) VALUES ('WH1-A', 'WH1'), ('WH1-B', 'WH1'), ('WH2-A', 'WH2')");
  await db.query(
    `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand)
     SELECT d::date, s, l, length(s) + ascii(right(l, 1)) + extract(day FROM d::date)::int
     FROM generate_series('2026-11-01'::date, '2026-11-05'::date, interval '1 day') d, unnest(ARRAY['S-1', 'S-22']) s, unnest(ARRAY['WH1-A', 'WH1-B', 'WH2-A']) l`,
  );
  // Events around business-day edges in Asia/Seoul (UTC+9): 15:00Z is midnight there.
  const rand = rng(5);
  const start = Date.parse('2026-10-30T00:00:00Z');
  for (let i = 0; i < 400; i++) {
    const type = (['IN', 'OUT', 'ADJUST'] as const)[Math.floor(rand() * 3)]!;
    events.push({
      event_ts: new Date(start + Math.floor(rand() * 8 * 86_400_000)).toISOString(),
      event_type: type,
      sku: 'S-1',
      location: rand() < 0.8 ? 'WH1-A' : 'WH2-A',
      qty: type === 'ADJUST' ? Math.floor(rand() * 11) - 5 || 1 : 1 + Math.floor(rand() * 9),
    });
  }
  await insertEvents(db, events);
});

after(async () => {
  await api.close();
  await services.close();
});

test('trends: per day the sum over all cells, over a SKU, a location and a warehouse', async () => {
  const snap = (
    await services.pool.query<{ date: string; sku: string; location: string; qty: number }>(
      'SELECT date::text AS date, sku, location, qty_on_hand AS qty FROM inventory_snapshot_daily',
    )
  ).rows;
  const expected = (keep: (r: (typeof snap)[number]) => boolean) => {
    const by = new Map<string, { qty: number; cells: number }>();
    for (const r of snap.filter(keep)) by.set(r.date, { qty: (by.get(r.date)?.qty ?? 0) + r.qty, cells: (by.get(r.date)?.cells ?? 0) + 1 });
    return [...by].sort().map(([date, v]) => ({ date, qty_on_hand: v.qty, cells: v.cells }));
  };
  const get = async (q: string) => {
    const res = await api.get(`/v1/trends?from=2026-10-31&to=2026-11-05${q}`, key);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  };
  assert.deepEqual(
    await get(''),
    expected(() => true),
  );
  assert.deepEqual(
    await get('&sku=S-22'),
    expected((r) => r.sku === 'S-22'),
  );
  assert.deepEqual(
    await get('&location=WH1-B'),
    expected((r) => r.location === 'WH1-B'),
  );
  assert.deepEqual(
    await get('&warehouse=WH1'),
    expected((r) => r.location.startsWith('WH1')),
  );
  assert.equal((await get('&warehouse=WH9')).length, 0);
});

test('trends follow restated snapshots: an update, an upsert and a delete change the totals at once', async () => {
  const db = services.pool;
  const read = async () => (await api.get('/v1/trends?from=2026-11-01&to=2026-11-06&warehouse=WH1', key)).json().items;
  const direct = async () =>
    (
      await db.query<{ date: string; qty_on_hand: string; cells: string }>(
        `SELECT s.date::text AS date, sum(s.qty_on_hand) AS qty_on_hand, count(*) AS cells FROM inventory_snapshot_daily s
         JOIN location_master l USING (location) WHERE l.warehouse = 'WH1' AND s.date BETWEEN '2026-11-01' AND '2026-11-06' GROUP BY 1 ORDER BY 1`,
      )
    ).rows.map((r) => ({ date: r.date, qty_on_hand: Number(r.qty_on_hand), cells: Number(r.cells) }));
  await db.query("UPDATE inventory_snapshot_daily SET qty_on_hand = qty_on_hand + 100 WHERE date = '2026-11-03' AND location = 'WH1-A'");
  await db.query(
    `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand) VALUES ('2026-11-04', 'S-1', 'WH1-B', 7), ('2026-11-06', 'S-9', 'WH1-B', 3)
     ON CONFLICT (date, sku, location) DO UPDATE SET qty_on_hand = excluded.qty_on_hand`,
  );
  await db.query("DELETE FROM inventory_snapshot_daily WHERE date = '2026-11-02' AND sku = 'S-22'");
  const expected = await direct();
  assert.equal(expected.length, 6);
  assert.deepEqual(await read(), expected);
});

test('cell-daily: in, out, adjusted and end-of-day on-hand per business day in the time zone, days without events included', async () => {
  const res = await api.get('/v1/cell-daily?sku=S-1&location=WH1-A&from=2026-11-01&to=2026-11-06', key);
  assert.equal(res.statusCode, 200, res.body);
  const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
  const mine = events.filter((e) => e.sku === 'S-1' && e.location === 'WH1-A');
  const dayOf = (e: LedgerEvent) => businessDayOf(Date.parse(e.event_ts), ZONE);
  const sum = (list: LedgerEvent[], type: string) => list.filter((e) => e.event_type === type).reduce((s, e) => s + e.qty, 0);
  const expected = days.map((day) => {
    const that = mine.filter((e) => dayOf(e) === day);
    return {
      date: day,
      qty_in: sum(that, 'IN'),
      qty_out: sum(that, 'OUT'),
      qty_adjust: sum(that, 'ADJUST'),
      events: that.length,
      on_hand_end: mine.filter((e) => dayOf(e) <= day).reduce((s, e) => s + deltaOf(e), 0),
    };
  });
  assert.deepEqual(res.json(), { from: '2026-11-01', to: '2026-11-06', items: expected });
});

test('400 for from after to, a range over 400 days, a day that does not exist, or no location', async () => {
  assert.equal(problemOf(await api.get('/v1/trends?from=2026-11-05&to=2026-11-01', key)).status, 400);
  assert.equal(problemOf(await api.get('/v1/trends?from=2024-01-01&to=2026-11-01', key)).status, 400);
  assert.equal(problemOf(await api.get('/v1/trends?from=2026-02-30', key)).status, 400);
  assert.equal(problemOf(await api.get('/v1/cell-daily?sku=S-1', key)).status, 400);
  assert.equal(problemOf(await api.get('/v1/cell-daily?sku=S-1&location=WH1-A')).status, 401);
});
