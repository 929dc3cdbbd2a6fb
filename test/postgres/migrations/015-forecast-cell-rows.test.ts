/**
 * Migration 015: the per-method rows of the per-origin forecasts, the backtest and the auto choice
 * move into one row per cell, and the old names, now views, show the same rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listMigrations, migrate } from '../../../src/postgres/migrate.ts';
import { createPool, ensureDatabase, type Pool } from '../../../src/postgres/pool.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('migrate015');
let pool: Pool;
before(async () => {
  await ensureDatabase(t.config.databaseUrl);
  pool = createPool(t.config.databaseUrl);
  await migrate(
    pool,
    listMigrations().filter((m) => m.id < 15),
  );
});
after(async () => {
  await pool.end();
  await t.cleanup();
});

const q = async <T extends object>(sql: string) => (await pool.query<T>(sql)).rows;

const BY_ORIGIN = `SELECT origin_day::text, sku, location, method, forecast_qty::text, computed_at::text
                   FROM shipment_forecast_by_origin ORDER BY 1, 2, 3, 4`;
const ACCURACY = `SELECT sku, location, method, origin_day::text, wape::text, mase::text, bias::text, points, origins, computed_at::text
                  FROM forecast_accuracy ORDER BY 1, 2, 3`;
const CHOICE = 'SELECT sku, location, method, reason, origin_day::text, computed_at::text FROM forecast_method_choice ORDER BY 1, 2';
const BY_METHOD = 'SELECT * FROM analytics.forecast_accuracy_by_method ORDER BY method';
const VS_ACTUAL =
  'SELECT origin_day::text, method, sku, location, lead_days, day::text, forecast_qty::text FROM analytics.forecast_vs_actual ORDER BY 1, 2, 3, 4, 5';

test('015: every row reads the same through the views as from the tables before', async () => {
  await pool.query(
    `INSERT INTO shipment_forecast_by_origin (origin_day, sku, location, method, forecast_qty, computed_at)
     SELECT d::date, s, 'L1', m, CASE WHEN m = 'ma7' THEN ARRAY[0.4286, 0.4286, 0.4286, 0.4286] ELSE ARRAY[length(m) + 0.4286, 12.5, 0, 123456.0001] END,
            '2026-05-03T10:00:00Z'
     FROM unnest(ARRAY['2026-05-02', '2026-05-03']) d, unnest(ARRAY['A', 'B']) s, unnest(ARRAY['ses', 'auto', 'ma7']) m`,
  );
  await pool.query(
    `INSERT INTO forecast_accuracy (sku, location, method, origin_day, wape, mase, bias, points, origins, computed_at)
     SELECT s, 'L1', m, '2026-05-03', CASE WHEN m = 'ses' THEN NULL ELSE 0.30000000000000004 END, (length(m) / 7.0)::float8::text::numeric, -0.5, 28, 4, '2026-05-03T10:00:01Z'
     FROM unnest(ARRAY['A', 'B', 'C']) s, unnest(ARRAY['tsb', 'ma7', 'ses']) m`,
  );
  // B has no choice; D has a choice and no backtest.
  await pool.query(
    `INSERT INTO forecast_method_choice (sku, location, method, reason, origin_day, computed_at)
     VALUES ('A', 'L1', 'ses', 'lowest MASE', '2026-05-03', '2026-05-03T10:00:01Z'), ('C', 'L1', 'tsb', 'intermittent', '2026-05-03', '2026-05-03T10:00:01Z'),
            ('D', 'L1', 'ma7', 'too short', '2026-05-02', '2026-05-02T10:00:01Z')`,
  );
  const before = await Promise.all([BY_ORIGIN, ACCURACY, CHOICE, BY_METHOD, VS_ACTUAL].map((sql) => q(sql)));
  assert.equal(before[0]!.length, 12);
  assert.equal(await migrate(pool).then((names) => names.length), listMigrations().filter((m) => m.id >= 15).length);
  const afterRows = await Promise.all([BY_ORIGIN, ACCURACY, CHOICE, BY_METHOD, VS_ACTUAL].map((sql) => q(sql)));
  assert.deepEqual(afterRows, before);
  assert.deepEqual(await q('SELECT count(*)::int AS n FROM forecast_origin_cells'), [{ n: 4 }]);
  // ma7's flat forecast is one value.
  assert.deepEqual(
    await q("SELECT methods, horizon, starts, forecast_qty::text AS q FROM forecast_origin_cells WHERE sku = 'A' AND origin_day = '2026-05-02'"),
    [{ methods: ['auto', 'ma7', 'ses'], horizon: 4, starts: [1, 5, 6], q: '{4.4286,12.5,0,123456.0001,0.4286,3.4286,12.5,0,123456.0001}' }],
  );
  assert.deepEqual(await q('SELECT sku, methods, auto_method FROM forecast_backtest_cells ORDER BY sku'), [
    { sku: 'A', methods: ['ma7', 'ses', 'tsb'], auto_method: 'ses' },
    { sku: 'B', methods: ['ma7', 'ses', 'tsb'], auto_method: null },
    { sku: 'C', methods: ['ma7', 'ses', 'tsb'], auto_method: 'tsb' },
    { sku: 'D', methods: [], auto_method: 'ma7' },
  ]);
});
