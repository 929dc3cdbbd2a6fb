import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, businessDayOf, dayRange } from '../../src/domain/business-day.ts';
import { backfillDays } from '../../src/jobs/backfill-days.ts';
import { restateDirtyDays } from '../../src/jobs/restate-dirty-days.ts';
import { readDirtyDays } from '../../src/postgres/daily/read-dirty-days.ts';
import { insertEvents, openDailyDb, readSnapshot, snapshotOracle, type DailyDb, type LedgerEvent } from '../support/daily-db.ts';

const ZONE = 'Europe/Berlin';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('restate', { RFID_TIMEZONE: ZONE, RFID_FORECAST_HORIZON_DAYS: '3', RFID_BACKTEST_WEEKS: '1' });
});
after(() => db.close());

const today = businessDayOf(Date.now(), ZONE);
const first = addDays(today, -10);
const last = addDays(today, -1);
const noon = (day: string) => `${day}T11:00:00Z`;

async function runStamps(): Promise<Map<string, string>> {
  const r = await db.pool.query<{ k: string; at: string }>(
    `SELECT 'snapshot ' || date AS k, max(computed_at)::text AS at FROM inventory_snapshot_daily GROUP BY date
     UNION ALL SELECT 'forecast ' || origin_day, max(computed_at)::text FROM shipment_forecast_by_origin GROUP BY origin_day
     UNION ALL SELECT 'reorder ' || day, max(computed_at)::text FROM reorder_signals GROUP BY day`,
  );
  return new Map(r.rows.map((x) => [x.k, x.at]));
}

test('a late event restates its day and every later day (snapshots, forecasts, reorder), nothing before, and clears its mark', async () => {
  const events: LedgerEvent[] = dayRange(first, last).flatMap((day, i) => [
    { event_ts: noon(day), event_type: 'IN' as const, sku: 'A', location: 'L1', qty: 10 },
    { event_ts: noon(day), event_type: 'OUT' as const, sku: 'A', location: 'L1', qty: 1 + (i % 3) },
  ]);
  await insertEvents(db.pool, events);
  await backfillDays(db.ctx, { from: first, to: last });
  await db.pool.query('DELETE FROM daily_dirty_days'); // the marks of the initial load, which the backfill covered
  const before = await runStamps();
  const lateDay = addDays(today, -4);
  const late: LedgerEvent = { event_ts: `${lateDay}T22:30:00Z`, event_type: 'OUT', sku: 'A', location: 'L1', qty: 5 }; // 23:30 Berlin
  await insertEvents(db.pool, [late]);
  assert.deepEqual(
    (await readDirtyDays(db.pool)).map((d) => d.day),
    [lateDay],
  );

  const restated = await restateDirtyDays(db.ctx);
  assert.deepEqual(restated, dayRange(lateDay, last));
  const afterStamps = await runStamps();
  for (const [key, at] of before) {
    const day = key.split(' ')[1]!;
    if (day < lateDay) assert.equal(afterStamps.get(key), at, `${key} must not be recomputed`);
    else assert.notEqual(afterStamps.get(key), at, `${key} must be recomputed`);
  }
  for (const day of dayRange(first, last)) assert.deepEqual(await readSnapshot(db.pool, day), snapshotOracle([...events, late], day, ZONE), day);
  // The forecasts saw the late shipment: ma7 from the late day on includes its 5 units.
  const ma7 = await db.pool.query<{ q: string }>(
    "SELECT forecast_qty[1]::text AS q FROM shipment_forecast_by_origin WHERE origin_day = $1 AND method = 'ma7' AND sku = 'A'",
    [lateDay],
  );
  const window = dayRange(addDays(lateDay, -6), lateDay);
  const expected = (events.filter((e) => e.event_type === 'OUT' && window.includes(e.event_ts.slice(0, 10))).reduce((s, e) => s + e.qty, 0) + 5) / 7;
  assert.equal(Number(ma7.rows[0]!.q), Math.round(expected * 10_000) / 10_000);
  assert.deepEqual(await readDirtyDays(db.pool), []);
});

test('a late day after the newest snapshot restates nothing (the schedule has not run it) and its mark is cleared', async () => {
  await db.pool.query('DELETE FROM inventory_snapshot_daily WHERE date = $1', [last]);
  await insertEvents(db.pool, [{ event_ts: noon(last), event_type: 'IN', sku: 'B', location: 'L1', qty: 1 }]);
  assert.deepEqual(await restateDirtyDays(db.ctx), []);
  assert.deepEqual(await readDirtyDays(db.pool), []);
});
