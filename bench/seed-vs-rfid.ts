/**
 * Side-by-side benchmark (issue 5): the seed's own step-3 consumer (`../shared/bench/seed-consumer`,
 * Python: one transaction per event, INCRBY after commit, auto-commit) against `rfid ingest`, in
 * one run on this machine, on the same events:
 *   1. throughput: the same N events (default 500,000) pre-loaded into two topics; each consumer
 *      works through its own; events/s from its ledger's commit timestamps. The seed consumer is
 *      given at most --seed-seconds (default 120) and its rate is taken over what it applied;
 *   2. produce → visible-in-Redis latency p50/p99 for both at one fixed rate both sustain
 *      (default 500 events/s for 20 s), one fresh cell per event, via keyspace notifications.
 *
 *   bash scripts/bench.sh seed-vs-rfid [--events 500000] [--seed-seconds 120] [--rate 500] [--seconds 20]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { createTopic } from './lib/topics.ts';
import { createRedis } from '../src/redis/client.ts';
import { measureRedisLatency, withKeyspaceNotifications } from './lib/redis-latency.ts';
import { WarehouseModel } from '../src/simulate/warehouse-model.ts';
import { progressReporter } from '../src/cli/progress.ts';
import { benchEnv, machine, percentile, preload, spawnCli, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '500000' },
    'seed-seconds': { type: 'string', default: '120' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const SEED_SECONDS = Number(values['seed-seconds']);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SEED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'bench', 'seed-consumer');
const SEED_REDIS_DB = 15;
const PYTHON = '/usr/bin/python3';

function ensureSeedRequirements(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import confluent_kafka, psycopg2, redis'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('installing the seed consumer requirements (python3-confluent-kafka python3-psycopg2 python3-redis)...\n');
    execFileSync('apt-get', ['install', '-y', '-q', 'python3-confluent-kafka', 'python3-psycopg2', 'python3-redis'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

async function ledgerSpan(pool: pg.Pool): Promise<{ n: number; seconds: number }> {
  const r = (await pool.query<{ n: number; first: Date | null; last: Date | null }>('SELECT count(*)::int AS n, min(ingested_ts) AS first, max(ingested_ts) AS last FROM rfid_events')).rows[0]!;
  return { n: r.n, seconds: r.first && r.last ? Math.max(0.001, (r.last.getTime() - r.first.getTime()) / 1000) : NaN };
}

function startSeed(topic: string, group: string, dsn: string, redisUrl: string): ChildProcess {
  const u = new URL(redisUrl);
  const child = spawn(PYTHON, [path.join(SEED_DIR, 'consumer_step3.py')], {
    env: { ...process.env, KAFKA_BOOTSTRAP: '127.0.0.1:9092', TOPIC: topic, GROUP_ID: group, PG_DSN: dsn, REDIS_HOST: u.hostname, REDIS_PORT: u.port || '6379', REDIS_DB: String(SEED_REDIS_DB), QUIET: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5_000).then(() => child.kill('SIGKILL'))]);
}

ensureSeedRequirements();
const rfid = await benchEnv('vs_rfid', { RFID_WORKER_ID: 'bench' });
const rfidLatency = await benchEnv('vs_rfid_lat', { RFID_WORKER_ID: 'bench-lat' });
const seedDbName = `rfid_bench_seed_${rfid.id}`;
const seedUrl = new URL(rfid.config.databaseUrl);
seedUrl.pathname = `/${seedDbName}`;
const admin = new pg.Pool({ connectionString: rfid.config.databaseUrl, max: 1 });
await admin.query(`CREATE DATABASE ${seedDbName}`);
const seedPool = new pg.Pool({ connectionString: seedUrl.toString(), max: 2 });
await seedPool.query(readFileSync(path.join(SEED_DIR, 'schema.sql'), 'utf8'));
const dsn = `host=${seedUrl.hostname} port=${seedUrl.port || 5432} user=${decodeURIComponent(seedUrl.username || 'postgres')} dbname=${seedDbName}`;
const seedTopic = `bench_${rfid.id}_seed_events`;
const seedLatencyTopic = `bench_${rfid.id}_seed_latency`;
const redisAdmin = createRedis(rfid.config.redisUrl, { maxRetriesPerRequest: 3 });
const children: Array<{ stop(): Promise<void> }> = [];
try {
  await createTopic(rfid.config, seedTopic, rfid.config.topics.eventsPartitions);
  await createTopic(rfid.config, seedLatencyTopic, rfid.config.topics.eventsPartitions);
  await redisAdmin.select(SEED_REDIS_DB);
  await redisAdmin.flushdb();
  await redisAdmin.select(0);

  // The same messages, byte for byte, into both topics.
  const model = new WarehouseModel({ seed: 1, skus: 10_000, locations: 20 });
  const now = Date.now();
  const messages = Array.from({ length: N }, () => model.next(now));
  const progress = progressReporter('pre-load ×2', 2 * N);
  await preload(rfid.config, rfid.config.topics.events, messages, (n) => progress.update(n));
  await preload(rfid.config, seedTopic, messages, (n) => progress.update(N + n));
  progress.finish(2 * N);

  // ── rfid ingest
  const worker = spawnCli(['ingest'], rfid.env, 'rfid ingest');
  children.push(worker);
  const rfidProgress = progressReporter('rfid ingest', N);
  for (let s = await ledgerSpan(rfid.pool); s.n < N; s = await ledgerSpan(rfid.pool)) {
    rfidProgress.update(s.n);
    await sleep(250);
  }
  rfidProgress.finish(N);
  const rfidSpan = await ledgerSpan(rfid.pool);
  const rfidRss = worker.peakRssMiB();
  await worker.stop();

  // ── the seed's consumer
  const seedStart = Date.now();
  const seed = startSeed(seedTopic, `bench_${rfid.id}_seed`, dsn, rfid.config.redisUrl);
  children.push({ stop: () => stopChild(seed) });
  const seedProgress = progressReporter('seed consumer', N);
  let seedSpan = await ledgerSpan(seedPool);
  while (seedSpan.n < N && Date.now() - seedStart < SEED_SECONDS * 1000 && seed.exitCode === null) {
    seedProgress.update(seedSpan.n);
    await sleep(500);
    seedSpan = await ledgerSpan(seedPool);
  }
  seedProgress.finish(seedSpan.n);
  await stopChild(seed);
  seedSpan = await ledgerSpan(seedPool);

  // ── latency at a fixed rate, both on fresh topics with caught-up consumers
  const { rfidLat, seedLat } = await withKeyspaceNotifications(rfid.config.redisUrl, async () => {
    const latWorker = spawnCli(['ingest'], rfidLatency.env, 'rfid ingest (latency)');
    children.push(latWorker);
    await sleep(3_000); // joined the group
    const rfidLat = await measureRedisLatency(rfidLatency.config, {
      topic: rfidLatency.config.topics.events, keyPrefix: `${rfidLatency.config.redisPrefix}inv:`, db: 0, cellPrefix: 'LAT-', rate: RATE, seconds: SECONDS,
    });
    await latWorker.stop();
    const seedLatProc = startSeed(seedLatencyTopic, `bench_${rfid.id}_seed_lat`, dsn, rfid.config.redisUrl);
    children.push({ stop: () => stopChild(seedLatProc) });
    await sleep(5_000); // joined the group
    const seedLat = await measureRedisLatency(rfid.config, { topic: seedLatencyTopic, keyPrefix: 'inv:', db: SEED_REDIS_DB, cellPrefix: 'SLAT-', rate: RATE, seconds: SECONDS });
    await stopChild(seedLatProc);
    return { rfidLat, seedLat };
  });

  const rfidRate = rfidSpan.n / rfidSpan.seconds;
  const seedRate = seedSpan.n / seedSpan.seconds;
  const result = {
    events: N,
    rfid_events_applied: rfidSpan.n,
    rfid_events_per_s: Math.round(rfidRate),
    rfid_worker_peak_rss_mib: Math.round(rfidRss),
    seed_events_applied: seedSpan.n,
    seed_events_per_s: Math.round(seedRate),
    seed_finished: seedSpan.n >= N ? 'yes' : `no (stopped after ${SEED_SECONDS} s)`,
    ratio_rfid_over_seed: Number((rfidRate / seedRate).toFixed(1)),
    latency_rate_events_per_s: RATE,
    rfid_latency_seen: `${rfidLat.latencies.length}/${rfidLat.sent}`,
    rfid_latency_ms_p50: Math.round(percentile(rfidLat.latencies, 50)),
    rfid_latency_ms_p99: Math.round(percentile(rfidLat.latencies, 99)),
    seed_latency_seen: `${seedLat.latencies.length}/${seedLat.sent}`,
    seed_latency_ms_p50: Math.round(percentile(seedLat.latencies, 50)),
    seed_latency_ms_p99: Math.round(percentile(seedLat.latencies, 99)),
  };
  if (values.json) process.stdout.write(JSON.stringify({ machine: machine(), ...result }) + '\n');
  else {
    const m = machine();
    process.stdout.write(`\nseed consumer vs rfid ingest — ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}\n`);
    process.stdout.write(table(Object.entries(result)) + '\n');
  }
} finally {
  for (const c of children) await c.stop().catch(() => {});
  await redisAdmin.select(SEED_REDIS_DB).then(() => redisAdmin.flushdb()).catch(() => {});
  redisAdmin.disconnect();
  await seedPool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${seedDbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
  await rfid.cleanup();
  await rfidLatency.cleanup();
}
