/**
 * CPU time of processes from /proc, for CPU cost per event: a figure that travels between machines
 * better than events/s on a 2-core machine shared with other work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream kernel. */
const CLOCK_TICKS_PER_S = 100;

/** User + system CPU seconds of each pid (0 for one that is gone). */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      /* exited */
    }
  }
  return ticks / CLOCK_TICKS_PER_S;
}

/** Pids of the PostgreSQL backends connected to the pool's database, except the one asking. */
export async function backendPids(pool: pg.Pool): Promise<number[]> {
  const r = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return r.rows.map((row) => row.pid);
}

export interface CpuSample {
  process: number;
  /** CPU seconds per backend pid. */
  backends: ReadonlyMap<number, number>;
}

/**
 * CPU seconds of a consumer process and of each database backend serving it. Backends are looked up
 * at every sample (pools open connections lazily); take both samples while the consumer is still
 * connected, since a backend that closes takes its CPU time with it.
 *
 * @example
 * const before = await sampleCpu(worker.pid, pool);
 * // … the run …
 * const used = cpuBetween(before, await sampleCpu(worker.pid, pool)); // { process: 3.1, database: 5.2 }
 */
export async function sampleCpu(pid: number, pool: pg.Pool): Promise<CpuSample> {
  const backends = new Map<number, number>();
  for (const backend of await backendPids(pool)) backends.set(backend, cpuSeconds([backend]));
  return { process: cpuSeconds([pid]), backends };
}

/** CPU seconds spent between two samples: the process's, and the backends' (one new since `a` counts in full). */
export function cpuBetween(a: CpuSample, b: CpuSample): { process: number; database: number } {
  let database = 0;
  for (const [pid, seconds] of b.backends) database += seconds - (a.backends.get(pid) ?? 0);
  return { process: b.process - a.process, database };
}

export interface CpuPerEvent {
  /** Events applied between the two samples. */
  events: number;
  /** CPU µs per event of the consumer process and of its database backends. */
  processUs: number;
  databaseUs: number;
}

/**
 * Measures a consumer's CPU per event from the first applied event on (so that start-up, a JVM's
 * above all, is left out): call `progress(n)` with the applied count while it runs, and `finish(n)`
 * before stopping it.
 *
 * @example
 * const meter = createCpuMeter(worker.pid, pool);
 * for (let n = await count(); n < N; n = await count()) await meter.progress(n);
 * const cost = await meter.finish(N); // { events: 199_980, processUs: 21.4, databaseUs: 35.0 }
 */
export function createCpuMeter(pid: number, pool: pg.Pool): { progress(n: number): Promise<void>; finish(n: number): Promise<CpuPerEvent> } {
  let first: { n: number; sample: CpuSample } | undefined;
  return {
    async progress(n) {
      if (first === undefined && n > 0) first = { n, sample: await sampleCpu(pid, pool) };
    },
    async finish(n) {
      if (first === undefined) return { events: 0, processUs: NaN, databaseUs: NaN };
      const used = cpuBetween(first.sample, await sampleCpu(pid, pool));
      const events = n - first.n;
      return { events, processUs: (used.process / events) * 1e6, databaseUs: (used.database / events) * 1e6 };
    },
  };
}

/** The Kafka broker's JVM (main class kafka.Kafka) on this machine, if one runs. */
export function kafkaBrokerPid(): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.startsWith('java') || cmdline.includes('/java\0')) {
        if (/\0kafka\.Kafka\0/.test(cmdline)) return Number(name);
      }
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/**
 * CPU of everything an ingest run costs, sampled twice: the worker processes, the Postgres backends
 * of the run's database (other databases on the same server are not counted; the server's WAL
 * writer and checkpointer are not either), and the broker.
 */
export interface RunCpu {
  workers: number;
  postgres: number;
  broker: number;
}

export async function sampleRunCpu(
  workerPids: readonly number[],
  pool: pg.Pool,
): Promise<{ workers: number; backends: ReadonlyMap<number, number>; broker: number }> {
  const backends = new Map<number, number>();
  for (const backend of await backendPids(pool)) backends.set(backend, cpuSeconds([backend]));
  const broker = kafkaBrokerPid();
  return { workers: cpuSeconds(workerPids), backends, broker: broker === undefined ? 0 : cpuSeconds([broker]) };
}

export function runCpuBetween(a: Awaited<ReturnType<typeof sampleRunCpu>>, b: Awaited<ReturnType<typeof sampleRunCpu>>): RunCpu {
  let postgres = 0;
  for (const [pid, seconds] of b.backends) postgres += seconds - (a.backends.get(pid) ?? 0);
  return { workers: b.workers - a.workers, postgres, broker: b.broker - a.broker };
}
