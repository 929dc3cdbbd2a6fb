import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayRange } from '../../../src/domain/business-day.ts';
import { reorderSignal } from '../../../src/domain/reorder.ts';
import { forecastDay } from '../../../src/jobs/tasks/forecast-day.ts';
import { DEMAND_WINDOW_DAYS, reorderDay } from '../../../src/jobs/tasks/reorder-day.ts';
import { snapshotDay } from '../../../src/jobs/tasks/snapshot-day.ts';
import { upsertSkus } from '../../../src/postgres/master-data.ts';
import { insertEvents, openDailyDb, type DailyDb, type LedgerEvent } from '../../support/daily-db.ts';

const DAY = '2026-05-31';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('reorder', { RFID_LEAD_TIME_DAYS: '5', RFID_SERVICE_LEVEL: '0.9' });
});
after(() => db.close());

test('reorderDay: per cell the domain signal from the day-cut demand, sku_master lead time (else the default), the day’s auto forecast', async () => {
  const window = dayRange(addDays(DAY, -(DEMAND_WINDOW_DAYS - 1)), DAY);
  const demand = window.map((_, i) => (i % 4 === 0 ? 0 : 2 + (i % 3)));
  const events: LedgerEvent[] = [
    { event_ts: '2026-04-01T08:00:00Z', event_type: 'IN', sku: 'A', location: 'L1', qty: 200 },
    { event_ts: '2026-04-01T08:00:00Z', event_type: 'IN', sku: 'B', location: 'L1', qty: 3 },
    ...window.flatMap((d, i) =>
      demand[i]! > 0 ? [{ event_ts: `${d}T12:00:00Z`, event_type: 'OUT' as const, sku: 'A', location: 'L1', qty: demand[i]! }] : [],
    ),
  ];
  await insertEvents(db.pool, events);
  await upsertSkus(db.pool, [{ sku: 'A', name: null, category: null, lead_time_days: 3, reorder_point: null, reorder_qty: null }]);
  await snapshotDay(db.ctx, DAY);
  await forecastDay(db.ctx, DAY);
  assert.equal(await reorderDay(db.ctx, DAY), 2);

  const auto = await db.pool.query<{ q: string[] }>(
    "SELECT forecast_qty::text[] AS q FROM shipment_forecast_by_origin WHERE origin_day = $1 AND sku = 'A' AND method = 'auto'",
    [DAY],
  );
  const onHand = 200 - demand.reduce((a, b) => a + b, 0);
  const expectedA = reorderSignal({ demand, onHand, leadTimeDays: 3, serviceLevel: 0.9, originDay: DAY, forecastDaily: auto.rows[0]!.q.map(Number) });
  const expectedB = reorderSignal({
    demand: window.map(() => 0),
    onHand: 3,
    leadTimeDays: 5,
    serviceLevel: 0.9,
    originDay: DAY,
    forecastDaily: new Array(14).fill(0),
  });
  const rows = await db.pool.query(
    `SELECT sku, on_hand, mean_daily::float8 AS mean, sd_daily::float8 AS sd, lead_time_days, safety_stock::float8 AS ss, reorder_point::float8 AS rop,
       days_of_cover::float8 AS cover, stockout_date::text AS stockout, below_reorder_point AS below FROM reorder_signals WHERE day = $1 ORDER BY sku`,
    [DAY],
  );
  const r4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
  assert.deepEqual(rows.rows, [
    {
      sku: 'A',
      on_hand: onHand,
      mean: r4(expectedA.meanDaily),
      sd: r4(expectedA.sdDaily),
      lead_time_days: 3,
      ss: r4(expectedA.safetyStock),
      rop: r4(expectedA.reorderPoint),
      cover: r4(expectedA.daysOfCover),
      stockout: expectedA.stockoutDate,
      below: expectedA.belowReorderPoint,
    },
    { sku: 'B', on_hand: 3, mean: 0, sd: 0, lead_time_days: 5, ss: 0, rop: 0, cover: r4(expectedB.daysOfCover), stockout: null, below: false },
  ]);
});
