/**
 * Ingest benchmark (issue 3): pre-load N events (default 1,000,000 over 10,000 SKUs × 20
 * locations) into a fresh events topic, start one `rfid ingest` worker process, and measure
 *   1. throughput: events/s from the first to the last applied event (ledger + stock + Redis +
 *      offsets), taken from the ledger's own commit timestamps; per-batch cycle p50/p99;
 *   2. produce → visible-in-Redis latency at a fixed rate (default 10,000 events/s for 20 s), each
 *      event on a fresh cell, seen through Redis keyspace notifications the moment it is written;
 *   3. the worker's peak RSS (VmHWM);
 *   4. CPU seconds per event of the worker, its Postgres backends and the broker over the
 *      throughput phase, from /proc;
 *   5. the ceiling: the same rows written with binary COPY into a copy of the ledger table with
 *      the same indexes, in batches of the same size (bench/lib/copy-ceiling.ts), and the ratio
 *      throughput / ceiling.
 *
 *   bash scripts/bench.sh ingest-throughput [--events 1000000] [--rate 10000] [--seconds 20]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureRedisLatency, withKeyspaceNotifications } from './lib/redis-latency.ts';
import { WarehouseModel } from '../src/simulate/warehouse-model.ts';
import { progressReporter } from '../src/cli/progress.ts';
import { benchEnv, machine, percentile, preload, spawnCli, table } from './lib/bench-env.ts';
import { copyCeiling } from './lib/copy-ceiling.ts';
import { runCpuBetween, sampleRunCpu } from './lib/process-cpu.ts';
import { decodeEvent } from '../src/domain/rfid-event.ts';
import type { PlacedEvent } from '../src/domain/ingest-batch.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    skus: { type: 'string', default: '10000' },
    locations: { type: 'string', default: '20' },
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    'worker-heap-mb': { type: 'string' },
  },
});
const N = Number(values.events);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

const METRICS_PORT = 19_464;
const b = await benchEnv('ingest', {
  RFID_WORKER_ID: 'bench',
  RFID_METRICS_PORT: String(METRICS_PORT),
  ...(values['worker-heap-mb'] ? { RFID_INGEST_HEAP_MB: values['worker-heap-mb'] } : {}),
});
let worker: ReturnType<typeof spawnCli> | undefined;
try {
  // ── 1. throughput over a pre-loaded backlog
  const model = new WarehouseModel({ seed: 1, skus: Number(values.skus), locations: Number(values.locations) });
  const now = Date.now();
  const progress = progressReporter('pre-load', N);
  const loadStart = Date.now();
  await preload(
    b.config,
    b.config.topics.events,
    (function* () {
      for (let i = 0; i < N; i++) yield model.next(now);
    })(),
    (n) => progress.update(n),
  );
  progress.finish(N);
  const preloadSeconds = (Date.now() - loadStart) / 1000;

  const started = Date.now();
  worker = spawnCli(['ingest'], b.env, 'ingest worker');
  // CPU is counted from the first applied batch on, so the worker's start (module loading, group
  // join) is left out; CPU per event divides by the events applied after that sample.
  let cpuStart: { sample: Awaited<ReturnType<typeof sampleRunCpu>>; done: number } | undefined;
  const applied = async () =>
    Number(
      (await b.pool.query<{ n: string }>('SELECT coalesce(sum(next_offset), 0) AS n FROM ingest_offsets WHERE topic = $1', [b.config.topics.events])).rows[0]!
        .n,
    );
  const ingestProgress = progressReporter('ingest', N);
  for (let done = 0; done < N; done = await applied()) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null)
      throw new Error(`the worker exited (${worker.child.exitCode ?? worker.child.signalCode}) before catching up`);
    ingestProgress.update(done);
    if (cpuStart === undefined && done > 0) cpuStart = { sample: await sampleRunCpu([worker.child.pid!], b.pool), done };
    worker.peakRssMiB(); // samples the peak while the process is alive
    await sleep(250);
  }
  ingestProgress.finish(N);
  const wallSeconds = (Date.now() - started) / 1000;
  if (cpuStart === undefined) throw new Error('no progress was ever seen');
  const cpuRun = runCpuBetween(cpuStart.sample, await sampleRunCpu([worker.child.pid!], b.pool));
  const cpuEvents = N - cpuStart.done;
  const cpu = { worker: cpuRun.workers, postgres: cpuRun.postgres, broker: cpuRun.broker };
  // Where the time went during the backlog only (the latency phase below adds small batches).
  const phases = await phaseBreakdown(METRICS_PORT);
  // Each batch commits its rows with one transaction timestamp: the ledger is its own timeline.
  const commits = (await b.pool.query<{ t: Date; n: number }>('SELECT ingested_ts AS t, count(*)::int AS n FROM rfid_events GROUP BY 1 ORDER BY 1')).rows;
  const cycles = commits
    .slice(1)
    .map((c, i) => c.t.getTime() - commits[i]!.t.getTime())
    .sort((a, b) => a - b);
  const sizes = commits.map((c) => c.n).sort((a, b) => a - b);
  const applySeconds = Math.max(0.001, (commits.at(-1)!.t.getTime() - commits[0]!.t.getTime()) / 1000);
  const ledgerRows = sizes.reduce((a, b) => a + b, 0);

  // ── 1b. the ceiling: the same rows, binary COPY into a copy of the ledger, same batch size
  const regenerated = new WarehouseModel({ seed: 1, skus: Number(values.skus), locations: Number(values.locations) });
  const ceiling = await copyCeiling(
    b.pool,
    (function* () {
      for (let i = 0; i < N; i++) {
        const decoded = decodeEvent(regenerated.next(now).value, now + 1_000, b.config.ingest.validation);
        if (decoded.ok)
          yield { event: decoded.event, partition: i % b.config.topics.eventsPartitions, offset: BigInt(i), recordTimestampMs: now } satisfies PlacedEvent;
      }
    })(),
    b.config.ingest.batchMaxMessages,
  );

  // ── 2. produce → visible in Redis at a fixed rate, one fresh cell per event
  const latency = await withKeyspaceNotifications(b.config.redisUrl, () =>
    measureRedisLatency(b.config, {
      topic: b.config.topics.events,
      keyPrefix: `${b.config.redisPrefix}inv:`,
      db: 0,
      cellPrefix: 'LAT-',
      rate: RATE,
      seconds: SECONDS,
    }),
  );
  const latencies = latency.latencies;
  const peakRss = worker.peakRssMiB();
  await worker.stop();

  const result = {
    machine: machine(),
    events: N,
    skus: Number(values.skus),
    locations: Number(values.locations),
    preload_events_per_s: Math.round(N / preloadSeconds),
    ledger_rows: ledgerRows,
    throughput_events_per_s: Math.round(N / applySeconds),
    ceiling_copy_events_per_s: Math.round(ceiling.eventsPerSecond),
    throughput_to_ceiling_pct: Math.round((100 * N) / applySeconds / ceiling.eventsPerSecond),
    cpu_us_per_event_worker: Math.round((cpu.worker / cpuEvents) * 1e6 * 10) / 10,
    cpu_us_per_event_postgres: Math.round((cpu.postgres / cpuEvents) * 1e6 * 10) / 10,
    cpu_us_per_event_broker: Math.round((cpu.broker / cpuEvents) * 1e6 * 10) / 10,
    cpu_us_per_event_total: Math.round(((cpu.worker + cpu.postgres + cpu.broker) / cpuEvents) * 1e6 * 10) / 10,
    ceiling_cpu_us_per_event_postgres: Math.round((ceiling.postgresCpuSeconds / ceiling.events) * 1e6 * 10) / 10,
    wall_events_per_s_including_start: Math.round(N / wallSeconds),
    batches: commits.length,
    batch_size_p50: percentile(sizes, 50),
    batch_cycle_ms_p50: percentile(cycles, 50),
    batch_cycle_ms_p99: percentile(cycles, 99),
    latency_rate_target: RATE,
    latency_rate_achieved: Math.round(latency.achievedRate),
    latency_events_seen: latencies.length,
    latency_ms_p50: Math.round(percentile(latencies, 50)),
    latency_ms_p99: Math.round(percentile(latencies, 99)),
    latency_ms_max: Math.round(latencies.at(-1) ?? NaN),
    worker_peak_rss_mib: Math.round(peakRss),
  };
  if (values.json) process.stdout.write(JSON.stringify({ ...result, phases }) + '\n');
  else {
    process.stdout.write(
      `\ningest benchmark — ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memory_gib} GiB, Node ${result.machine.node}\n`,
    );
    process.stdout.write(table(Object.entries(result).filter(([k]) => k !== 'machine') as Array<[string, number]>) + '\n');
    process.stdout.write('where the time goes on the backlog (mean ms per batch, from rfid_ingest_phase_seconds):\n');
    process.stdout.write(table(Object.entries(phases).map(([k, v]) => [k, v.toFixed(1)])) + '\n');
  }
  if (ledgerRows !== N) throw new Error(`ledger has ${ledgerRows} rows, expected ${N}`);
} finally {
  await worker?.stop();
  await b.cleanup();
}

/** Mean milliseconds per batch for each phase, from the worker's /metrics histogram sums. */
async function phaseBreakdown(port: number): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^rfid_ingest_phase_seconds_(sum|count)\{phase="([a-z_]+)"\} ([0-9.e+-]+)$/gm)) {
    (m[1] === 'sum' ? sums : counts).set(m[2]!, Number(m[3]));
  }
  return Object.fromEntries([...sums].map(([phase, sum]) => [phase, (sum * 1000) / Math.max(1, counts.get(phase) ?? 1)]));
}
