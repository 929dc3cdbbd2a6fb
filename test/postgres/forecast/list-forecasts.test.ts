/**
 * `listForecasts` (GET /v1/forecasts) merges the two tables under `shipment_forecast_daily` in key
 * order: walked in small pages, with and without filters, it must list exactly what the view
 * holds — also in the middle of a run, when one day is settled for the series already moved on
 * and still an array lead for the others.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_METHODS } from '../../../src/jobs/compute-forecast-page.ts';
import type { ForecastPage } from '../../../src/postgres/forecast/forecast-page.ts';
import { type ForecastFilter, listForecasts } from '../../../src/postgres/forecast/list-forecasts.ts';
import { writeLatestForecastPage } from '../../../src/postgres/forecast/write-latest-forecast-page.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';
import { forecastOnlyPage } from '../../support/forecast-page.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('listforecasts');
});
after(() => db.close());

const CELLS = ['A', 'B', 'C', 'D'].flatMap((sku) => ['L1', 'L2'].map((location) => ({ sku, location })));
const HORIZON = 3;

function page(origin: string, cells: typeof CELLS, base: number): ForecastPage {
  const qty = new Float64Array(cells.length * PAGE_METHODS.length * HORIZON);
  for (let i = 0; i < qty.length; i++) qty[i] = base + i;
  return forecastOnlyPage(origin, cells, HORIZON, qty);
}

const write = (p: ForecastPage) => withTransaction(db.pool, (client) => writeLatestForecastPage(client, p, new Set(['ma7', 'auto'])));

async function walk(filter: ForecastFilter, limit: number): Promise<string[]> {
  const rows: string[] = [];
  let after: [string, string, string, string] | undefined;
  for (;;) {
    const got = await listForecasts(db.pool, filter, { after, limit });
    rows.push(...got.map((r) => `${r.date}|${r.sku}|${r.location}|${r.method}|${r.forecast_qty}|${r.origin_day}`));
    if (got.length < limit) return rows;
    const last = got.at(-1)!;
    const next: [string, string, string, string] = [last.date, last.sku, last.location, last.method];
    // A cursor that does not move on would loop forever: fail instead.
    assert.ok(after === undefined || next.join('|') > after.join('|'), `the cursor moved back or stayed at ${next.join('|')}`);
    after = next;
  }
}

async function view(filter: ForecastFilter): Promise<string[]> {
  const r = await db.pool.query<{ r: string }>(
    `SELECT concat_ws('|', date, sku, location, method, forecast_qty::float8, origin_day) AS r FROM shipment_forecast_daily
     WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location = $2) AND ($3::text IS NULL OR method = $3)
       AND ($4::date IS NULL OR date >= $4) AND ($5::date IS NULL OR date <= $5)
     ORDER BY date, sku, location, method`,
    [filter.sku ?? null, filter.location ?? null, filter.method ?? null, filter.from ?? null, filter.to ?? null],
  );
  return r.rows.map((x) => x.r);
}

test('listForecasts: small pages over settled days and arrays equal the view, mid-run and after, with each filter', async () => {
  await write(page('2026-05-01', CELLS, 0));
  await write(page('2026-05-02', CELLS, 1000));
  // Origin 05-03 has written its first page only: 05-03 is settled for A and B, an array lead for C and D.
  await write(page('2026-05-03', CELLS.slice(0, 4), 2000));
  const split = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM shipment_forecast_settled WHERE date = '2026-05-03'");
  assert.equal(split.rows[0]!.n, 8, 'A and B settled 05-03 (2 cells × 2 locations × ma7, auto)');
  const filters: ForecastFilter[] = [
    {},
    { location: 'L2' },
    { method: 'auto' },
    { sku: 'C' },
    { sku: 'B', location: 'L1', method: 'ma7' },
    { from: '2026-05-03', to: '2026-05-04' },
    { from: '2026-05-05' },
  ];
  for (const filter of filters) {
    const want = await view(filter);
    assert.ok(want.length > 0, JSON.stringify(filter));
    for (const limit of [1, 3, 7]) assert.deepEqual(await walk(filter, limit), want, `${JSON.stringify(filter)} in pages of ${limit}`);
  }
  // The run finishes; the lists follow.
  await write(page('2026-05-03', CELLS.slice(4), 3000));
  for (const filter of filters) assert.deepEqual(await walk(filter, 3), await view(filter), JSON.stringify(filter));
});
