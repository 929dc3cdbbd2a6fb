/**
 * Server time of the console's requests at scale (issue 12's budget: every console request
 * ≤ 100 ms p99 on a 100k-cell inventory with a 10M-row ledger). The ledger is written straight
 * into Postgres (`--cells` cells × `--days` days, shipments on about half the days, a receipt a
 * week), `inventory_current` is its sum, master data names 2 warehouses and reorder points, the
 * last `--snapshot-days` days have snapshots. Then each request the console makes is answered
 * `--n` times through `inject` (server time, no network) and its p50 / p99 printed.
 *
 *   bash scripts/bench.sh console-requests [--cells 100000] [--days 180] [--snapshot-days 30] [--n 100] [--only trends,overview] [--json]
 *
 * `--only` keeps the requests whose name contains one of the given words.
 */
import { parseArgs } from 'node:util';
import { addDays, businessDayOf } from '../src/domain/business-day.ts';
import { buildApi } from '../src/http/api-server.ts';
import { createLogger } from '../src/logger.ts';
import { syncTimeZone } from '../src/postgres/daily/sync-time-zone.ts';
import { writeSnapshot } from '../src/postgres/daily/write-snapshot.ts';
import { createRedis } from '../src/redis/client.ts';
import { benchEnv, machine, percentile, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '100000' },
    days: { type: 'string', default: '180' },
    'snapshot-days': { type: 'string', default: '30' },
    n: { type: 'string', default: '100' },
    only: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
  },
});
const cells = Number(values.cells);
const days = Number(values.days);
const snapshotDays = Number(values['snapshot-days']);
const n = Number(values.n);
const ZONE = 'Asia/Seoul';

const bench = await benchEnv('console', { RFID_TIMEZONE: ZONE, RFID_AUTH: 'off', RFID_RATE_LIMIT_PER_MIN: '0' });
try {
  const { pool, config } = bench;
  await syncTimeZone(pool, ZONE);
  const last = addDays(businessDayOf(Date.now(), ZONE), -1);
  const first = addDays(last, -(days - 1));
  const t0 = Date.now();
  await pool.query('ALTER TABLE rfid_events DISABLE TRIGGER rfid_events_late_days');
  const load = await pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id)
     SELECT gen_random_uuid(), ($1::date + d)::timestamp AT TIME ZONE $3 + interval '10 hours' + (c % 600) * interval '1 minute',
       CASE WHEN d % 7 = c % 7 THEN 'IN' ELSE 'OUT' END, 'SKU-' || lpad((c / 20)::text, 6, '0'), 'WH' || (1 + c % 2) || '-' || chr(65 + (c / 2) % 10) || '-01',
       CASE WHEN d % 7 = c % 7 THEN 40 ELSE 1 + (d * 7 + c) % 5 END, 'RD-' || (c % 50)
     FROM generate_series(0, $2::int - 1) c, generate_series(0, $4::int - 1) d
     WHERE d % 7 = c % 7 OR (hashint4(c * 1000 + d) & 1) = 0`,
    [first, cells, ZONE, days],
  );
  await pool.query('ALTER TABLE rfid_events ENABLE TRIGGER rfid_events_late_days');
  await pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version, last_event_ts)
     SELECT sku, location, sum(CASE WHEN event_type = 'OUT' THEN -qty ELSE qty END), count(*), max(event_ts) FROM rfid_events GROUP BY 1, 2`,
  );
  await pool.query(
    "INSERT INTO location_master (location, warehouse, zone) SELECT DISTINCT location, split_part(location, '-', 1), split_part(location, '-', 2) FROM inventory_current",
  );
  await pool.query('INSERT INTO sku_master (sku, reorder_point) SELECT DISTINCT sku, 30 + abs(hashtext(sku)) % 200 FROM inventory_current');
  await pool.query('ANALYZE');
  const loadMs = Date.now() - t0;
  const t1 = Date.now();
  for (let k = snapshotDays - 1; k >= 0; k--) await writeSnapshot(pool, addDays(last, -k), ZONE);
  await pool.query('ANALYZE inventory_snapshot_daily');
  const snapshotMs = Date.now() - t1;

  const redis = createRedis(config.redisUrl, { failFast: true, maxRetriesPerRequest: 1 });
  const app = await buildApi({
    config,
    pool,
    redis,
    events: { send: async () => {}, ready: async () => true },
    logger: createLogger('warn', 'bench'),
  });
  await app.ready();
  const cell = (
    await pool.query<{ sku: string; location: string }>('SELECT sku, location FROM inventory_current ORDER BY sku, location OFFSET $1 LIMIT 1', [
      Math.floor(cells / 2),
    ])
  ).rows[0]!;
  const enc = encodeURIComponent;
  const from30 = addDays(last, -29);
  const requests: Array<[string, string]> = [
    ['overview', '/v1/overview'],
    ['inventory page 1', '/v1/inventory?limit=50'],
    ['inventory, warehouse + below reorder', '/v1/inventory?limit=50&warehouse=WH2&below_reorder=true'],
    ['inventory, SKU prefix', `/v1/inventory?limit=50&sku_prefix=${enc(cell.sku.slice(0, 9))}`],
    ['cell now', `/v1/inventory/${enc(cell.sku)}/${enc(cell.location)}`],
    ['cell-daily, 30 days', `/v1/cell-daily?sku=${enc(cell.sku)}&location=${enc(cell.location)}&from=${from30}&to=${last}`],
    ['cell as-of', `/v1/inventory/${enc(cell.sku)}/${enc(cell.location)}/as-of?at=${encodeURIComponent(new Date(Date.now() - 5 * 86_400_000).toISOString())}`],
    ['cell events, 20', `/v1/events?sku=${enc(cell.sku)}&location=${enc(cell.location)}&limit=20`],
    ['movements, 50 newest', '/v1/events?limit=50'],
    ['movements, type filter', '/v1/events?limit=50&type=IN'],
    ['trends, one SKU', `/v1/trends?sku=${enc(cell.sku)}&from=${from30}&to=${last}`],
    ['trends, one location', `/v1/trends?location=${enc(cell.location)}&from=${from30}&to=${last}`],
    ['trends, one warehouse', `/v1/trends?warehouse=WH1&from=${from30}&to=${last}`],
    ['trends, all cells', `/v1/trends?from=${from30}&to=${last}`],
    ['reorder, 50', '/v1/reorder?limit=50'],
    ['alerts, 50', '/v1/alerts?limit=50'],
    ['jobs, 25', '/v1/jobs?limit=25'],
    ['dlq, 25', '/v1/dlq?limit=25'],
  ];
  const results: Array<{ name: string; p50: number; p99: number; max: number }> = [];
  const only = values.only ? values.only.split(',').map((w) => w.trim()) : [];
  for (const [name, url] of requests.filter(([name]) => only.length === 0 || only.some((w) => name.includes(w)))) {
    const first = await app.inject(url);
    if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = process.hrtime.bigint();
      await app.inject(url);
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    ms.sort((a, b) => a - b);
    results.push({ name, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)! });
  }
  await app.close();
  redis.disconnect();
  const out = { machine: machine(), cells, days, ledgerRows: load.rowCount ?? 0, snapshotDays, loadMs, snapshotMs, n, results };
  if (values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else {
    process.stdout.write(
      `console requests: ${cells.toLocaleString('en-US')} cells, ${out.ledgerRows.toLocaleString('en-US')} ledger rows (loaded in ${(loadMs / 1000).toFixed(0)} s), ${snapshotDays} snapshot days (${(snapshotMs / 1000).toFixed(0)} s); ${n} requests each, server time through inject\n`,
    );
    process.stdout.write(`${table(Object.entries(machine()).map(([k, v]) => [k, v]))}\n`);
    process.stdout.write(
      `${table(results.map((r): [string, string] => [r.name, `p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  max ${r.max.toFixed(1)} ms${r.p99 > 100 ? '  ✘ over 100 ms' : ''}`]))}\n`,
    );
  }
} finally {
  await bench.cleanup();
}
