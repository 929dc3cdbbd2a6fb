/**
 * The simulator end to end: `rfid simulate` into a real topic with duplicates, late and malformed
 * messages, then the real ingest worker; the stock must equal the simulator's oracle file and the
 * DLQ must hold exactly the malformed messages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IngestWorker } from '../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../src/ingest/metrics.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import type { Redis } from '../../src/redis/client.ts';
import { InventoryCache } from '../../src/redis/inventory-cache.ts';
import { createLogger } from '../../src/logger.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv, runCli } from '../support/test-env.ts';
import { diffStock, redisVsPostgres, stockFromPostgres, waitUntilApplied } from '../support/pipeline-checks.ts';

const t = makeTestEnv('simulate');
const dir = mkdtempSync(path.join(tmpdir(), 'rfid-sim-'));
let services: Services;
let pool: Pool;
let redis: Redis;

before(async () => {
  services = await openServices(t);
  ({ pool, redis } = services);
});
after(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

test('seeded file output is identical across runs (history mode pins the clock)', async () => {
  const args = (file: string) => [
    'simulate',
    '--seed',
    '21',
    '--count',
    '3000',
    '--skus',
    '200',
    '--history-days',
    '7',
    '--duplicates',
    '5',
    '--malformed',
    '5',
    '--output',
    file,
  ];
  // History mode back-dates from now; two runs within the same test use the same day window, but
  // the clock is part of the value, so compare everything except event_ts.
  const a = await runCli(args(path.join(dir, 'a.ndjson')), t.env);
  const b = await runCli(args(path.join(dir, 'b.ndjson')), t.env);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const strip = (f: string) => readFileSync(path.join(dir, f), 'utf8').replace(/"event_ts\\":\\"[^\\]*\\"/g, '');
  assert.equal(strip('a.ndjson'), strip('b.ndjson'));
  assert.equal(readFileSync(path.join(dir, 'a.ndjson'), 'utf8').trim().split('\n').length, 3000);
});

test('simulate → ingest: stock equals the oracle file, Redis equals Postgres, the DLQ holds exactly the malformed', async () => {
  const oracleFile = path.join(dir, 'oracle.json');
  const sim = await runCli(
    [
      'simulate',
      '--seed',
      '4',
      '--count',
      '30000',
      '--skus',
      '2000',
      '--locations',
      '12',
      '--duplicates',
      '10',
      '--late',
      '5',
      '--malformed',
      '5',
      '--emit-oracle',
      oracleFile,
      '--json',
    ],
    t.env,
    { timeoutMs: 120_000 },
  );
  assert.equal(sim.code, 0, sim.stderr);
  const summary = JSON.parse(sim.stdout) as { messages: number; valid: number; duplicates: number; malformed: number; late: number };
  assert.equal(summary.messages, 30_000);
  assert.ok(summary.duplicates > 0 && summary.malformed > 0 && summary.late > 0);

  const cache = new InventoryCache(redis, t.config.redisPrefix);
  const worker = new IngestWorker({ config: t.config, pool, cache, metrics: createIngestMetrics(), logger: createLogger('warn', 'sim-e2e') });
  const running = worker.run();
  try {
    await waitUntilApplied(t.config, pool, 120_000);
  } finally {
    await worker.stop();
    await running;
  }
  const oracle = JSON.parse(readFileSync(oracleFile, 'utf8')) as { cells: Array<{ sku: string; location: string; qty_on_hand: number }> };
  const expected = new Map(oracle.cells.map((c) => [`${c.sku}|${c.location}`, c.qty_on_hand]));
  assert.deepEqual(diffStock(expected, await stockFromPostgres(pool)), []);
  assert.deepEqual(await redisVsPostgres(pool, cache), []);
  const ledger = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
  assert.equal(ledger.rows[0]!.n, summary.valid);
  const dlq = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_dead_letters');
  assert.equal(dlq.rows[0]!.n, summary.malformed);
  assert.equal(worker.totals.duplicates, summary.duplicates);
});

test('live mode holds the target rate (--rate 2000 for 3 s ≈ 6000 messages)', async () => {
  const file = path.join(dir, 'rate.ndjson');
  const r = await runCli(['simulate', '--seed', '2', '--rate', '2000', '--duration', '3', '--skus', '100', '--output', file, '--json'], t.env);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(file, 'utf8').trim().split('\n').length;
  assert.ok(lines >= 5_100 && lines <= 6_300, `${lines} messages`);
  assert.equal((JSON.parse(r.stdout) as { messages: number }).messages, lines);
});
