/**
 * The daily layer's read routes over rows put straight into its tables: each filter, pages with
 * no gap or overlap, `horizon` counted from today in RFID_TIMEZONE, the newest reorder signal
 * per cell, 400 for a bad day and 401 without a key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, businessDayOf } from '../../../src/domain/business-day.ts';
import { allPages, openApi, problemOf, type TestApi } from '../../support/api.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('api-daily', { RFID_RATE_LIMIT_PER_MIN: '0', RFID_TIMEZONE: 'Asia/Seoul' });
let services: Services;
let api: TestApi;
let key: string;

const SKUS = ['S-A', 'S-B', 'S-C'];
const LOCS = ['L-1', 'L-2'];
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
const METHODS = ['ma7', 'ses'];
const today = businessDayOf(Date.now(), 'Asia/Seoul');
// The latest forecast per day lives in two tables (migration 014): days up to the newest origin
// (yesterday) settled, the days after it as the newest origin's arrays.
const FORECAST_DAYS = [-2, -1, 0, 1, 2, 3].map((n) => addDays(today, n));

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  const db = services.pool;
  await db.query(
    `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand)
     SELECT d::date, s, l, length(s) * 10 + extract(day FROM d::date)::int FROM unnest($1::text[]) d, unnest($2::text[]) s, unnest($3::text[]) l`,
    [DAYS, SKUS, LOCS],
  );
  await db.query(
    `INSERT INTO shipment_forecast_settled (date, sku, location, method, forecast_qty, origin_day)
     SELECT d::date, s, l, m, 0.43, d::date - 1 FROM unnest($1::text[]) d, unnest($2::text[]) s, unnest($3::text[]) l, unnest($4::text[]) m`,
    [FORECAST_DAYS.slice(0, 2), SKUS, LOCS, METHODS],
  );
  await db.query(
    `INSERT INTO shipment_forecast_latest (sku, location, method, origin_day, forecast_qty)
     SELECT s, l, m, $4::date, '{1.5,2.5,3.5,4.5}' FROM unnest($1::text[]) s, unnest($2::text[]) l, unnest($3::text[]) m`,
    [SKUS, LOCS, METHODS, addDays(today, -1)],
  );
  await db.query('INSERT INTO shipment_forecast_latest_days (day) SELECT unnest($1::date[])', [FORECAST_DAYS.slice(2)]);
  // The backtest of every cell and method, auto's choice for S-A at L-1 only.
  await db.query(
    `INSERT INTO forecast_backtest_cells (sku, location, origin_day, methods, wape, mase, bias, points, origins, auto_method, auto_reason)
     SELECT s, l, '2026-11-04', m, array_fill(0.25, ARRAY[n]), array_fill(0.9, ARRAY[n]), array_fill(-0.1, ARRAY[n]), array_fill(28, ARRAY[n]),
            array_fill(4, ARRAY[n]), CASE WHEN s = 'S-A' AND l = 'L-1' THEN 'ses' END, CASE WHEN s = 'S-A' AND l = 'L-1' THEN 'lowest MASE' END
     FROM unnest($1::text[]) s, unnest($2::text[]) l, (SELECT array_agg(m ORDER BY m) AS m, count(*)::int AS n FROM unnest($3::text[]) m) x`,
    [SKUS, LOCS, METHODS],
  );
  // Two days of signals per cell: only the newest may be answered. S-B is below its point on the newest day only.
  await db.query(
    `INSERT INTO reorder_signals (day, sku, location, on_hand, mean_daily, sd_daily, lead_time_days, service_level, z, safety_stock,
                                  reorder_point, days_of_cover, stockout_date, below_reorder_point)
     SELECT d::date, s, l, CASE WHEN s = 'S-B' AND d = '2026-11-04' THEN 2 ELSE 50 END, 1.5, 0.5, 3, 0.95, 1.645, 1.4, 5.9, 10, NULL,
            s = 'S-B' AND d = '2026-11-04'
     FROM unnest(ARRAY['2026-11-03', '2026-11-04']) d, unnest($1::text[]) s, unnest($2::text[]) l`,
    [SKUS, LOCS],
  );
});
after(async () => {
  await api.close();
  await services.close();
});

const pages = <T>(path: string, limit: number) => allPages<T>(api, path, key, limit);

interface Snap {
  date: string;
  sku: string;
  location: string;
  qty_on_hand: number;
}
const keyOf = (...parts: string[]) => parts.join('|');

test('snapshots: every row once in (date, sku, location) order over pages of 5; filters sku, location, from, to', async () => {
  const all = await pages<Snap>('/v1/snapshots', 5);
  const want = DAYS.flatMap((d) => SKUS.flatMap((s) => LOCS.map((l) => keyOf(d, s, l))));
  assert.deepEqual(
    all.map((r) => keyOf(r.date, r.sku, r.location)),
    want,
  );
  assert.equal(all[0]!.qty_on_hand, 3 * 10 + 1);
  const some = await pages<Snap>('/v1/snapshots?sku=S-B&location=L-2&from=2026-11-02&to=2026-11-03', 1);
  assert.deepEqual(
    some.map((r) => keyOf(r.date, r.sku, r.location)),
    ['2026-11-02|S-B|L-2', '2026-11-03|S-B|L-2'],
  );
  const bad = await api.get('/v1/snapshots?from=2026-02-30', key);
  assert.equal(bad.statusCode, 400);
  assert.equal(problemOf(bad).errors?.[0]?.field, 'querystring.from');
  assert.equal((await api.get('/v1/snapshots?to=yesterday', key)).statusCode, 400);
});

interface Fc {
  date: string;
  sku: string;
  location: string;
  method: string;
  forecast_qty: number;
}

test('forecasts: pages without gap or overlap; filters sku, location, method, from/to; horizon counts from today in RFID_TIMEZONE', async () => {
  const all = await pages<Fc>('/v1/forecasts', 7);
  assert.equal(all.length, FORECAST_DAYS.length * SKUS.length * LOCS.length * METHODS.length);
  assert.equal(new Set(all.map((r) => keyOf(r.date, r.sku, r.location, r.method))).size, all.length);
  assert.equal(all[0]!.forecast_qty, 0.43);
  // Today is lead 1 of yesterday's arrays, today+3 lead 4.
  assert.deepEqual(
    all.filter((r) => r.sku === 'S-B' && r.location === 'L-2' && r.method === 'ses').map((r) => [r.date, r.forecast_qty]),
    FORECAST_DAYS.map((d, i) => [d, i < 2 ? 0.43 : i - 0.5]),
  );
  const sorted = [...all].sort((a, b) => keyOf(a.date, a.sku, a.location, a.method).localeCompare(keyOf(b.date, b.sku, b.location, b.method)));
  assert.deepEqual(all, sorted);
  const one = await pages<Fc>(`/v1/forecasts?sku=S-C&location=L-1&method=ses&from=${FORECAST_DAYS[1]}&to=${FORECAST_DAYS[2]}`, 10);
  assert.deepEqual(
    one.map((r) => keyOf(r.date, r.sku, r.location, r.method)),
    [keyOf(FORECAST_DAYS[1]!, 'S-C', 'L-1', 'ses'), keyOf(FORECAST_DAYS[2]!, 'S-C', 'L-1', 'ses')],
  );
  // horizon=3: today, today+1, today+2 — not yesterday's day, not today+3.
  const near = await pages<Fc>('/v1/forecasts?horizon=3&sku=S-A&location=L-2&method=ma7', 10);
  assert.deepEqual(
    near.map((r) => r.date),
    [today, addDays(today, 1), addDays(today, 2)],
  );
  assert.equal((await api.get('/v1/forecasts?horizon=0', key)).statusCode, 400);
});

test('forecast accuracy: per series and method, chosen_by_auto, filters, pages', async () => {
  const all = await pages<{ sku: string; location: string; method: string; wape: number; chosen_by_auto: boolean }>('/v1/forecast-accuracy', 5);
  assert.equal(all.length, SKUS.length * LOCS.length * METHODS.length);
  assert.equal(new Set(all.map((r) => keyOf(r.sku, r.location, r.method))).size, all.length);
  assert.deepEqual(
    all.filter((r) => r.chosen_by_auto).map((r) => keyOf(r.sku, r.location, r.method)),
    ['S-A|L-1|ses'],
  );
  assert.equal(all[0]!.wape, 0.25);
  const some = await pages<{ sku: string; location: string; method: string }>('/v1/forecast-accuracy?sku=S-B&location=L-1&method=ma7', 5);
  assert.deepEqual(
    some.map((r) => keyOf(r.sku, r.location, r.method)),
    ['S-B|L-1|ma7'],
  );
});

test('reorder: the newest signal of each cell, pages of 4; below_reorder=true, sku and location filters', async () => {
  const all = await pages<{ day: string; sku: string; location: string; below_reorder_point: boolean; reorder_point: number }>('/v1/reorder', 4);
  assert.deepEqual(
    all.map((r) => keyOf(r.day, r.sku, r.location)),
    SKUS.flatMap((s) => LOCS.map((l) => keyOf('2026-11-04', s, l))),
  );
  assert.equal(all[0]!.reorder_point, 5.9);
  const below = await pages<{ sku: string; location: string }>('/v1/reorder?below_reorder=true', 1);
  assert.deepEqual(
    below.map((r) => keyOf(r.sku, r.location)),
    ['S-B|L-1', 'S-B|L-2'],
  );
  const one = await pages<{ sku: string; location: string }>('/v1/reorder?sku=S-C&location=L-2', 10);
  assert.deepEqual(
    one.map((r) => keyOf(r.sku, r.location)),
    ['S-C|L-2'],
  );
});

test('401 without a key on every read route; a cursor from another route is a 400', async () => {
  for (const path of ['/v1/snapshots', '/v1/forecasts', '/v1/forecast-accuracy', '/v1/reorder']) {
    const res = await api.get(path);
    assert.equal(res.statusCode, 401, path);
    assert.equal(problemOf(res).code, 'UNAUTHORIZED');
  }
  const first = (await api.get('/v1/reorder?limit=1', key)).json();
  const res = await api.get(`/v1/snapshots?cursor=${first.next_cursor}`, key);
  assert.equal(res.statusCode, 400);
  assert.equal(problemOf(res).errors?.[0]?.field, 'querystring.cursor');
});
