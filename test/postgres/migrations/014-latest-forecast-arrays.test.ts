/**
 * Migration 014 turns the seed's `shipment_forecast_daily` table into a view over settled days and
 * per-series arrays: the view reads the same rows as the table held (the newest origin's days
 * folded into arrays, the rest settled, seed-era rows without an origin kept), and the forecast
 * job's next run leaves no day twice, even for rows the migration could not fold.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_METHODS } from '../../../src/jobs/compute-forecast-page.ts';
import { writeLatestForecastPage } from '../../../src/postgres/forecast/write-latest-forecast-page.ts';
import { listMigrations, migrate } from '../../../src/postgres/migrate.ts';
import { createPool, ensureDatabase, type Pool } from '../../../src/postgres/pool.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { forecastOnlyPage } from '../../support/forecast-page.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('mig014');
let pool: Pool;
before(async () => {
  await ensureDatabase(t.config.databaseUrl);
  pool = createPool(t.config.databaseUrl, { max: 2 });
});
after(async () => {
  await pool.end();
  await t.cleanup();
});

const rowsOf = async (from: string): Promise<string[]> =>
  (
    await pool.query<{ r: string }>(
      `SELECT concat_ws('|', date, sku, location, method, forecast_qty, origin_day) AS r FROM ${from} ORDER BY date, sku, location, method`,
    )
  ).rows.map((x) => x.r);

test('014: the view reads what the table held; the next run leaves each day once', async () => {
  await migrate(
    pool,
    listMigrations().filter((m) => m.name < '014'),
  );
  // A: the job's shape (origin 06-01's days 06-02…06-04 settled, origin 06-04's horizon 06-05…06-07).
  // B: a gap in the newest origin's days (06-06 missing) — cannot fold, stays settled.
  // C: seed-era rows without an origin, days ahead of ours included.
  await pool.query(
    `INSERT INTO shipment_forecast_daily (date, sku, location, method, forecast_qty, origin_day) VALUES
       ('2026-06-02', 'A', 'L', 'ma7', 1, '2026-06-01'), ('2026-06-03', 'A', 'L', 'ma7', 2, '2026-06-02'),
       ('2026-06-04', 'A', 'L', 'ma7', 3, '2026-06-03'), ('2026-06-05', 'A', 'L', 'ma7', 4.25, '2026-06-04'),
       ('2026-06-06', 'A', 'L', 'ma7', 5, '2026-06-04'), ('2026-06-07', 'A', 'L', 'ma7', 6, '2026-06-04'),
       ('2026-06-05', 'B', 'L', 'ma7', 7, '2026-06-04'), ('2026-06-07', 'B', 'L', 'ma7', 8, '2026-06-04'),
       ('2026-06-05', 'C', 'L', 'ma7', 9, NULL), ('2026-06-30', 'C', 'L', 'ma7', 10, NULL)`,
  );
  const before = await rowsOf('shipment_forecast_daily');
  await migrate(pool);
  assert.deepEqual(await rowsOf('shipment_forecast_daily'), before);
  const arrays = await pool.query<{ sku: string; origin: string; q: string }>(
    'SELECT sku, origin_day::text AS origin, forecast_qty::text AS q FROM shipment_forecast_latest ORDER BY sku',
  );
  assert.deepEqual(arrays.rows, [{ sku: 'A', origin: '2026-06-04', q: '{4.25,5,6}' }]);
  assert.deepEqual(await rowsOf("shipment_forecast_settled WHERE sku = 'A'"), before.slice(0, 3));

  // The next origin for A and B (horizon 3): A settles 06-05, B's unfolded 06-07 is replaced.
  const cells = [
    { sku: 'A', location: 'L' },
    { sku: 'B', location: 'L' },
  ];
  const k = PAGE_METHODS.length;
  const qty = new Float64Array(cells.length * k * 3).fill(11);
  await withTransaction(pool, (client) => writeLatestForecastPage(client, forecastOnlyPage('2026-06-05', cells, 3, qty), new Set(['ma7'])));
  const afterRun = await rowsOf("shipment_forecast_daily WHERE sku IN ('A', 'B')");
  assert.deepEqual(afterRun, [
    '2026-06-02|A|L|ma7|1|2026-06-01',
    '2026-06-03|A|L|ma7|2|2026-06-02',
    '2026-06-04|A|L|ma7|3|2026-06-03',
    '2026-06-05|A|L|ma7|4.25|2026-06-04',
    '2026-06-05|B|L|ma7|7|2026-06-04',
    '2026-06-06|A|L|ma7|11|2026-06-05',
    '2026-06-06|B|L|ma7|11|2026-06-05',
    '2026-06-07|A|L|ma7|11|2026-06-05',
    '2026-06-07|B|L|ma7|11|2026-06-05',
    '2026-06-08|A|L|ma7|11|2026-06-05',
    '2026-06-08|B|L|ma7|11|2026-06-05',
  ]);
  // C was not in the run: its rows are as they were.
  assert.deepEqual(await rowsOf("shipment_forecast_daily WHERE sku = 'C'"), ['2026-06-05|C|L|ma7|9', '2026-06-30|C|L|ma7|10']);
});
