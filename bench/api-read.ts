/**
 * Query API read benchmark (issue 11), in one run on this machine:
 * 1. a Fastify hello-world route (own process) vs the cached single-cell
 *    `GET /v1/inventory/{sku}/{location}` (Redis hit, auth on with a real read key, the rate-limit
 *    plugin on): req/s of each and the ratio (target ≥ 70%), p50/p99 (target p99 ≤ 5 ms);
 * 2. `GET /v1/inventory?limit=100` pages on `--cells` cells: first page, deep keyset pages, with
 *    and without filters (target p99 ≤ 20 ms);
 * 3. `GET /v1/inventory/{sku}/{location}/as-of?at=` for random cells and instants on a
 *    `--ledger`-row ledger with daily snapshots (target p99 ≤ 20 ms).
 * The API runs as `rfid api` in its own process; autocannon runs in this one. Latency is
 * client-side (autocannon) and server-side (the API's request histogram on /metrics).
 *
 *   bash scripts/bench.sh api-read [--cells 200000] [--ledger 10000000] [--days 90] [--snapshot-days 30]
 *                                  [--connections 10] [--list-connections 4] [--seconds 10] [--json]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { encodeCursor } from '../src/http/pagination.ts';
import { syncTimeZone } from '../src/postgres/daily/sync-time-zone.ts';
import { LOCATIONS_PER_SKU, loadApiDataSet, locationName, skuName, warehouseName } from './lib/api-data-set.ts';
import { createKey, load, readHistogram, seededRandom, serverQuantile, startApi, startHello, type LoadResult } from './lib/api-load.ts';
import { benchEnv, machine, table } from './lib/bench-env.ts';
import { cpuSeconds } from './lib/process-cpu.ts';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '200000' },
    ledger: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    'snapshot-days': { type: 'string', default: '30' },
    connections: { type: 'string', default: '10' },
    'list-connections': { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const ZONE = 'Asia/Seoul';
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const listConnections = Number(values['list-connections']);
const log = (line: string) => process.stderr.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const bench = await benchEnv('apiread', { RFID_TIMEZONE: ZONE });
const stops: Array<() => Promise<void>> = [];
try {
  const loadStartedUptime = uptime();
  await syncTimeZone(bench.pool, ZONE);
  log(`loading: ${values.cells} cells, ${values.ledger} ledger rows over ${values.days} days, ${values['snapshot-days']} days of snapshots`);
  const data = await loadApiDataSet(
    bench.pool,
    { cells: Number(values.cells), ledgerRows: Number(values.ledger), days: Number(values.days), snapshotDays: Number(values['snapshot-days']), zone: ZONE },
    log,
  );
  const key = await createKey(bench.pool, 'read');
  const auth = { authorization: `Bearer ${key}` };
  const api = await startApi(bench.env);
  stops.push(api.stop);
  const hello = await startHello();
  stops.push(hello.stop);
  const rnd = seededRandom(11);
  const pick = (n: number) => Math.floor(rnd() * n);
  const cellPath = (sku: number, loc: number) => `${encodeURIComponent(skuName(sku))}/${encodeURIComponent(locationName(loc))}`;

  // 1. Hello-world vs the cached cell. 1,000 cells warmed into Redis by one read each.
  const hot = Array.from({ length: 1000 }, () => cellPath(pick(data.skus), pick(LOCATIONS_PER_SKU)));
  for (const p of hot) {
    const body = (await fetch(`${api.base}/v1/inventory/${p}`, { headers: auth }).then((r) => r.json())) as { source?: string };
    if (body.source === undefined) throw new Error(`warm-up read of ${p} failed: ${JSON.stringify(body)}`);
  }
  const sample = (await fetch(`${api.base}/v1/inventory/${hot[0]}`, { headers: auth }).then((r) => r.json())) as { source: string };
  if (sample.source !== 'redis') throw new Error(`the warmed cell answered from ${sample.source}, not redis`);
  let h = 0;
  const cellReq = () => `/v1/inventory/${hot[h++ % hot.length]}`;
  log('warm-up: hello-world and cached cell, 3 s each');
  await load(hello.base, () => '/', { connections, seconds: 3 });
  await load(api.base, cellReq, { connections, seconds: 3, headers: auth });
  const helloRuns: LoadResult[] = [];
  const cellRuns: LoadResult[] = [];
  const helloCpuUs: number[] = [];
  const cellCpuUs: number[] = [];
  const cellRoute = '/v1/inventory/:sku/:location';
  const cellBefore = await readHistogram(api.base, key, cellRoute);
  for (let round = 0; round < 2; round++) {
    log(`round ${round + 1}: hello-world ${seconds} s, cached cell ${seconds} s (${connections} connections)`);
    // CPU per request of the serving process: steadier than req/s on a machine shared with others.
    let cpu = cpuSeconds([hello.pid]);
    helloRuns.push(await load(hello.base, () => '/', { connections, seconds }));
    helloCpuUs.push(((cpuSeconds([hello.pid]) - cpu) / helloRuns.at(-1)!.requests) * 1e6);
    cpu = cpuSeconds([api.child.pid!]);
    cellRuns.push(await load(api.base, cellReq, { connections, seconds, headers: auth }));
    cellCpuUs.push(((cpuSeconds([api.child.pid!]) - cpu) / cellRuns.at(-1)!.requests) * 1e6);
  }
  const cellServer = serverQuantile(cellBefore, await readHistogram(api.base, key, cellRoute), 0.99, 5);
  const mean = (rs: LoadResult[], f: (r: LoadResult) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
  const helloRps = mean(helloRuns, (r) => r.rps);
  const cellRps = mean(cellRuns, (r) => r.rps);

  // 2. Inventory pages; 3. as-of. Each variant runs `seconds` with `listConnections` connections.
  const deepCursor = () => encodeCursor([skuName(pick(data.skus)), locationName(pick(LOCATIONS_PER_SKU))]);
  const ledgerStart = Date.parse(`${data.firstDay}T00:00:00+09:00`);
  const ledgerSpanMs = data.days * 86_400_000;
  const variants: Array<{ name: string; route: string; target: number; next: () => string }> = [
    { name: 'list: first page', route: '/v1/inventory', target: 20, next: () => '/v1/inventory?limit=100' },
    {
      name: 'list: first page, warehouse + below_reorder',
      route: '/v1/inventory',
      target: 20,
      next: () => `/v1/inventory?limit=100&warehouse=${warehouseName(pick(4))}&below_reorder=true`,
    },
    { name: 'list: deep keyset page', route: '/v1/inventory', target: 20, next: () => `/v1/inventory?limit=100&cursor=${deepCursor()}` },
    {
      name: 'list: deep page, warehouse + zone',
      route: '/v1/inventory',
      target: 20,
      next: () => `/v1/inventory?limit=100&warehouse=${warehouseName(pick(4))}&zone=Z${pick(5)}&cursor=${deepCursor()}`,
    },
    { name: 'list: deep page, negative', route: '/v1/inventory', target: 20, next: () => `/v1/inventory?limit=100&negative=true&cursor=${deepCursor()}` },
    {
      name: 'list: sku prefix',
      route: '/v1/inventory',
      target: 20,
      next: () => `/v1/inventory?limit=100&sku_prefix=${skuName(pick(data.skus)).slice(0, 9)}`,
    },
    {
      name: 'as-of: random cell and instant',
      route: '/v1/inventory/:sku/:location/as-of',
      target: 20,
      next: () => `/v1/inventory/${cellPath(pick(data.skus), pick(LOCATIONS_PER_SKU))}/as-of?at=${new Date(ledgerStart + rnd() * ledgerSpanMs).toISOString()}`,
    },
  ];
  const rows: Array<{ name: string; target: number; result: LoadResult; serverP99Ms: number; serverShareWithinTarget: number | undefined }> = [];
  for (const v of variants) {
    log(`${v.name}: ${seconds} s, ${listConnections} connections`);
    await load(api.base, v.next, { connections: listConnections, seconds: 2, headers: auth });
    const before = await readHistogram(api.base, key, v.route);
    const result = await load(api.base, v.next, { connections: listConnections, seconds, headers: auth });
    const server = serverQuantile(before, await readHistogram(api.base, key, v.route), 0.99, v.target);
    rows.push({ name: v.name, target: v.target, result, serverP99Ms: server.boundMs, serverShareWithinTarget: server.shareWithinTarget });
  }

  const result = {
    machine: machine(),
    uptime_at_load: loadStartedUptime,
    uptime_at_end: uptime(),
    data: { ...data, snapshots: `dense daily snapshots for ${data.snapshotDays} days (${data.firstSnapshotDay}..${data.lastDay}), built from the ledger` },
    connections,
    list_connections: listConnections,
    seconds,
    hello: helloRuns,
    cached_cell: cellRuns,
    ratio: cellRps / helloRps,
    hello_cpu_us_per_request: helloCpuUs,
    cached_cell_cpu_us_per_request: cellCpuUs,
    cached_cell_server_p99_bound_ms: cellServer.boundMs,
    cached_cell_server_share_within_5ms: cellServer.shareWithinTarget,
    variants: rows,
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const f = (n: number) => n.toFixed(2);
    console.log(
      `api-read: ${data.cells.toLocaleString('en-US')} cells, ${data.ledgerRows.toLocaleString('en-US')} ledger rows over ${data.days} days (${data.firstDay}..${data.lastDay}, INSERT … SELECT generate_series straight into Postgres), ${result.data.snapshots}: ${data.snapshotRows.toLocaleString('en-US')} rows`,
    );
    console.log(table(Object.entries(machine())));
    console.log(`  uptime at load  ${loadStartedUptime}\n  uptime at end   ${result.uptime_at_end}`);
    console.log(`\nhello-world vs cached cell (${connections} connections, ${seconds} s × 2 rounds each, alternating; auth on, rate-limit plugin on)`);
    console.log(
      table([
        ...helloRuns.map((r, i): [string, string] => [
          `hello round ${i + 1}`,
          `${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${Math.round(helloCpuUs[i]!)} µs/request`,
        ]),
        ...cellRuns.map((r, i): [string, string] => [
          `cached cell round ${i + 1}`,
          `${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${Math.round(cellCpuUs[i]!)} µs/request`,
        ]),
        ['ratio cached cell / hello', `${(result.ratio * 100).toFixed(1)}% (target ≥ 70%)`],
        ['cached cell server p99', `≤ ${cellServer.boundMs} ms bucket, ${f((cellServer.shareWithinTarget ?? NaN) * 100)}% within 5 ms`],
      ]),
    );
    console.log(
      `\npages and as-of (${listConnections} connections, ${seconds} s each; client p50/p99 from autocannon, server p99 = upper bound of its /metrics bucket)`,
    );
    console.log(
      table(
        rows.map((r): [string, string] => [
          r.name,
          `${Math.round(r.result.rps)} req/s  p50 ${r.result.p50} ms  p99 ${r.result.p99} ms  server p99 ≤ ${r.serverP99Ms} ms  non-2xx ${r.result.non2xx}  (target p99 ≤ ${r.target} ms: ${r.result.p99 <= r.target ? 'met' : 'MISSED'})`,
        ]),
      ),
    );
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await bench.cleanup();
}
