/**
 * The console's request budget (issue 12): every request a console page makes, on `--cells`
 * cells with a `--ledger`-row ledger (the data set of bench/api-read.ts, dense snapshots for
 * every day, then the daily jobs of the last day: forecasts, reorder signals, alerts), plus dead
 * letters, conflicts and job runs. Target: p99 server time ≤ 100 ms for each.
 *
 * Server time = the API's own request histogram on /metrics (upper bound of the bucket of the
 * 99th percentile, and the share of requests within 100 ms); client time = autocannon's p50/p99.
 * The API runs as `rfid api` (auth on, a real read key) in its own process.
 *
 *   bash scripts/bench.sh console-requests [--cells 100000] [--ledger 10000000] [--days 90]
 *                                          [--connections 2] [--seconds 5] [--json]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { addDays } from '../src/domain/business-day.ts';
import { DAILY_JOBS } from '../src/jobs/daily-jobs.ts';
import { createLogger } from '../src/logger.ts';
import { syncTimeZone } from '../src/postgres/daily/sync-time-zone.ts';
import { LOCATIONS_PER_SKU, loadApiDataSet, loadOperationsRows, locationName, skuName, warehouseName } from './lib/api-data-set.ts';
import { createKey, load, readHistogram, seededRandom, serverQuantile, startApi, type LoadResult } from './lib/api-load.ts';
import { benchEnv, machine, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '100000' },
    ledger: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    connections: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const ZONE = 'Asia/Seoul';
const TARGET_MS = 100;
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const days = Number(values.days);
const log = (line: string) => process.stderr.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const bench = await benchEnv('console', { RFID_TIMEZONE: ZONE });
const stops: Array<() => Promise<void>> = [];
try {
  const { pool, config } = bench;
  const uptimeAtLoad = uptime();
  await syncTimeZone(pool, ZONE);
  log(`loading: ${values.cells} cells, ${values.ledger} ledger rows over ${days} days, snapshots for every day`);
  const data = await loadApiDataSet(pool, { cells: Number(values.cells), ledgerRows: Number(values.ledger), days, snapshotDays: days, zone: ZONE }, log);
  const ctx = { pool, config, logger: createLogger('warn', 'bench'), workerId: 'bench' };
  const jobMs: Record<string, number> = {};
  for (const job of ['forecast', 'reorder', 'alerts'] as const) {
    const t = Date.now();
    const rows = await DAILY_JOBS[job](ctx, data.lastDay);
    jobMs[job] = Date.now() - t;
    log(`  ${job} job for ${data.lastDay}: ${(jobMs[job] / 1000).toFixed(1)} s (${rows.toLocaleString('en-US')} rows)`);
  }
  await loadOperationsRows(pool, { deadLetters: 50_000, conflicts: 5_000, jobRuns: 2_000 });
  await pool.query('ANALYZE');

  const key = await createKey(pool, 'read');
  const auth = { authorization: `Bearer ${key}` };
  const api = await startApi(bench.env);
  stops.push(api.stop);
  const rnd = seededRandom(12);
  const pick = (n: number) => Math.floor(rnd() * n);
  const sku = () => skuName(pick(data.skus));
  const loc = () => locationName(pick(LOCATIONS_PER_SKU));
  const e = encodeURIComponent;
  const cell = () => `${e(sku())}/${e(loc())}`;
  const from90 = addDays(data.lastDay, -89);
  const ledgerStart = Date.parse(`${data.firstDay}T00:00:00+09:00`);
  const instant = () => new Date(ledgerStart + rnd() * days * 86_400_000).toISOString();

  // What each console page asks for (issue 12's pages), with random cells, SKUs and instants.
  const requests: Array<{ page: string; route: string; next: () => string }> = [
    { page: 'shell: meta (time zone, auth mode)', route: '/v1/meta', next: () => '/v1/meta' },
    { page: 'overview', route: '/v1/overview', next: () => '/v1/overview' },
    { page: 'inventory: first page', route: '/v1/inventory', next: () => '/v1/inventory?limit=100' },
    { page: 'inventory: warehouse filter', route: '/v1/inventory', next: () => `/v1/inventory?limit=100&warehouse=${warehouseName(pick(4))}` },
    { page: 'inventory: sku prefix search', route: '/v1/inventory', next: () => `/v1/inventory?limit=100&sku_prefix=${sku().slice(0, 9)}` },
    { page: 'inventory: negative', route: '/v1/inventory', next: () => '/v1/inventory?limit=100&negative=true' },
    { page: 'inventory: below reorder', route: '/v1/inventory', next: () => '/v1/inventory?limit=100&below_reorder=true' },
    { page: 'cell: stock now', route: '/v1/inventory/:sku/:location', next: () => `/v1/inventory/${cell()}` },
    { page: 'cell: movement history', route: '/v1/events', next: () => `/v1/events?sku=${e(sku())}&location=${e(loc())}&limit=100` },
    { page: 'movements: newest 100 (live tail)', route: '/v1/events', next: () => '/v1/events?limit=100' },
    { page: 'movements: newest OUT of a device', route: '/v1/events', next: () => `/v1/events?type=OUT&device_id=reader-${pick(37)}&limit=100` },
    { page: 'cell: as-of', route: '/v1/inventory/:sku/:location/as-of', next: () => `/v1/inventory/${cell()}/as-of?at=${instant()}` },
    {
      page: 'trends: snapshots of a sku, 90 days',
      route: '/v1/snapshots',
      next: () => `/v1/snapshots?sku=${e(sku())}&from=${from90}&to=${data.lastDay}&limit=1000`,
    },
    {
      page: 'trends: snapshots of a cell, 90 days',
      route: '/v1/snapshots',
      next: () => `/v1/snapshots?sku=${e(sku())}&location=${e(loc())}&from=${from90}&to=${data.lastDay}&limit=100`,
    },
    {
      page: 'trends: snapshots of a location, 1 page',
      route: '/v1/snapshots',
      next: () => `/v1/snapshots?location=${e(loc())}&from=${from90}&to=${data.lastDay}&limit=1000`,
    },
    {
      page: 'cell: movements per day, 30 days',
      route: '/v1/cell-daily',
      next: () => `/v1/cell-daily?sku=${e(sku())}&location=${e(loc())}&from=${addDays(data.lastDay, -29)}&to=${data.lastDay}`,
    },
    { page: 'trends: a sku, 90 days', route: '/v1/trends', next: () => `/v1/trends?sku=${e(sku())}&from=${from90}&to=${data.lastDay}` },
    { page: 'trends: a location, 90 days', route: '/v1/trends', next: () => `/v1/trends?location=${e(loc())}&from=${from90}&to=${data.lastDay}` },
    {
      page: 'trends: a warehouse, 90 days',
      route: '/v1/trends',
      next: () => `/v1/trends?warehouse=${warehouseName(pick(4))}&from=${from90}&to=${data.lastDay}`,
    },
    { page: 'trends: every cell, 90 days', route: '/v1/trends', next: () => `/v1/trends?from=${from90}&to=${data.lastDay}` },
    { page: 'forecasts: a cell', route: '/v1/forecasts', next: () => `/v1/forecasts?sku=${e(sku())}&location=${e(loc())}` },
    { page: 'forecasts: accuracy of a cell', route: '/v1/forecast-accuracy', next: () => `/v1/forecast-accuracy?sku=${e(sku())}&location=${e(loc())}` },
    { page: 'forecasts: reorder of a cell', route: '/v1/reorder', next: () => `/v1/reorder?sku=${e(sku())}&location=${e(loc())}` },
    { page: 'alerts: open', route: '/v1/alerts', next: () => '/v1/alerts?status=open&limit=100' },
    { page: 'pipeline', route: '/v1/pipeline', next: () => '/v1/pipeline' },
    { page: 'pipeline: dlq', route: '/v1/dlq', next: () => '/v1/dlq?limit=100' },
    { page: 'pipeline: conflicts', route: '/v1/conflicts', next: () => '/v1/conflicts?limit=100' },
    { page: 'jobs: history', route: '/v1/jobs', next: () => '/v1/jobs?limit=100' },
  ];
  const rows: Array<{ page: string; result: LoadResult; serverP99BoundMs: number; serverWithinTarget: number | undefined; count: number }> = [];
  for (const r of requests) {
    const first = await fetch(`${api.base}${r.next()}`, { headers: auth });
    if (!first.ok) throw new Error(`${r.page}: HTTP ${first.status} ${await first.text()}`);
    await load(api.base, r.next, { connections, seconds: 1, headers: auth });
    const before = await readHistogram(api.base, key, r.route);
    const result = await load(api.base, r.next, { connections, seconds, headers: auth });
    const server = serverQuantile(before, await readHistogram(api.base, key, r.route), 0.99, TARGET_MS);
    rows.push({ page: r.page, result, serverP99BoundMs: server.boundMs, serverWithinTarget: server.shareWithinTarget, count: server.count });
    log(`  ${r.page}: p99 ${result.p99} ms client, ≤ ${server.boundMs} ms server`);
  }
  const result = {
    machine: machine(),
    uptime_at_load: uptimeAtLoad,
    uptime_at_end: uptime(),
    data,
    daily_jobs_ms: jobMs,
    connections,
    seconds,
    requests: rows,
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `console-requests: ${data.cells.toLocaleString('en-US')} cells, ${data.ledgerRows.toLocaleString('en-US')} ledger rows over ${days} days (${data.firstDay}..${data.lastDay}; INSERT … SELECT generate_series straight into Postgres), ${data.snapshotRows.toLocaleString('en-US')} snapshot rows (every cell, every day), forecast/reorder/alerts jobs run for ${data.lastDay}`,
    );
    console.log(table(Object.entries(machine())));
    console.log(`  uptime at load  ${uptimeAtLoad}\n  uptime at end   ${result.uptime_at_end}`);
    console.log(`\n${connections} connections, ${seconds} s per request type; server p99 = upper bound of its /metrics bucket; target ≤ ${TARGET_MS} ms`);
    console.log(
      table(
        rows.map((r): [string, string] => [
          r.page,
          `${Math.round(r.result.rps)} req/s  client p50 ${r.result.p50} / p99 ${r.result.p99} ms  server p99 ≤ ${r.serverP99BoundMs} ms (${((r.serverWithinTarget ?? NaN) * 100).toFixed(1)}% ≤ 100 ms)  non-2xx ${r.result.non2xx}  ${r.serverP99BoundMs <= TARGET_MS ? 'met' : 'MISSED'}`,
        ]),
      ),
    );
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await bench.cleanup();
}
