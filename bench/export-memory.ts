/**
 * Export memory benchmark (issue 11): inserts N ledger rows (default 1,000,000) with binary COPY,
 * then starts `rfid api` as a child process, downloads GET /v1/exports/events.csv, and reads the
 * API process's peak RSS (VmHWM); then the same for .xlsx in a fresh API process. Bounded memory
 * means the peak stays near the idle API's RSS whatever N is.
 *
 * The API runs with auth on, as in production; the downloads present a real read key.
 *
 *   bash scripts/bench.sh export-memory [--rows 1000000] [--formats csv,xlsx] [--api-heap-mb 128] [--json]
 *   bash scripts/bench.sh export-xlsx [--rows 1000000]   (the same, .xlsx only)
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CopyBinaryWriter } from '../src/postgres/copy-binary.ts';
import { copyIn } from '../src/postgres/copy-in.ts';
import { createKey } from './lib/api-load.ts';
import { benchEnv, machine, spawnCli, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: 'csv,xlsx' },
    'api-heap-mb': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.rows);
const CHUNK = 50_000;
const TYPES = ['IN', 'OUT', 'ADJUST'] as const;

const env = await benchEnv('export');
const formats = values.formats.split(',').map((f) => f.trim()) as Array<'csv' | 'xlsx'>;
if (!formats.every((f) => f === 'csv' || f === 'xlsx')) throw new Error(`--formats: csv and/or xlsx, got ${values.formats}`);

function vm(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function insertLedger(): Promise<number> {
  const started = performance.now();
  const client = await env.pool.connect();
  try {
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let done = 0; done < N; done += CHUNK) {
      const n = Math.min(CHUNK, N - done);
      const w = new CopyBinaryWriter(n * 150);
      for (let i = done; i < done + n; i++) {
        const type = TYPES[i % 3]!;
        w.row(10);
        w.uuid(randomUUID());
        w.timestampMs(base + i * 1_000);
        w.text(type);
        w.text(`SKU-${i % 5_000}`);
        w.text(`WH1-${String.fromCharCode(65 + (i % 6))}-${String(i % 40).padStart(2, '0')}`);
        w.int4(type === 'ADJUST' ? -(1 + (i % 4)) : 1 + (i % 20));
        w.text(`reader-${i % 37}`);
        w.null();
        w.int4(i % 6);
        w.int8(BigInt(Math.floor(i / 6)));
      }
      await copyIn(
        client,
        'COPY rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, source_partition, source_offset) FROM STDIN (FORMAT binary)',
        w.finish(),
      );
    }
    await client.query('ANALYZE rfid_events');
  } finally {
    client.release();
  }
  return (performance.now() - started) / 1000;
}

interface Download {
  format: string;
  rows: number;
  bytes: number;
  seconds: number;
  idle_rss_mib: number;
  peak_rss_mib: number;
}

async function download(format: 'csv' | 'xlsx', key: string): Promise<Download> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // --api-heap-mb caps the API's old space: an export that completes under a small cap holds
  // bounded live memory (RSS alone also counts garbage V8 has not collected yet).
  const heap = values['api-heap-mb'] ? { NODE_OPTIONS: `${env.env.NODE_OPTIONS ?? ''} --max-old-space-size=${values['api-heap-mb']}`.trim() } : {};
  const api = spawnCli(['api'], { ...env.env, ...heap, PORT: String(port), HOST: '127.0.0.1', RFID_AUTH: 'on', LOG_LEVEL: 'warn' }, `api (${format})`);
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error('the API did not start in 60 s');
      await sleep(200);
    }
    await sleep(500);
    const idle = vm(api.child.pid!, 'VmRSS');
    const started = performance.now();
    const res = await fetch(`${base}/v1/exports/events.${format}`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok || !res.body) throw new Error(`${format}: HTTP ${res.status}`);
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
    }
    const seconds = (performance.now() - started) / 1000;
    return { format, rows: format === 'csv' ? newlines - 1 : N, bytes, seconds, idle_rss_mib: idle, peak_rss_mib: vm(api.child.pid!, 'VmHWM') };
  } finally {
    await api.stop();
  }
}

try {
  const insertSeconds = await insertLedger();
  const key = await createKey(env.pool, 'read');
  const results: Download[] = [];
  for (const format of formats) results.push(await download(format, key));
  if (values.json) {
    console.log(JSON.stringify({ machine: machine(), rows: N, insert_seconds: insertSeconds, results }, null, 2));
  } else {
    console.log(`export-memory: ${N.toLocaleString('en-US')} ledger rows (COPY in ${insertSeconds.toFixed(1)} s)`);
    console.log(table(Object.entries(machine())));
    for (const r of results) {
      console.log(`\n${r.format.toUpperCase()}`);
      console.log(
        table([
          ['rows', r.rows],
          ['MiB downloaded', Math.round(r.bytes / 2 ** 20)],
          ['seconds', r.seconds.toFixed(1)],
          ['rows/s', Math.round(r.rows / r.seconds)],
          ['API RSS idle, MiB', Math.round(r.idle_rss_mib)],
          ['API peak RSS, MiB', Math.round(r.peak_rss_mib)],
        ]),
      );
    }
  }
} finally {
  await env.cleanup();
}
