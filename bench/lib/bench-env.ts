/**
 * Shared pieces of the benchmarks: an isolated environment on the running stack (own database,
 * topics and Redis prefix, removed afterwards), the machine description printed with every
 * result, percentiles, and a worker child process whose peak RSS is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Producer } from '@platformatic/kafka';
import { removeScratch } from '../../test/support/scratch.ts';
import { loadConfig, PROJECT_ROOT, type Config, type Env } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { ensureTopics } from '../../src/kafka/topics.ts';
import { migrate } from '../../src/postgres/migrate.ts';
import { createPool, dropDatabase, ensureDatabase, type Pool } from '../../src/postgres/pool.ts';

export interface BenchEnv {
  id: string;
  env: Env;
  config: Config;
  pool: Pool;
  cleanup(): Promise<void>;
}

export async function benchEnv(name: string, overrides: Env = {}): Promise<BenchEnv> {
  const id = `${name}_${randomBytes(3).toString('hex')}`;
  const base = loadConfig(process.env);
  const db = new URL(base.databaseUrl);
  db.pathname = `/rfid_bench_${id}`;
  const env: Env = {
    ...process.env,
    DATABASE_URL: db.toString(),
    RFID_TOPIC_EVENTS: `bench_${id}_rfid_events`,
    RFID_TOPIC_DLQ: `bench_${id}_rfid_events_dlq`,
    RFID_TOPIC_CHANGES: `bench_${id}_inventory_changes`,
    RFID_GROUP_ID: `bench_${id}`,
    RFID_REDIS_PREFIX: `bench_${id}:`,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  const config = loadConfig(env);
  await ensureDatabase(config.databaseUrl);
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  await ensureTopics(config);
  return {
    id,
    env,
    config,
    pool,
    async cleanup() {
      await pool.end().catch(() => {});
      await dropDatabase(config.databaseUrl).catch(() => {});
      await removeScratch(config, `bench_${id}_`, `bench_${id}:*`);
    },
  };
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Produces (key, value) pairs as fast as the broker takes them, several sends in flight. */
export async function preload(
  config: Config,
  topic: string,
  messages: Iterable<{ key: string; value: string }>,
  onProgress?: (n: number) => void,
): Promise<number> {
  const producer = new Producer({ ...kafkaClientOptions(config.kafka, 'bench-preload'), acks: -1, idempotent: true });
  const inFlight = new Set<Promise<unknown>>();
  let n = 0;
  let batch: Array<{ topic: string; key: Buffer; value: Buffer }> = [];
  const flush = async () => {
    const p = producer.send({ messages: batch });
    batch = [];
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  };
  try {
    for (const m of messages) {
      batch.push({ topic, key: Buffer.from(m.key), value: Buffer.from(m.value) });
      if (++n % 5000 === 0) {
        await flush();
        onProgress?.(n);
      }
    }
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
  } finally {
    await producer.close();
  }
  return n;
}

export interface WorkerChild {
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

export function spawnCli(args: string[], env: Env, name: string, logFile?: string): WorkerChild {
  // Through bin/rfid, exactly as a user runs it (it also applies the ingest worker's heap cap);
  // it execs node, so the pid is the worker's own.
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'rfid'), args, {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  if (logFile) child.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`${name} exited with ${code}:\n${stderr}\n`);
  });
  let peak = 0;
  return {
    child,
    peakRssMiB() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        /* exited */
      }
      return peak;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export function table(rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`).join('\n');
}
