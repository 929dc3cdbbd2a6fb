import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { countSnapshotCells } from '../../../src/postgres/forecast/count-snapshot-cells.ts';
import { hasOriginForecasts } from '../../../src/postgres/forecast/has-origin-forecasts.ts';
import { readCellPage } from '../../../src/postgres/forecast/read-cell-page.ts';
import { readDailyOut } from '../../../src/postgres/forecast/read-daily-out.ts';
import { readOriginForecasts } from '../../../src/postgres/forecast/read-origin-forecasts.ts';
import { writeAccuracy } from '../../../src/postgres/forecast/write-accuracy.ts';
import { writeLatestForecasts } from '../../../src/postgres/forecast/write-latest-forecasts.ts';
import { writeMethodChoices } from '../../../src/postgres/forecast/write-method-choices.ts';
import { writeOriginForecasts } from '../../../src/postgres/forecast/write-origin-forecasts.ts';
import { writeReorderSignals } from '../../../src/postgres/reorder/write-reorder-signals.ts';
import { writeSnapshot } from '../../../src/postgres/daily/write-snapshot.ts';
import { upsertSkus } from '../../../src/postgres/master-data.ts';
import { insertEvents, openDailyDb, type DailyDb } from '../../support/daily-db.ts';

const ZONE = 'America/Los_Angeles';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('forecastops', { RFID_TIMEZONE: ZONE });
  await insertEvents(db.pool, [
    { event_ts: '2026-05-01T17:00:00Z', event_type: 'IN', sku: 'B', location: 'L1', qty: 9 },
    { event_ts: '2026-05-01T17:00:00Z', event_type: 'IN', sku: 'A', location: 'L2', qty: 9 },
    { event_ts: '2026-05-01T17:00:00Z', event_type: 'IN', sku: 'A', location: 'L1', qty: 9 },
    { event_ts: '2026-05-02T06:30:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 2 }, // 23:30 PDT on 05-01
    { event_ts: '2026-05-02T07:30:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 3 }, // 00:30 PDT on 05-02
    { event_ts: '2026-05-03T18:00:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 1 },
    { event_ts: '2026-05-03T18:00:00Z', event_type: 'ADJUST', sku: 'A', location: 'L1', qty: -4 },
  ]);
  await writeSnapshot(db.pool, '2026-05-03', ZONE);
  await upsertSkus(db.pool, [{ sku: 'A', name: null, category: null, lead_time_days: 2, reorder_point: null, reorder_qty: null }]);
});
after(() => db.close());

test('countSnapshotCells: the cells of a day’s snapshot', async () => {
  assert.equal(await countSnapshotCells(db.pool, '2026-05-03'), 3);
  assert.equal(await countSnapshotCells(db.pool, '2026-05-04'), 0);
});

test('readCellPage: key order, keyset pages, on-hand and master-data lead time', async () => {
  const first = await readCellPage(db.pool, '2026-05-03', null, 2);
  assert.deepEqual(first, [
    { sku: 'A', location: 'L1', qty_on_hand: 9 - 2 - 3 - 1 - 4, lead_time_days: 2 },
    { sku: 'A', location: 'L2', qty_on_hand: 9, lead_time_days: 2 },
  ]);
  assert.deepEqual(await readCellPage(db.pool, '2026-05-03', { sku: 'A', location: 'L2' }, 2), [
    { sku: 'B', location: 'L1', qty_on_hand: 9, lead_time_days: null },
  ]);
});

test('readDailyOut: OUT quantity per business day, zero-filled, ADJUST and IN ignored', async () => {
  const cells = [
    { sku: 'A', location: 'L1' },
    { sku: 'NONE', location: 'L1' },
  ];
  assert.deepEqual(await readDailyOut(db.pool, cells, '2026-04-30', '2026-05-03', ZONE), [
    [0, 2, 3, 1],
    [0, 0, 0, 0],
  ]);
});

test('writeOriginForecasts/readOriginForecasts: one numeric[] per series and method, read back in the cells’ order', async () => {
  const rows = [
    { sku: 'A', location: 'L1', method: 'tsb', qty: [3 / 7, 0.5, 1] },
    { sku: 'B', location: 'L1', method: 'tsb', qty: [0, 0, 0] },
  ];
  assert.equal(await writeOriginForecasts(db.pool, '2026-05-03', rows), 2);
  assert.deepEqual(
    await readOriginForecasts(db.pool, '2026-05-03', 'tsb', [
      { sku: 'B', location: 'L1' },
      { sku: 'X', location: 'L1' },
      { sku: 'A', location: 'L1' },
    ]),
    [[0, 0, 0], null, [0.4286, 0.5, 1]],
  );
});

test('hasOriginForecasts: whether an origin day has any stored forecast', async () => {
  assert.equal(await hasOriginForecasts(db.pool, '2026-05-03'), true);
  assert.equal(await hasOriginForecasts(db.pool, '2026-05-04'), false);
});

test('writeLatestForecasts: one row per forecast day; an older origin does not overwrite a newer one', async () => {
  assert.equal(await writeLatestForecasts(db.pool, '2026-05-03', [{ sku: 'A', location: 'L1', method: 'ma7', qty: [1, 1] }]), 2);
  assert.equal(await writeLatestForecasts(db.pool, '2026-05-04', [{ sku: 'A', location: 'L1', method: 'ma7', qty: [2, 2] }]), 2);
  assert.equal(await writeLatestForecasts(db.pool, '2026-05-03', [{ sku: 'A', location: 'L1', method: 'ma7', qty: [3, 3] }]), 1);
  const r = await db.pool.query<{ date: string; q: string; origin: string }>(
    'SELECT date::text AS date, forecast_qty::text AS q, origin_day::text AS origin FROM shipment_forecast_daily ORDER BY date',
  );
  assert.deepEqual(r.rows, [
    { date: '2026-05-04', q: '3', origin: '2026-05-03' },
    { date: '2026-05-05', q: '2', origin: '2026-05-04' },
    { date: '2026-05-06', q: '2', origin: '2026-05-04' },
  ]);
});

test('writeAccuracy: per series and method; null where a metric is undefined; the latest origin wins', async () => {
  const acc = (wape: number | null) => [{ sku: 'A', location: 'L1', method: 'ses', accuracy: { wape, mase: null, bias: 0.1, points: 7 }, origins: 1 }];
  await writeAccuracy(db.pool, '2026-05-04', acc(0.25));
  await writeAccuracy(db.pool, '2026-05-03', acc(0.99));
  await writeAccuracy(db.pool, '2026-05-05', acc(Number.POSITIVE_INFINITY));
  const r = await db.pool.query('SELECT origin_day::text AS origin, wape::float8 AS wape, mase, bias::float8 AS bias, points, origins FROM forecast_accuracy');
  assert.deepEqual(r.rows, [{ origin: '2026-05-05', wape: null, mase: null, bias: 0.1, points: 7, origins: 1 }]);
});

test('writeMethodChoices: one choice per series; the latest origin wins', async () => {
  await writeMethodChoices(db.pool, '2026-05-04', [{ sku: 'A', location: 'L1', method: 'tsb', reason: 'r1' }]);
  await writeMethodChoices(db.pool, '2026-05-03', [{ sku: 'A', location: 'L1', method: 'ses', reason: 'r0' }]);
  const r = await db.pool.query('SELECT method, reason, origin_day::text AS origin FROM forecast_method_choice');
  assert.deepEqual(r.rows, [{ method: 'tsb', reason: 'r1', origin: '2026-05-04' }]);
});

test('writeReorderSignals: one row per day and cell, rounded, re-run replaces', async () => {
  const signal = {
    meanDaily: 1 / 3,
    sdDaily: 0.5,
    z: 1.6448536,
    safetyStock: 1.163,
    reorderPoint: 1.83,
    daysOfCover: null,
    stockoutDate: null,
    belowReorderPoint: false,
  };
  await writeReorderSignals(db.pool, '2026-05-03', 0.95, [{ sku: 'A', location: 'L1', onHand: -1, leadTimeDays: 2, signal }]);
  await writeReorderSignals(db.pool, '2026-05-03', 0.95, [
    { sku: 'A', location: 'L1', onHand: -1, leadTimeDays: 2, signal: { ...signal, daysOfCover: 0, stockoutDate: '2026-05-03', belowReorderPoint: true } },
  ]);
  const r = await db.pool.query(
    'SELECT on_hand, mean_daily::text AS mean, z::text AS z, days_of_cover::float8 AS cover, stockout_date::text AS stockout, below_reorder_point AS below FROM reorder_signals',
  );
  assert.deepEqual(r.rows, [{ on_hand: -1, mean: '0.3333', z: '1.6449', cover: 0, stockout: '2026-05-03', below: true }]);
});
