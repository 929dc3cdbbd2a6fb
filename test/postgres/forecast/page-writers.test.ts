/**
 * The forecast and reorder jobs' page writers, each on a transaction as the jobs call them: what
 * lands in each table, that an older origin never overwrites a newer one, and that a re-run
 * replaces its own rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_METHODS } from '../../../src/jobs/compute-forecast-page.ts';
import type { ForecastPage } from '../../../src/postgres/forecast/forecast-page.ts';
import { writeBacktestPage } from '../../../src/postgres/forecast/write-backtest-page.ts';
import { writeLatestForecastPage } from '../../../src/postgres/forecast/write-latest-forecast-page.ts';
import { packOriginRuns, writeOriginForecastPage } from '../../../src/postgres/forecast/write-origin-forecast-page.ts';
import { writeReorderPage } from '../../../src/postgres/reorder/write-reorder-page.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('pagewriters');
});
after(() => db.close());

const CELLS = [
  { sku: 'A', location: 'L1' },
  { sku: 'A', location: 'L2\ttab' },
  { sku: 'B', location: 'L1' },
];
const METHODS = ['ma7', 'ses', 'croston', 'croston_sba', 'tsb', 'holt_winters'];

/** A page where every forecast of cell c is `value(c)` and the backtest of method j is wape j/10. */
function page(origin: string, horizon: number, value: (c: number) => number, cells = CELLS): ForecastPage {
  const k = PAGE_METHODS.length;
  const qty = new Float64Array(cells.length * k * horizon);
  for (let c = 0; c < cells.length; c++) qty.fill(value(c), c * k * horizon, (c + 1) * k * horizon);
  const n = cells.length * METHODS.length;
  const wape = Float64Array.from({ length: n }, (_, i) => (i % METHODS.length) / 10);
  return {
    origin,
    cells,
    methods: PAGE_METHODS,
    horizon,
    qty,
    backtestMethods: METHODS,
    wape,
    mase: new Float64Array(n).fill(Number.NaN),
    bias: new Float64Array(n).fill(-0.5),
    points: new Int32Array(n).fill(7),
    origins: new Int32Array(n).fill(1),
    choice: cells.map(() => 'ma7'),
    reason: cells.map((_, c) => `reason ${origin} ${c}\nline 2`),
  };
}

const tx = <T>(fn: Parameters<typeof withTransaction<T>>[1]) => withTransaction(db.pool, fn);

test('writeOriginForecastPage: one row per cell with every method and auto, 4 decimals; a re-run replaces the origin’s rows of the page', async () => {
  assert.equal(
    await tx((c) =>
      writeOriginForecastPage(
        c,
        page('2026-05-03', 3, (i) => i + 3 / 7),
      ),
    ),
    CELLS.length,
  );
  const first = await db.pool.query<{ method: string; q: string }>(
    "SELECT method, forecast_qty::text AS q FROM shipment_forecast_by_origin WHERE origin_day = '2026-05-03' AND sku = 'B' ORDER BY method",
  );
  assert.deepEqual(
    first.rows,
    [...PAGE_METHODS].sort().map((method) => ({ method, q: '{2.4286,2.4286,2.4286}' })),
  );
  assert.equal(
    await tx((c) =>
      writeOriginForecastPage(
        c,
        page('2026-05-03', 3, () => 2),
      ),
    ),
    CELLS.length,
  );
  const r = await db.pool.query<{ location: string; method: string; q: string[] }>(
    "SELECT location, method, forecast_qty::text[] AS q FROM shipment_forecast_by_origin WHERE origin_day = '2026-05-03' AND sku = 'A' ORDER BY location, method",
  );
  assert.equal(r.rows.length, 2 * PAGE_METHODS.length);
  assert.ok(r.rows.every((x) => x.q.join() === '2,2,2'));
  assert.equal(r.rows.find((x) => x.location === 'L2\ttab') !== undefined, true);
  const cells = await db.pool.query<{ methods: string[] }>('SELECT methods FROM forecast_origin_cells');
  assert.deepEqual(
    cells.rows.map((x) => x.methods),
    CELLS.map(() => [...PAGE_METHODS].sort()),
  );
});

test('packOriginRuns: each method’s forecasts in the order given, rounded to 4 decimals, a flat one as one value', () => {
  const values = new Float64Array(8);
  const starts = new Int32Array(3);
  const qty = Float64Array.from([9, 9, 9, 2, 2.00004, 1.99996, 0.1, -0.00004, 0.3]);
  assert.equal(packOriginRuns(qty, 0, [2, 1, 0], 3, values, starts), 5);
  assert.deepEqual([...starts], [1, 4, 5]);
  assert.deepEqual([...values.subarray(0, 5)], [0.1, 0, 0.3, 2, 9]);
  assert.ok(!Object.is(values[1], -0));
  assert.equal(packOriginRuns(qty, 3, [0, 1], 3, values, starts.subarray(0, 2)), 4);
  assert.deepEqual([...values.subarray(0, 4)], [2, 0.1, 0, 0.3]);
});

test('writeOriginForecastPage: each method keeps its own series; values as numericArray4 rounds them (−0 as 0)', async () => {
  const p = page('2026-05-10', 3, () => 0, [CELLS[2]!]);
  const qty = new Float64Array(PAGE_METHODS.length * 3);
  PAGE_METHODS.forEach((_, j) => {
    qty[j * 3] = j + 1 / 3;
    qty[j * 3 + 1] = j === 0 ? -0.00004 : 12_345.5 * j;
    qty[j * 3 + 2] = j === 0 ? 1 / 3 : 12_345.5 * j;
  });
  // The third method is flat.
  qty.fill(2 / 3, 6, 9);
  await tx((c) => writeOriginForecastPage(c, { ...p, qty }));
  const r = await db.pool.query<{ method: string; q: string }>(
    "SELECT method, forecast_qty::text AS q FROM shipment_forecast_by_origin WHERE origin_day = '2026-05-10'",
  );
  const round = (v: number) => String(Math.round(v * 10_000) / 10_000 + 0);
  const expected = PAGE_METHODS.map((method, j) => ({ method, q: `{${[0, 1, 2].map((h) => round(qty[j * 3 + h]!)).join(',')}}` }));
  assert.ok(expected.some((x) => x.q === '{0.3333,0,0.3333}') && expected.some((x) => x.q === '{0.6667,0.6667,0.6667}'));
  assert.deepEqual(
    [...r.rows].sort((a, b) => a.method.localeCompare(b.method)),
    expected.sort((a, b) => a.method.localeCompare(b.method)),
  );
});

test('writeLatestForecastPage: one row per series and day; the next origin updates its days; an older origin keeps the newer rows', async () => {
  const latest = new Set(['ma7', 'auto']);
  const cells = [CELLS[0]!];
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-03', 2, () => 1),
        latest,
        2,
      ),
    ),
    12,
  );
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-04', 2, () => 3 / 7, cells),
        latest,
        2,
      ),
    ),
    4,
  );
  // The older origin again, for its first day only (as a restatement does once the next origin ran).
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-03', 2, () => 5, cells),
        latest,
        1,
      ),
    ),
    2,
  );
  const r = await db.pool.query<{ date: string; q: string; origin: string }>(
    "SELECT date::text AS date, forecast_qty::text AS q, origin_day::text AS origin FROM shipment_forecast_daily WHERE sku = 'A' AND location = 'L1' AND method = 'ma7' ORDER BY date",
  );
  assert.deepEqual(r.rows, [
    { date: '2026-05-04', q: '5', origin: '2026-05-03' },
    { date: '2026-05-05', q: '0.4286', origin: '2026-05-04' },
    { date: '2026-05-06', q: '0.4286', origin: '2026-05-04' },
  ]);
  // The other cells of the first page kept origin 05-03's rows; only ma7 and auto were written.
  const other = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM shipment_forecast_daily WHERE origin_day = '2026-05-03' AND sku = 'B'");
  assert.equal(other.rows[0]!.n, 4);
});

test('writeBacktestPage: per series and method, methods by name; null where undefined; the latest origin wins', async () => {
  assert.equal(
    await tx((c) =>
      writeBacktestPage(
        c,
        page('2026-05-04', 1, () => 0),
      ),
    ),
    CELLS.length,
  );
  // An older origin changes nothing; the same origin again rewrites.
  assert.equal(
    await tx((c) =>
      writeBacktestPage(
        c,
        page('2026-05-03', 1, () => 0),
      ),
    ),
    0,
  );
  assert.equal(
    await tx((c) =>
      writeBacktestPage(
        c,
        page('2026-05-04', 1, () => 0),
      ),
    ),
    CELLS.length,
  );
  const acc = await db.pool.query(
    "SELECT origin_day::text AS origin, wape::float8 AS wape, mase, bias::float8 AS bias, points, origins FROM forecast_accuracy WHERE sku = 'B' AND method = 'ses'",
  );
  assert.deepEqual(acc.rows, [{ origin: '2026-05-04', wape: 0.1, mase: null, bias: -0.5, points: 7, origins: 1 }]);
  const methods = await db.pool.query<{ method: string; wape: string }>(
    "SELECT method, wape::text AS wape FROM forecast_accuracy WHERE sku = 'A' AND location = 'L1'",
  );
  assert.deepEqual(
    methods.rows,
    METHODS.map((method, j) => ({ method, wape: String(j / 10) })).sort((a, b) => (a.method < b.method ? -1 : 1)),
  );
  const choice = await db.pool.query("SELECT method, reason, origin_day::text AS origin FROM forecast_method_choice WHERE location = 'L2\ttab'");
  assert.deepEqual(choice.rows, [{ method: 'ma7', reason: 'reason 2026-05-04 1\nline 2', origin: '2026-05-04' }]);
  // A new cell in a later page of the same origin is inserted beside the existing ones; its
  // measures read back as the doubles written, and through the view as their shortest decimals.
  const third = page('2026-05-04', 1, () => 0, [{ sku: 'C', location: 'L1' }]);
  third.wape.fill(1 / 3);
  third.bias.fill(0.1 + 0.2);
  third.mase.fill(Number.POSITIVE_INFINITY);
  assert.equal(await tx((c) => writeBacktestPage(c, third)), 1);
  const exact = await db.pool.query("SELECT wape::text AS wape, bias::text AS bias, mase FROM forecast_accuracy WHERE sku = 'C' AND method = 'tsb'");
  assert.deepEqual(exact.rows, [{ wape: String(1 / 3), bias: String(0.1 + 0.2), mase: null }]);
  const n = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM forecast_method_choice WHERE origin_day = '2026-05-04'");
  assert.equal(n.rows[0]!.n, CELLS.length + 1);
});

test('writeReorderPage: one row per day and cell, rounded; a re-run replaces the page’s rows', async () => {
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
  const rows = (s: typeof signal | (Omit<typeof signal, 'daysOfCover' | 'stockoutDate'> & { daysOfCover: number; stockoutDate: string })) =>
    CELLS.map((c) => ({ ...c, onHand: -1, leadTimeDays: 2, signal: s }));
  assert.equal(await tx((c) => writeReorderPage(c, '2026-05-03', 0.95, rows(signal))), 3);
  assert.equal(
    await tx((c) => writeReorderPage(c, '2026-05-03', 0.95, rows({ ...signal, daysOfCover: 0, stockoutDate: '2026-05-03', belowReorderPoint: true }))),
    3,
  );
  const r = await db.pool.query(
    `SELECT on_hand, mean_daily::text AS mean, z::text AS z, days_of_cover::float8 AS cover, stockout_date::text AS stockout,
            service_level::text AS sl, below_reorder_point AS below FROM reorder_signals ORDER BY sku, location`,
  );
  assert.equal(r.rows.length, 3);
  assert.deepEqual(r.rows[0], { on_hand: -1, mean: '0.3333', z: '1.6449', cover: 0, stockout: '2026-05-03', sl: '0.95', below: true });
});
