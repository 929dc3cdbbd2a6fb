/**
 * Event-source benchmark (issue 4), one run:
 *   1. `rfid simulate` generator alone (to /dev/null) and into Kafka (acks=all, idempotent): events/s;
 *   2. HTTP ingestion: an `rfid api` process on a free port, POST /v1/events in batches of 500 from
 *      several concurrent connections; events/s acknowledged (Kafka acked before each answer).
 *
 *   bash scripts/bench.sh sources-throughput [--events 1000000] [--http-events 500000] [--batch 500] [--connections 8]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSimulation } from '../src/simulate/run-simulation.ts';
import { benchEnv, machine, percentile, spawnCli, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'http-events': { type: 'string', default: '500000' },
    batch: { type: 'string', default: '500' },
    connections: { type: 'string', default: '8' },
    port: { type: 'string', default: '18480' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const HTTP_N = Number(values['http-events']);
const BATCH = Number(values.batch);
const CONNECTIONS = Number(values.connections);

const b = await benchEnv('sources', { PORT: values.port, RFID_HTTP_MAX_EVENTS: String(Math.max(BATCH, 5000)) });
let api: ReturnType<typeof spawnCli> | undefined;
try {
  const model = { seed: 1, skus: 10_000, locations: 20 };
  const generator = await runSimulation(b.config, { model, count: N, outputFile: '/dev/null' });
  const kafka = await runSimulation(b.config, { model, count: N });

  // Throughput of the ingest path, not of auth: no keys (loopback only) and no rate limit.
  api = spawnCli(['api'], { ...b.env, RFID_AUTH: 'off', HOST: '127.0.0.1', RFID_RATE_LIMIT_PER_MIN: '0' }, 'api');
  const base = `http://127.0.0.1:${values.port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 200) throw new Error('the API did not become ready');
    await sleep(100);
  }
  // Bodies are prepared before the clock starts, so the client's JSON work is not measured.
  const now = new Date().toISOString();
  const bodies: string[] = [];
  for (let i = 0; i < HTTP_N; i += BATCH) {
    const items = [];
    for (let k = i; k < Math.min(HTTP_N, i + BATCH); k++) {
      items.push({
        event_id: crypto.randomUUID(),
        event_ts: now,
        event_type: k % 3 === 0 ? 'OUT' : 'IN',
        sku: `SKU-${k % 10_000}`,
        location: `LOC-${k % 20}`,
        qty: 1 + (k % 7),
        device_id: 'bench',
      });
    }
    bodies.push(JSON.stringify(items));
  }
  let next = 0;
  let acknowledged = 0;
  const requestMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const out = (await res.json()) as { accepted: number };
        if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${JSON.stringify(out).slice(0, 300)}`);
        requestMs.push(performance.now() - t0);
        acknowledged += out.accepted;
      }
    }),
  );
  const httpSeconds = (performance.now() - started) / 1000;
  requestMs.sort((a, b) => a - b);
  const peakRss = api.peakRssMiB();
  await api.stop();

  const result = {
    simulator_generate_only_events_per_s: Math.round(generator.messagesPerSecond),
    simulator_into_kafka_events_per_s: Math.round(kafka.messagesPerSecond),
    simulator_events: N,
    http_events_acknowledged: acknowledged,
    http_events_per_s: Math.round(acknowledged / httpSeconds),
    http_batch_size: BATCH,
    http_connections: CONNECTIONS,
    http_request_ms_p50: Math.round(percentile(requestMs, 50)),
    http_request_ms_p99: Math.round(percentile(requestMs, 99)),
    api_peak_rss_mib: Math.round(peakRss),
  };
  if (values.json) process.stdout.write(JSON.stringify({ machine: machine(), ...result }) + '\n');
  else {
    const m = machine();
    process.stdout.write(`\nevent sources benchmark — ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}\n`);
    process.stdout.write(table(Object.entries(result)) + '\n');
  }
} finally {
  await api?.stop();
  await b.cleanup();
}
