import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayRange } from '../../../src/domain/business-day.ts';
import { FORECAST_METHODS } from '../../../src/domain/forecast/methods.ts';
import { forecastDay, historyDays } from '../../../src/jobs/tasks/forecast-day.ts';
import { snapshotDay } from '../../../src/jobs/tasks/snapshot-day.ts';
import { insertEvents, openDailyDb, type DailyDb, type LedgerEvent } from '../../support/daily-db.ts';

const ZONE = 'Asia/Seoul';
const ORIGIN = '2026-06-30';
let db: DailyDb;
before(async () => {
  // A page of 2 cells: the three cells take two pages.
  db = await openDailyDb('forecast', { RFID_TIMEZONE: ZONE, RFID_FORECAST_HORIZON_DAYS: '5', RFID_DAILY_CHUNK_CELLS: '2' });
});
after(() => db.close());

// 10:00 Seoul on a day.
const at = (day: string) => `${day}T01:00:00Z`;

const events: LedgerEvent[] = [
  // RARE ships 1 unit on three of the last seven days: MA7 = 3/7 ≈ 0.4286, not 0.
  ...['2026-06-25', '2026-06-28', '2026-06-29'].map((d) => ({ event_ts: at(d), event_type: 'OUT' as const, sku: 'RARE', location: 'L1', qty: 1 })),
  // SLOW: 1 on 06-24 (the window's first day), 06-27 and 06-30, and 2 at 23:30 on 06-30.
  { event_ts: at('2026-06-01'), event_type: 'IN', sku: 'SLOW', location: 'L1', qty: 50 },
  ...['2026-06-24', '2026-06-27', '2026-06-30'].map((d) => ({ event_ts: at(d), event_type: 'OUT' as const, sku: 'SLOW', location: 'L1', qty: 1 })),
  // An OUT at 23:30 Seoul on the origin day counts for it; 00:30 the next day does not.
  { event_ts: '2026-06-30T14:30:00Z', event_type: 'OUT', sku: 'SLOW', location: 'L1', qty: 2 },
  { event_ts: '2026-06-30T15:30:00Z', event_type: 'OUT', sku: 'SLOW', location: 'L1', qty: 9 },
  // NEVER only received stock: its MA7 is 0, and it still gets rows.
  { event_ts: at('2026-06-10'), event_type: 'IN', sku: 'NEVER', location: 'L1', qty: 5 },
  // BUSY ships every day of its history.
  ...dayRange(addDays(ORIGIN, -(historyDays(4) - 1)), ORIGIN).map((d, i) => ({
    event_ts: at(d),
    event_type: 'OUT' as const,
    sku: 'BUSY',
    location: 'L2',
    qty: 3 + (i % 7),
  })),
];

test('forecastDay: ma7 rows for every cell with a ledger event (0 when it shipped nothing), flat over the horizon, 0.43 kept', async () => {
  await insertEvents(db.pool, events);
  await snapshotDay(db.ctx, ORIGIN);
  await forecastDay(db.ctx, ORIGIN);
  const r = await db.pool.query<{ sku: string; date: string; q: string }>(
    "SELECT sku, date::text AS date, forecast_qty::text AS q FROM shipment_forecast_daily WHERE method = 'ma7' ORDER BY sku, date",
  );
  const days = dayRange(addDays(ORIGIN, 1), addDays(ORIGIN, 5));
  const busyWindow = dayRange(addDays(ORIGIN, -6), ORIGIN).map((d) => events.find((e) => e.sku === 'BUSY' && e.event_ts.startsWith(d))!.qty);
  const expected = { BUSY: busyWindow.reduce((a, b) => a + b, 0) / 7, NEVER: 0, RARE: 3 / 7, SLOW: (1 + 1 + 1 + 2) / 7 };
  assert.deepEqual(
    r.rows.map((x) => [x.sku, x.date, Number(x.q)]),
    Object.entries(expected).flatMap(([sku, v]) => days.map((d) => [sku, d, Math.round(v * 10_000) / 10_000])),
  );
  assert.equal(r.rows.find((x) => x.sku === 'RARE')!.q, '0.4286');
});

test('forecastDay: the series is cut in business days (00:30 Seoul belongs to the next day)', async () => {
  await insertEvents(db.pool, [{ event_ts: at('2026-07-01'), event_type: 'IN', sku: 'X', location: 'L9', qty: 1 }]);
  await snapshotDay(db.ctx, '2026-07-01');
  await forecastDay(db.ctx, '2026-07-01');
  const r = await db.pool.query<{ q: string }>(
    "SELECT forecast_qty::text AS q FROM shipment_forecast_daily WHERE method = 'ma7' AND sku = 'SLOW' AND date = '2026-07-02'",
  );
  // Window 06-25..07-01: 06-27 (1), 06-30 (1 + 2 at 23:30), 07-01 (9 at 00:30): 13/7.
  assert.equal(r.rows[0]!.q, '1.8571');
  const zero = await db.pool.query<{ q: string }>(
    "SELECT forecast_qty::text AS q FROM shipment_forecast_daily WHERE method = 'ma7' AND sku = 'X' AND date = '2026-07-02'",
  );
  assert.equal(zero.rows[0]!.q, '0');
});

test('forecastDay: every method and auto per origin, the backtest per series and method, and the auto choice recorded', async () => {
  const byOrigin = await db.pool.query<{ sku: string; method: string; n: number }>(
    'SELECT sku, method, array_length(forecast_qty, 1) AS n FROM shipment_forecast_by_origin WHERE origin_day = $1 ORDER BY sku, method',
    [ORIGIN],
  );
  assert.equal(byOrigin.rows.length, 4 * (FORECAST_METHODS.length + 1));
  assert.ok(byOrigin.rows.every((x) => x.n === 5));
  const acc = await db.pool.query<{ method: string; wape: string | null; origins: number }>(
    "SELECT method, wape::text AS wape, origins FROM forecast_accuracy WHERE sku = 'BUSY' ORDER BY method",
  );
  assert.deepEqual(
    acc.rows.map((x) => x.method),
    [...FORECAST_METHODS].sort(),
  );
  assert.ok(acc.rows.every((x) => x.origins > 0 && x.wape !== null));
  const choice = await db.pool.query<{ method: string; reason: string }>("SELECT method, reason FROM forecast_method_choice WHERE sku = 'BUSY'");
  const best = acc.rows.reduce((a, b) => (Number(b.wape) < Number(a.wape) ? b : a));
  assert.equal(choice.rows[0]!.method, best.method);
  const auto = await db.pool.query<{ same: boolean }>(
    `SELECT a.forecast_qty = m.forecast_qty AS same FROM shipment_forecast_by_origin a JOIN shipment_forecast_by_origin m USING (origin_day, sku, location)
     WHERE a.origin_day = '2026-07-01' AND a.sku = 'BUSY' AND a.method = 'auto' AND m.method = $1`,
    [(await db.pool.query<{ method: string }>("SELECT method FROM forecast_method_choice WHERE sku = 'BUSY'")).rows[0]!.method],
  );
  assert.equal(auto.rows[0]!.same, true);
});

test('forecastDay: re-running an older origin keeps the newer forecast of each day (the table holds the latest)', async () => {
  const before = await db.pool.query<{ at: string }>('SELECT max(computed_at)::text AS at FROM forecast_origin_cells WHERE origin_day = $1', [ORIGIN]);
  const backtest = 'SELECT sku, origin_day::text AS origin, computed_at::text AS at FROM forecast_backtest_cells ORDER BY sku, location';
  const newest = (await db.pool.query(backtest)).rows;
  // The day after the older origin: settled, made by its run before; the re-run rewrites it.
  const settledAt = async () =>
    (
      await db.pool.query<{ at: string }>(
        "SELECT computed_at::text AS at FROM shipment_forecast_settled WHERE sku = 'SLOW' AND method = 'ma7' AND date = '2026-07-01'",
      )
    ).rows[0]!.at;
  const settledBefore = await settledAt();
  await forecastDay(db.ctx, ORIGIN);
  assert.ok((await settledAt()) > settledBefore, 'the re-run rewrote its settled day');
  // Its per-origin rows are replaced (one per cell); the backtest and auto choice stay the newer origin's.
  const cells = await db.pool.query<{ n: number; at: string }>(
    'SELECT count(*)::int AS n, min(computed_at)::text AS at FROM forecast_origin_cells WHERE origin_day = $1',
    [ORIGIN],
  );
  assert.equal(cells.rows[0]!.n, 4);
  assert.ok(cells.rows[0]!.at > before.rows[0]!.at);
  assert.deepEqual((await db.pool.query(backtest)).rows, newest);
  assert.deepEqual(
    newest.map((x) => [x.sku, x.origin]),
    ['BUSY', 'NEVER', 'RARE', 'SLOW', 'X'].map((sku) => [sku, '2026-07-01']),
  );
  const r = await db.pool.query<{ date: string; origin: string }>(
    "SELECT date::text AS date, origin_day::text AS origin FROM shipment_forecast_daily WHERE sku = 'SLOW' AND method = 'ma7' ORDER BY date",
  );
  assert.deepEqual(
    r.rows.map((x) => [x.date, x.origin]),
    [['2026-07-01', '2026-06-30'], ...dayRange('2026-07-02', '2026-07-06').map((d) => [d, '2026-07-01'])],
  );
});

test('forecastDay: a day without a snapshot although the ledger has events fails, naming the fix', async () => {
  await assert.rejects(forecastDay(db.ctx, '2026-07-10'), (e: unknown) => e instanceof Error && /no snapshot of 2026-07-10/.test(e.message));
  // Before the first event there is nothing to forecast: no error, no rows.
  assert.equal(await forecastDay(db.ctx, '2026-05-01'), 0);
});

test('forecastDay: a worker shutting down stops it before the next page', async () => {
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(
    forecastDay({ ...db.ctx, signal: stop.signal }, ORIGIN),
    (e: unknown) => e instanceof Error && 'code' in e && e.code === 'SHUTTING_DOWN',
  );
});
