/**
 * Load generation for the query API benchmarks: the API (`rfid api`) and a Fastify hello-world
 * each run as their own process, autocannon drives them from the benchmark's process, and the
 * API's own request histogram (`/metrics`) gives the server-side time beside autocannon's
 * client-side latency.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApiKey } from '../../src/auth/api-key-secret.ts';
import type { ApiRole } from '../../src/domain/api-key.ts';
import type { Env } from '../../src/config/config.ts';
import { insertApiKey } from '../../src/postgres/api-keys/insert-api-key.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import { spawnCli, type WorkerChild } from './bench-env.ts';

export const randomPort = (): number => 20_000 + Math.floor(Math.random() * 20_000);

export async function waitForHealth(base: string, exited: () => boolean = () => false): Promise<void> {
  for (let i = 0; ; i++) {
    if (exited()) throw new Error(`the server for ${base} exited before answering /health (its stderr is above)`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i > 300) throw new Error(`${base} did not answer /health in 60 s`);
    await sleep(200);
  }
}

/** A real key stored in the run's database, as `rfid apikey create` stores it. */
export async function createKey(pool: Pool, role: ApiRole): Promise<string> {
  const { key, prefix, hash } = createApiKey();
  await insertApiKey(pool, { name: `bench-${role}`, role, prefix, hash });
  return key;
}

export interface ApiProcess extends WorkerChild {
  base: string;
}

/**
 * `rfid api` with auth on. The per-key rate limit stays on (its plugin runs on every request, as
 * in production) with a ceiling the load cannot reach, so no request is refused.
 */
export async function startApi(env: Env, extra: Env = {}): Promise<ApiProcess> {
  const port = randomPort();
  const api = spawnCli(
    ['api'],
    { ...env, PORT: String(port), HOST: '127.0.0.1', RFID_AUTH: 'on', RFID_RATE_LIMIT_PER_MIN: '10000000', LOG_LEVEL: 'warn', ...extra },
    'api',
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, () => api.child.exitCode !== null);
  return { ...api, base };
}

/** The hello-world peer: the same Fastify, its own process, one JSON route. */
export async function startHello(): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const port = randomPort();
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hello-server.ts');
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  return {
    base,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon against `base` for `seconds` with `connections` keep-alive connections; `nextPath`
 * gives each request its path (random cells, instants, cursors).
 */
export async function load(
  base: string,
  nextPath: () => string,
  o: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const r = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    headers: o.headers ?? {},
    requests: [{ setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  return {
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** Cumulative bucket counts of the API's request histogram for one route pattern (200s only). */
export type Buckets = Map<number, number>;

export async function readHistogram(base: string, key: string, route: string): Promise<Buckets> {
  const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('rfid_http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`route="${route}"`) || !line.includes('method="GET"') || !line.includes('status="200"')) continue;
    const le = /le="([^"]+)"/.exec(line)![1]!;
    buckets.set(le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/**
 * The server-side quantile between two histogram readings: the upper bound of the bucket the
 * q-th request fell in (ms), and the share of requests at or under `targetMs` when that is a
 * bucket bound.
 */
export function serverQuantile(before: Buckets, after: Buckets, q: number, targetMs?: number): { boundMs: number; count: number; shareWithinTarget?: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const count = delta(Infinity);
  let boundMs = Infinity;
  for (const le of bounds) {
    if (delta(le) >= q * count) {
      boundMs = le * 1000;
      break;
    }
  }
  const target = targetMs === undefined ? undefined : bounds.find((le) => Math.abs(le * 1000 - targetMs) < 1e-9);
  return { boundMs, count, ...(target !== undefined && count > 0 ? { shareWithinTarget: delta(target) / count } : {}) };
}

// The benchmarks' seeded generator is the simulator's: every run asks for the same cells and instants.
export { seededRandom } from '../../src/simulate/seeded-random.ts';
