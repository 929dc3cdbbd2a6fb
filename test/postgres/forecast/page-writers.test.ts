/**
 * The forecast and reorder jobs' page writers, each on a transaction as the jobs call them: what
 * lands in each table, that an older origin never overwrites a newer one, and that a re-run
 * replaces its own rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../../src/domain/business-day.ts';
import { PAGE_METHODS } from '../../../src/jobs/compute-forecast-page.ts';
import type { ForecastPage } from '../../../src/postgres/forecast/forecast-page.ts';
import { pruneLatestForecastDays } from '../../../src/postgres/forecast/prune-latest-forecast-days.ts';
import { writeBacktestPage } from '../../../src/postgres/forecast/write-backtest-page.ts';
import { writeLatestForecastPage } from '../../../src/postgres/forecast/write-latest-forecast-page.ts';
import { packOriginRuns, writeOriginForecastPage } from '../../../src/postgres/forecast/write-origin-forecast-page.ts';
import { writeReorderPage } from '../../../src/postgres/reorder/write-reorder-page.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';
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

test('writeLatestForecastPage: the next origin takes its days; an older origin (a restatement) keeps the newer days', async () => {
  const latest = new Set(['ma7', 'auto']);
  const cells = [CELLS[0]!];
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-03', 2, () => 1),
        latest,
      ),
    ),
    6,
  );
  // The next origin: day 05-04 of the origin before settles, the arrays move on.
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-04', 2, () => 3 / 7, cells),
        latest,
      ),
    ),
    4,
  );
  // The older origin again (a restatement once the next origin ran): its day 05-04 only.
  assert.equal(
    await tx((c) =>
      writeLatestForecastPage(
        c,
        page('2026-05-03', 2, () => 5, cells),
        latest,
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

test('writeLatestForecastPage: after missed days, a restated origin fills the days no origin forecast', async () => {
  const cells = [{ sku: 'GAP', location: 'L1' }];
  const write = (origin: string, value: number) =>
    tx((c) =>
      writeLatestForecastPage(
        c,
        page(origin, 3, () => value, cells),
        new Set(['ma7']),
      ),
    );
  await write('2026-06-01', 1);
  // Origins 06-02 … 06-05 missed: 06-05 and 06-06 had no forecast.
  await write('2026-06-06', 6);
  await write('2026-06-04', 4);
  const r = await db.pool.query<{ date: string; q: string; origin: string }>(
    "SELECT date::text AS date, forecast_qty::text AS q, origin_day::text AS origin FROM shipment_forecast_daily WHERE sku = 'GAP' ORDER BY date",
  );
  assert.deepEqual(
    r.rows.map((x) => `${x.date} ${x.q} ${x.origin}`),
    [
      '2026-06-02 1 2026-06-01',
      '2026-06-03 1 2026-06-01',
      '2026-06-04 1 2026-06-01',
      '2026-06-05 4 2026-06-04',
      '2026-06-06 4 2026-06-04',
      '2026-06-07 6 2026-06-06',
      '2026-06-08 6 2026-06-06',
      '2026-06-09 6 2026-06-06',
    ],
  );
});

test('writeLatestForecastPage: after any order of runs, re-runs, restatements, gaps and new cells, each day holds the newest origin’s forecast (oracle)', async () => {
  const methods = new Set(['ma7', 'tsb']);
  const sku = 'ORACLE';
  const all = ['L1', 'L2', 'L3'].map((location) => ({ sku, location }));
  const horizon = 3;
  // The oracle: every run's forecasts; a day's latest forecast is the last run's of the newest
  // origin that forecast it.
  const runs: Array<{ origin: string; cells: typeof all; values: Map<string, number> }> = [];
  const next = seededRandom(20261123);
  const random = (n: number): number => Math.floor(next() * n);
  const k = PAGE_METHODS.length;
  for (let run = 0; run < 60; run++) {
    // Mostly forward day by day, sometimes a re-run, a restatement of an older origin or a gap.
    const newest = runs.length === 0 ? 0 : Math.max(...runs.map((x) => Number(x.origin.slice(8))));
    const roll = random(10);
    const day =
      runs.length === 0 ? 1 : roll < 5 ? newest + 1 : roll < 6 ? newest + 1 + horizon + random(2) : roll < 7 ? newest : Math.max(1, newest - 1 - random(4));
    const origin = addDays('2026-05-31', day);
    // A cell joins later: L3 is in runs from the 10th on.
    const cells = all.filter((cell) => cell.location !== 'L3' || run >= 10);
    const qty = new Float64Array(cells.length * k * horizon);
    const values = new Map<string, number>();
    for (let c = 0; c < cells.length; c++) {
      for (let j = 0; j < k; j++) {
        for (let h = 0; h < horizon; h++) {
          const v = run * 1000 + c * 100 + j * 10 + h + 1;
          qty[(c * k + j) * horizon + h] = v;
          values.set(`${addDays(origin, h + 1)}|${cells[c]!.location}|${PAGE_METHODS[j]}`, v);
        }
      }
    }
    await tx((client) => writeLatestForecastPage(client, { ...page(origin, horizon, () => 0, cells), qty }, methods));
    runs.push({ origin, cells, values });
  }
  const want = new Map<string, { q: number; origin: string }>();
  for (const run of runs) {
    for (const [key, q] of run.values) {
      if (!methods.has(key.split('|')[2]!)) continue;
      const had = want.get(key);
      if (had === undefined || had.origin <= run.origin) want.set(key, { q, origin: run.origin });
    }
  }
  const got = await db.pool.query<{ date: string; location: string; method: string; q: string; origin: string }>(
    `SELECT date::text AS date, location, method, forecast_qty::text AS q, origin_day::text AS origin
     FROM shipment_forecast_daily WHERE sku = $1 ORDER BY date, location, method`,
    [sku],
  );
  const keys = got.rows.map((r) => `${r.date}|${r.location}|${r.method}`);
  assert.equal(new Set(keys).size, keys.length, 'a day appears once per series');
  assert.deepEqual(new Map(got.rows.map((r) => [`${r.date}|${r.location}|${r.method}`, { q: Number(r.q), origin: r.origin }])), want);
  assert.ok(
    runs.some((r, i) => i > 0 && r.origin < runs[i - 1]!.origin),
    'the sequence restates older origins',
  );
  // The days index of the arrays: a superset while runs write, exactly the covered days once pruned.
  const days = async (sql: string) => (await db.pool.query<{ day: string }>(sql)).rows.map((r) => r.day);
  const covered = await days(
    'SELECT DISTINCT (l.origin_day + h)::text AS day FROM shipment_forecast_latest l, generate_series(1, cardinality(l.forecast_qty)) h ORDER BY 1',
  );
  const listed = await days('SELECT day::text AS day FROM shipment_forecast_latest_days ORDER BY day');
  assert.ok(covered.every((d) => listed.includes(d)));
  assert.ok(listed.length > covered.length, 'the runs left days no array covers');
  assert.ok((await pruneLatestForecastDays(db.pool)) > 0);
  assert.deepEqual(await days('SELECT day::text AS day FROM shipment_forecast_latest_days ORDER BY day'), covered);
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
