/**
 * CPU time of processes from /proc (Linux), for "CPU µs per event" figures. A process's time is
 * utime + stime of all its threads; for Postgres, backends come and go, so a snapshot counts the
 * postmaster with its reaped children (cutime + cstime) plus every live child — the difference of
 * two snapshots is then the CPU the whole server used in between, whichever backends did it.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, ticks */
  self: number;
  /** cutime + cstime, ticks (reaped children) */
  children: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // fields after comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { pid, comm, ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** CPU seconds used so far by one process (all threads). */
export function processCpuSeconds(pid: number): number {
  return (readStat(pid)?.self ?? 0) / TICKS_PER_SECOND;
}

/** CPU seconds used so far by every Postgres server on this machine (postmasters, their reaped and live children). */
export function postgresCpuSeconds(): number {
  const stats = allStats();
  const postmasters = stats.filter((s) => s.comm === 'postgres' && !stats.some((p) => p.pid === s.ppid && p.comm === 'postgres'));
  let ticks = 0;
  for (const pm of postmasters) {
    ticks += pm.self + pm.children;
    for (const c of stats) if (c.ppid === pm.pid) ticks += c.self;
  }
  return ticks / TICKS_PER_SECOND;
}

/** The Kafka broker's JVM (main class kafka.Kafka), if one runs here. */
export function kafkaBrokerPid(): number | undefined {
  return allStats().find((s) => s.comm === 'java' && /\bkafka\.Kafka\b/.test(cmdline(s.pid)))?.pid;
}

export interface CpuSnapshot {
  worker: number;
  postgres: number;
  broker: number;
}

/** Snapshot of the three parties of an ingest run; subtract two for the run's CPU seconds. */
export function cpuSnapshot(workerPid: number | undefined): CpuSnapshot {
  const broker = kafkaBrokerPid();
  return {
    worker: workerPid === undefined ? 0 : processCpuSeconds(workerPid),
    postgres: postgresCpuSeconds(),
    broker: broker === undefined ? 0 : processCpuSeconds(broker),
  };
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return { worker: after.worker - before.worker, postgres: after.postgres - before.postgres, broker: after.broker - before.broker };
}
