/**
 * Side-by-side benchmark (issue 5): the seed's own step-3 consumer (`../shared/bench/seed-consumer`,
 * Python: one transaction per event, INCRBY after commit, auto-commit) against `rfid ingest`, in
 * one run on this machine, on the same events:
 *   1. throughput: the same N events (default 500,000) pre-loaded into two topics; each consumer
 *      works through its own; events/s from its ledger's commit timestamps. The seed consumer is
 *      given at most --seed-seconds (default 120) and its rate is taken over what it applied;
 *   2. produce → visible-in-Redis latency p50/p99 for both at one fixed rate both sustain
 *      (default 500 events/s for 20 s), one fresh cell per event, via keyspace notifications.
 * Issue 9 adds a second peer, what a data engineer would pick instead of our worker: Kafka Connect
 * (standalone) with Debezium's JDBC sink, upserting on event_id into the seed's ledger table in a
 * database of its own, from a third byte-identical copy of the topic, given at most
 * --connect-seconds (default 120). It writes only the ledger (see CONNECT_CANNOT below).
 *
 *   bash scripts/bench.sh seed-vs-rfid [--events 500000] [--seed-seconds 120] [--rate 500] [--seconds 20]
 *     [--connect-seconds 120] [--connect-batch 10000] [--connect-tasks 1] [--no-connect-unnest] [--no-connect]
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
import { ensureConnectJars, DEBEZIUM_VERSION } from './lib/kafka-connect-jars.ts';
import { startKafkaConnect, type JdbcSinkOptions, type KafkaConnectWorker } from './lib/kafka-connect.ts';
import { createCpuMeter, type CpuPerEvent } from './lib/process-cpu.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '500000' },
    'seed-seconds': { type: 'string', default: '120' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    'no-connect': { type: 'boolean', default: false },
    'connect-seconds': { type: 'string', default: '120' },
    // Same records per batch as `rfid ingest`'s default (RFID_BATCH_MAX 10,000): poll size and flush size.
    'connect-batch': { type: 'string', default: '10000' },
    // One task = one consumer, as one `rfid ingest` worker is one consumer.
    'connect-tasks': { type: 'string', default: '1' },
    // The sink's set-based insert (one INSERT … SELECT FROM unnest per flush); off: JDBC batches.
    'no-connect-unnest': { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const SEED_SECONDS = Number(values['seed-seconds']);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SEED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'bench', 'seed-consumer');
const SEED_REDIS_DB = 15;
const PYTHON = '/usr/bin/python3';
const CONNECT = !values['no-connect'];
const CONNECT_SECONDS = Number(values['connect-seconds']);
const CONNECT_START_TIMEOUT_MS = 120_000;

/** What the Kafka Connect peer leaves undone that `rfid ingest` does (printed under the table). */
const CONNECT_CANNOT = [
  'no stock: it appends to the ledger table only; inventory_current is neither kept nor updated in the same transaction',
  'no Redis cache inv:{sku}:{location} and no inventory_changes feed after commit',
  'no validation of the contract: IN/OUT need qty > 0, ADJUST qty ≠ 0, types and sizes are not checked beyond the Struct schema',
  "no DLQ of ours: Connect's own dead-letter topic (sinks only; errors.tolerance=all + errors.deadletterqueue.topic.name, reasons in headers only with errors.deadletterqueue.context.headers.enable=true) takes records that fail conversion or the SMT; a write the database rejects fails the whole task (Debezium's sink does not use the errant-record reporter; tried with a missing table, the task turned FAILED about 60 s after the failed write), and a FAILED task stays down until restarted by hand",
  'no duplicate/conflict rule: upsert on event_id overwrites an event with a later one of the same id and other content (last write wins), silently, instead of keeping the first and setting the conflict aside',
  "offsets apart from the data: the sink's consumer offsets are committed to Kafka by the worker every offset.flush.interval.ms (60 s by default), not in the database transaction; Kafka Connect's exactly-once support (KIP-618) covers source connectors only, so a sink is at-least-once and the upsert on event_id is what absorbs a replay",
] as const;

function ensureSeedRequirements(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import confluent_kafka, psycopg2, redis'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('installing the seed consumer requirements (python3-confluent-kafka python3-psycopg2 python3-redis)...\n');
    execFileSync('apt-get', ['install', '-y', '-q', 'python3-confluent-kafka', 'python3-psycopg2', 'python3-redis'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
}

async function ledgerSpan(pool: pg.Pool): Promise<{ n: number; seconds: number }> {
  const r = (
    await pool.query<{ n: number; first: Date | null; last: Date | null }>(
      'SELECT count(*)::int AS n, min(ingested_ts) AS first, max(ingested_ts) AS last FROM rfid_events',
    )
  ).rows[0]!;
  return { n: r.n, seconds: r.first && r.last ? Math.max(0.001, (r.last.getTime() - r.first.getTime()) / 1000) : NaN };
}

function startSeed(topic: string, group: string, dsn: string, redisUrl: string): ChildProcess {
  const u = new URL(redisUrl);
  const child = spawn(PYTHON, [path.join(SEED_DIR, 'consumer_step3.py')], {
    env: {
      ...process.env,
      KAFKA_BOOTSTRAP: '127.0.0.1:9092',
      TOPIC: topic,
      GROUP_ID: group,
      PG_DSN: dsn,
      REDIS_HOST: u.hostname,
      REDIS_PORT: u.port || '6379',
      REDIS_DB: String(SEED_REDIS_DB),
      QUIET: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** Σ qty of the events, to check that the peer's rows carry the events' content, not just their ids. */
function sumQty(messages: ReadonlyArray<{ event?: { qty: number } }>): number {
  return messages.reduce((sum, m) => sum + (m.event?.qty ?? 0), 0);
}

async function ledgerContent(pool: pg.Pool): Promise<{ rows: number; distinctIds: number; sumQty: number }> {
  const r = (
    await pool.query<{ rows: number; distinct_ids: number; sum_qty: string | null }>(
      'SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct_ids, sum(qty) AS sum_qty FROM rfid_events',
    )
  ).rows[0]!;
  return { rows: r.rows, distinctIds: r.distinct_ids, sumQty: Number(r.sum_qty ?? 0) };
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
const connectTopic = `bench_${rfid.id}_connect_events`;
const connectDbName = `rfid_bench_connect_${rfid.id}`;
const connectUrl = new URL(rfid.config.databaseUrl);
connectUrl.pathname = `/${connectDbName}`;
let connectPool: pg.Pool | undefined;
const redisAdmin = createRedis(rfid.config.redisUrl, { maxRetriesPerRequest: 3 });
const children: Array<{ stop(): Promise<void> }> = [];
try {
  await createTopic(rfid.config, seedTopic, rfid.config.topics.eventsPartitions);
  await createTopic(rfid.config, seedLatencyTopic, rfid.config.topics.eventsPartitions);
  // Resolved before anything is timed: the first run fetches ~75 MB of jars from Maven Central.
  const connectJars = CONNECT ? await ensureConnectJars(rfid.config, (line) => process.stderr.write(`${line}\n`)) : undefined;
  if (CONNECT) {
    await createTopic(rfid.config, connectTopic, rfid.config.topics.eventsPartitions);
    await admin.query(`CREATE DATABASE ${connectDbName}`);
    connectPool = new pg.Pool({ connectionString: connectUrl.toString(), max: 2 });
    // The seed's ledger DDL, so that both peers write the same table shape (ingested_ts DEFAULT now()).
    await connectPool.query(readFileSync(path.join(SEED_DIR, 'schema.sql'), 'utf8'));
  }
  await redisAdmin.select(SEED_REDIS_DB);
  await redisAdmin.flushdb();
  await redisAdmin.select(0);

  // The same messages, byte for byte, into both topics.
  const model = new WarehouseModel({ seed: 1, skus: 10_000, locations: 20 });
  const now = Date.now();
  const messages = Array.from({ length: N }, () => model.next(now));
  const copies = CONNECT ? 3 : 2;
  const progress = progressReporter(`pre-load ×${copies}`, copies * N);
  await preload(rfid.config, rfid.config.topics.events, messages, (n) => progress.update(n));
  await preload(rfid.config, seedTopic, messages, (n) => progress.update(N + n));
  if (CONNECT) await preload(rfid.config, connectTopic, messages, (n) => progress.update(2 * N + n));
  progress.finish(copies * N);
  const expectedSumQty = sumQty(messages);

  // ── rfid ingest
  const worker = spawnCli(['ingest'], rfid.env, 'rfid ingest');
  children.push(worker);
  const rfidProgress = progressReporter('rfid ingest', N);
  const rfidMeter = createCpuMeter(worker.child.pid!, rfid.pool);
  for (let s = await ledgerSpan(rfid.pool); s.n < N; s = await ledgerSpan(rfid.pool)) {
    rfidProgress.update(s.n);
    await rfidMeter.progress(s.n);
    await sleep(250);
  }
  rfidProgress.finish(N);
  const rfidSpan = await ledgerSpan(rfid.pool);
  const rfidCpu = await rfidMeter.finish(rfidSpan.n);
  const rfidRss = worker.peakRssMiB();
  await worker.stop();

  // ── the seed's consumer
  const seedStart = Date.now();
  const seed = startSeed(seedTopic, `bench_${rfid.id}_seed`, dsn, rfid.config.redisUrl);
  children.push({ stop: () => stopChild(seed) });
  const seedProgress = progressReporter('seed consumer', N);
  const seedMeter = createCpuMeter(seed.pid!, seedPool);
  let seedSpan = await ledgerSpan(seedPool);
  while (seedSpan.n < N && Date.now() - seedStart < SEED_SECONDS * 1000 && seed.exitCode === null) {
    seedProgress.update(seedSpan.n);
    await seedMeter.progress(seedSpan.n);
    await sleep(500);
    seedSpan = await ledgerSpan(seedPool);
  }
  seedProgress.finish(seedSpan.n);
  const seedCpu = await seedMeter.finish(seedSpan.n);
  await stopChild(seed);
  seedSpan = await ledgerSpan(seedPool);

  // ── Kafka Connect + Debezium JDBC sink
  let connectRun: ConnectRun | undefined;
  const connectSink: JdbcSinkOptions = {
    name: `bench_${rfid.id}_connect`,
    topic: connectTopic,
    databaseUrl: connectUrl.toString(),
    table: 'rfid_events',
    batchSize: Number(values['connect-batch']),
    tasks: Number(values['connect-tasks']),
    unnest: !values['no-connect-unnest'],
  };
  if (connectJars && connectPool) {
    const connectStart = Date.now();
    const connect: KafkaConnectWorker = await startKafkaConnect(rfid.config, connectJars, connectSink);
    let keepLog = false;
    children.push({ stop: () => connect.stop(keepLog) });
    let failure: string | undefined;
    let startMs = NaN;
    let cpu: CpuPerEvent = { events: 0, processUs: NaN, databaseUs: NaN };
    try {
      await connect.waitRunning(CONNECT_START_TIMEOUT_MS);
      startMs = Date.now() - connectStart;
      const connectProgress = progressReporter('kafka connect', N);
      const connectMeter = createCpuMeter(connect.pid, connectPool);
      let span = await ledgerSpan(connectPool);
      while (span.n < N && Date.now() - connectStart < CONNECT_SECONDS * 1000) {
        connectProgress.update(span.n);
        await connectMeter.progress(span.n);
        connect.peakRssMiB();
        const failed = (await connect.taskStates()).find((t) => t.state === 'FAILED');
        if (failed) throw new Error(`sink task FAILED: ${(failed.trace ?? '').split('\n')[0]}`);
        await sleep(250);
        span = await ledgerSpan(connectPool);
      }
      connectProgress.finish(span.n);
      cpu = await connectMeter.finish(span.n);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      keepLog = true;
      process.stderr.write(`kafka connect peer failed: ${failure}\n  log: ${connect.logFile}\n`);
    }
    const rssMiB = connect.peakRssMiB();
    await connect.stop(keepLog);
    connectRun = { span: await ledgerSpan(connectPool), content: await ledgerContent(connectPool), startMs, rssMiB, cpu, ...(failure ? { failure } : {}) };
  }

  // ── latency at a fixed rate, both on fresh topics with caught-up consumers
  const { rfidLat, seedLat } = await withKeyspaceNotifications(rfid.config.redisUrl, async () => {
    const latWorker = spawnCli(['ingest'], rfidLatency.env, 'rfid ingest (latency)');
    children.push(latWorker);
    await sleep(3_000); // joined the group
    const rfidLat = await measureRedisLatency(rfidLatency.config, {
      topic: rfidLatency.config.topics.events,
      keyPrefix: `${rfidLatency.config.redisPrefix}inv:`,
      db: 0,
      cellPrefix: 'LAT-',
      rate: RATE,
      seconds: SECONDS,
    });
    await latWorker.stop();
    const seedLatProc = startSeed(seedLatencyTopic, `bench_${rfid.id}_seed_lat`, dsn, rfid.config.redisUrl);
    children.push({ stop: () => stopChild(seedLatProc) });
    await sleep(5_000); // joined the group
    const seedLat = await measureRedisLatency(rfid.config, {
      topic: seedLatencyTopic,
      keyPrefix: 'inv:',
      db: SEED_REDIS_DB,
      cellPrefix: 'SLAT-',
      rate: RATE,
      seconds: SECONDS,
    });
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
    rfid_cpu_us_per_event_worker_postgres: cpuText(rfidCpu),
    seed_events_applied: seedSpan.n,
    seed_events_per_s: Math.round(seedRate),
    seed_finished: seedSpan.n >= N ? 'yes' : `no (stopped after ${SEED_SECONDS} s)`,
    seed_cpu_us_per_event_consumer_postgres: cpuText(seedCpu),
    ratio_rfid_over_seed: Number((rfidRate / seedRate).toFixed(1)),
    latency_rate_events_per_s: RATE,
    rfid_latency_seen: `${rfidLat.latencies.length}/${rfidLat.sent}`,
    rfid_latency_ms_p50: Math.round(percentile(rfidLat.latencies, 50)),
    rfid_latency_ms_p99: Math.round(percentile(rfidLat.latencies, 99)),
    seed_latency_seen: `${seedLat.latencies.length}/${seedLat.sent}`,
    seed_latency_ms_p50: Math.round(percentile(seedLat.latencies, 50)),
    seed_latency_ms_p99: Math.round(percentile(seedLat.latencies, 99)),
    ...(connectRun ? connectFigures(connectRun, rfidRate, expectedSumQty) : {}),
  };
  if (values.json) process.stdout.write(JSON.stringify({ machine: machine(), ...result }) + '\n');
  else {
    const m = machine();
    process.stdout.write(
      `\nseed consumer vs rfid ingest${connectRun ? ' vs Kafka Connect + Debezium JDBC sink' : ''} — ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}\n`,
    );
    process.stdout.write(table(Object.entries(result)) + '\n');
    if (connectRun) {
      process.stdout.write(
        '\n' +
          sideBySide([
            ['', 'seed consumer', 'rfid ingest', 'kafka connect'],
            ['events applied', seedSpan.n, rfidSpan.n, connectRun.span.n],
            ['events/s', Math.round(seedRate), Math.round(rfidRate), Math.round(connectRun.span.n / connectRun.span.seconds)],
            ['rfid / peer', result.ratio_rfid_over_seed, 1, Number((rfidRate / (connectRun.span.n / connectRun.span.seconds)).toFixed(1))],
            ['CPU µs/event: consumer', Math.round(seedCpu.processUs), Math.round(rfidCpu.processUs), Math.round(connectRun.cpu.processUs)],
            ['CPU µs/event: Postgres', Math.round(seedCpu.databaseUs), Math.round(rfidCpu.databaseUs), Math.round(connectRun.cpu.databaseUs)],
            ['peak RSS MiB', 'not measured', Math.round(rfidRss), Math.round(connectRun.rssMiB)],
          ]) +
          '\n',
      );
      process.stdout.write('\nwhat the Kafka Connect peer cannot do:\n' + CONNECT_CANNOT.map((line) => `  - ${line}`).join('\n') + '\n');
    }
  }
} finally {
  for (const c of children) await c.stop().catch(() => {});
  await redisAdmin
    .select(SEED_REDIS_DB)
    .then(() => redisAdmin.flushdb())
    .catch(() => {});
  redisAdmin.disconnect();
  await seedPool.end();
  await connectPool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${connectDbName} WITH (FORCE)`).catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS ${seedDbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
  await rfid.cleanup();
  await rfidLatency.cleanup();
}

interface ConnectRun {
  span: { n: number; seconds: number };
  content: { rows: number; distinctIds: number; sumQty: number };
  startMs: number;
  rssMiB: number;
  cpu: CpuPerEvent;
  failure?: string;
}

function connectFigures(run: ConnectRun, rfidRate: number, expectedSumQty: number): Record<string, string | number> {
  const rate = run.span.n / run.span.seconds;
  return {
    connect_config: `Kafka Connect ${rfid.config.stack.kafkaVersion} standalone + Debezium JDBC sink ${DEBEZIUM_VERSION}, upsert on event_id, ${values['connect-tasks']} task(s), batch ${values['connect-batch']}, unnest insert ${values['no-connect-unnest'] ? 'off' : 'on'}`,
    connect_events_applied: run.span.n,
    connect_events_per_s: Math.round(rate),
    connect_finished: run.failure ? `no (${run.failure})` : run.span.n >= N ? 'yes' : `no (stopped after ${CONNECT_SECONDS} s)`,
    connect_rows_vs_distinct_event_ids: `${run.content.rows} / ${run.content.distinctIds}`,
    connect_sum_qty_matches:
      run.span.n >= N ? (run.content.sumQty === expectedSumQty ? 'yes' : `no (${run.content.sumQty} vs ${expectedSumQty})`) : 'n/a (not all applied)',
    connect_start_to_running_ms: Math.round(run.startMs),
    connect_jvm_peak_rss_mib: Math.round(run.rssMiB),
    connect_cpu_us_per_event_jvm_postgres: cpuText(run.cpu),
    ratio_rfid_over_connect: Number((rfidRate / rate).toFixed(1)),
  };
}

/** A small table with a header row, columns padded to their widest cell. */
function sideBySide(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isFinite(v) ? v.toLocaleString('en-US') : '—') : v);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(cell(r[i]!)).length)));
  return rows.map((r) => '  ' + r.map((v, i) => (i === 0 ? String(cell(v)).padEnd(widths[i]!) : String(cell(v)).padStart(widths[i]!))).join('  ')).join('\n');
}

/** `worker + postgres = total` CPU µs per event, e.g. `21 + 35 = 56`. */
function cpuText(cpu: CpuPerEvent): string {
  if (!(cpu.events > 0)) return 'n/a';
  return `${Math.round(cpu.processUs)} + ${Math.round(cpu.databaseUs)} = ${Math.round(cpu.processUs + cpu.databaseUs)}`;
}
