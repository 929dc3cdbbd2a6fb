/**
 * Scale-out benchmark (issue 9): the same pre-loaded backlog (default 600,000 events, 6
 * partitions) consumed by 1, 2 and 3 `rfid ingest` workers in turn, each run into a fresh
 * database with its own consumer group, in one run on this machine. For each: events/s (from the
 * ledger's commit timestamps), CPU µs per event of the workers, their Postgres backends and the broker
 * (/proc), and how busy Postgres was (its CPU seconds per wall second) — the figure that says
 * when the single Postgres primary, not the workers, is the limit.
 *
 *   bash scripts/bench.sh scale-out [--events 600000] [--workers 1,2,3] [--json]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { WarehouseModel } from '../src/simulate/warehouse-model.ts';
import { progressReporter } from '../src/cli/progress.ts';
import { benchEnv, machine, preload, spawnCli, table, type BenchEnv, type WorkerChild } from './lib/bench-env.ts';
import { runCpuBetween, sampleRunCpu } from './lib/process-cpu.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '600000' },
    workers: { type: 'string', default: '1,2,3' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const COUNTS = values.workers.split(',').map(Number);

interface RunResult {
  workers: number;
  events_per_s: number;
  cpu_us_per_event_workers: number;
  cpu_us_per_event_postgres: number;
  cpu_us_per_event_broker: number;
  postgres_cores_busy: number;
  workers_cores_busy: number;
  peak_rss_mib_per_worker: number;
}

const source = await benchEnv('scale_src');
const envs: BenchEnv[] = [source];
const results: RunResult[] = [];
try {
  const model = new WarehouseModel({ seed: 1, skus: 10_000, locations: 20 });
  const now = Date.now();
  const progress = progressReporter('pre-load', N);
  await preload(
    source.config,
    source.config.topics.events,
    (function* () {
      for (let i = 0; i < N; i++) yield model.next(now);
    })(),
    (n) => progress.update(n),
  );
  progress.finish(N);

  for (const count of COUNTS) {
    // A fresh database and group on the same topic: every run starts from the same backlog.
    const b = await benchEnv(`scale_${count}`, { RFID_TOPIC_EVENTS: source.config.topics.events });
    envs.push(b);
    const cpuStart = await sampleRunCpu([], b.pool);
    const started = performance.now();
    const workers: WorkerChild[] = [];
    for (let i = 0; i < count; i++) workers.push(spawnCli(['ingest'], { ...b.env, RFID_WORKER_ID: `scale-${count}-${i}` }, `ingest worker ${i + 1}/${count}`));
    const runProgress = progressReporter(`${count} worker${count > 1 ? 's' : ''}`, N);
    for (;;) {
      const done = Number(
        (await b.pool.query<{ n: string }>('SELECT coalesce(sum(next_offset), 0) AS n FROM ingest_offsets WHERE topic = $1', [b.config.topics.events])).rows[0]!
          .n,
      );
      runProgress.update(done);
      for (const w of workers) w.peakRssMiB();
      if (done >= N) break;
      if (workers.some((w) => w.child.exitCode !== null || w.child.signalCode !== null)) throw new Error('a worker exited before the backlog was applied');
      await sleep(250);
    }
    runProgress.finish(N);
    const wall = (performance.now() - started) / 1000;
    const cpu = runCpuBetween(
      cpuStart,
      await sampleRunCpu(
        workers.map((w) => w.child.pid!),
        b.pool,
      ),
    );
    const workerCpu = cpu.workers;
    const pgCpu = cpu.postgres;
    const brokerCpu = cpu.broker;
    const span = (await b.pool.query<{ first: Date; last: Date }>('SELECT min(ingested_ts) AS first, max(ingested_ts) AS last FROM rfid_events')).rows[0]!;
    const applySeconds = Math.max(0.001, (span.last.getTime() - span.first.getTime()) / 1000);
    const rss = Math.max(...workers.map((w) => w.peakRssMiB()));
    await Promise.all(workers.map((w) => w.stop()));
    results.push({
      workers: count,
      events_per_s: Math.round(N / applySeconds),
      cpu_us_per_event_workers: Math.round((workerCpu / N) * 1e7) / 10,
      cpu_us_per_event_postgres: Math.round((pgCpu / N) * 1e7) / 10,
      cpu_us_per_event_broker: Math.round((brokerCpu / N) * 1e7) / 10,
      postgres_cores_busy: Math.round((pgCpu / wall) * 100) / 100,
      workers_cores_busy: Math.round((workerCpu / wall) * 100) / 100,
      peak_rss_mib_per_worker: Math.round(rss),
    });
  }
  const m = machine();
  if (values.json) process.stdout.write(JSON.stringify({ machine: m, events: N, partitions: source.config.topics.eventsPartitions, results }) + '\n');
  else {
    process.stdout.write(
      `\nscale-out benchmark — ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}; ${N.toLocaleString('en-US')} events, ${source.config.topics.eventsPartitions} partitions\n`,
    );
    for (const r of results) {
      process.stdout.write(`\n${r.workers} worker(s):\n`);
      process.stdout.write(table(Object.entries(r).filter(([k]) => k !== 'workers') as Array<[string, number]>) + '\n');
    }
    const base = results[0]?.events_per_s ?? 1;
    process.stdout.write(
      `\nspeed-up over ${results[0]?.workers ?? 1} worker: ${results.map((r) => `${r.workers}: ×${(r.events_per_s / base).toFixed(2)}`).join(', ')}\n`,
    );
  }
} finally {
  for (const b of envs.reverse()) await b.cleanup();
}
