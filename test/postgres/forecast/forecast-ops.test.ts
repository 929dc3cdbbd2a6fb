import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { countSnapshotCells } from '../../../src/postgres/forecast/count-snapshot-cells.ts';
import { hasOriginForecasts } from '../../../src/postgres/forecast/has-origin-forecasts.ts';
import { readDemandPage } from '../../../src/postgres/forecast/read-demand-page.ts';
import { readDailyOut } from '../../../src/postgres/forecast/read-daily-out.ts';
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

test('readDemandPage: key order, keyset pages, on-hand, master-data lead time, OUT window, the origin’s forecast', async () => {
  await db.pool.query(
    `INSERT INTO forecast_origin_cells (origin_day, sku, location, methods, horizon, starts, forecast_qty)
     VALUES ('2026-05-03', 'A', 'L2', '{auto,ma7}', 2, '{1,3}', '{0.5,1,7,8.25}'), ('2026-05-03', 'A', 'L1', '{auto,ma7,ses}', 2, '{1,2,4}', '{3,7,8.25,0.1}')`,
  );
  const first = await readDemandPage(db.pool, '2026-05-03', null, 2, 'auto');
  assert.deepEqual(
    first.map(({ window, ...rest }) => ({ ...rest, windowEnd: window?.slice(-7) ?? null })),
    [
      // OUT 2 at 23:30 PDT on 05-01, 3 on 05-02, 1 on 05-03: the window's last three days.
      { sku: 'A', location: 'L1', qty_on_hand: 9 - 2 - 3 - 1 - 4, lead_time_days: 2, lag: 0, forecast: '{3,3}', windowEnd: ',2,3,1}' },
      { sku: 'A', location: 'L2', qty_on_hand: 9, lead_time_days: 2, lag: null, forecast: '{0.5,1}', windowEnd: null },
    ],
  );
  // The method's run of the cell's row (a flat one repeated); a method the row lacks, or no method asked for: null.
  const forecastOf = async (method: string | null) => (await readDemandPage(db.pool, '2026-05-03', { sku: 'A', location: 'L1' }, 1, method))[0]!.forecast;
  assert.equal(await forecastOf('ma7'), '{7,8.25}');
  assert.equal((await readDemandPage(db.pool, '2026-05-03', null, 1, 'ses'))[0]!.forecast, '{0.1,0.1}');
  assert.equal((await readDemandPage(db.pool, '2026-05-03', null, 1, 'ma7'))[0]!.forecast, '{7,8.25}');
  assert.equal(await forecastOf('tsb'), null);
  assert.equal(await forecastOf(null), null);
  assert.deepEqual(await readDemandPage(db.pool, '2026-05-03', { sku: 'A', location: 'L2' }, 2), [
    { sku: 'B', location: 'L1', qty_on_hand: 9, lead_time_days: null, lag: null, window: null, forecast: null },
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

test('hasOriginForecasts: whether an origin day has any stored forecast', async () => {
  assert.equal(await hasOriginForecasts(db.pool, '2026-05-03'), true);
  assert.equal(await hasOriginForecasts(db.pool, '2026-05-04'), false);
});
