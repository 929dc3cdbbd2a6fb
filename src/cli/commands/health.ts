import { readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig, environmentWithDotEnv, type Config } from '../../config/config.ts';
import { createPool } from '../../postgres/pool.ts';
import { HEALTH_ROLES, isHealthRole, roleOfCommandLine } from '../health-role.ts';

const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * `rfid health`: the container's health check, one command for every role (the image's
 * HEALTHCHECK and the chart's exec probes). The role is the running `rfid <role>` process found
 * in /proc (the container's main process), or --role; a one-shot command (migrate, simulate) is
 * healthy while it runs.
 */
export function registerHealth(program: Command): void {
  program
    .command('health')
    .description(
      "check the health of this container's rfid process: api → GET /health (or /health/ready), ingest → its metrics port's /health, worker → Postgres answers; exit 0 when healthy",
    )
    .option('--role <role>', `${HEALTH_ROLES.join(' | ')} (default: the rfid process running in this container)`)
    .option('--ready', 'api: ask /health/ready (Kafka, Postgres, Redis) instead of /health')
    .option('--timeout-ms <ms>', 'give up after this long', String(DEFAULT_TIMEOUT_MS))
    .action(async (options: { role?: string; ready?: boolean; timeoutMs: string }) => {
      if (options.role !== undefined && !isHealthRole(options.role)) {
        process.stdout.write(`✘ unknown role ${JSON.stringify(options.role)}: ${HEALTH_ROLES.join(', ')}\n`);
        process.exitCode = 1;
        return;
      }
      const role = options.role ?? findRunningRole();
      const timeoutMs = Number(options.timeoutMs) > 0 ? Number(options.timeoutMs) : DEFAULT_TIMEOUT_MS;
      const config = loadConfig(environmentWithDotEnv());
      const result = await checkRole(role, config, options.ready === true, timeoutMs).catch((error: unknown) => ({
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      }));
      process.stdout.write(`${result.ok ? '✔' : '✘'} ${role ?? 'no rfid role'}: ${result.detail}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
}

async function checkRole(role: string | undefined, config: Config, ready: boolean, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  if (role === undefined) return { ok: false, detail: 'no running rfid command found; say --role' };
  if (!isHealthRole(role)) return { ok: true, detail: 'a one-shot command, healthy while it runs' };
  switch (role) {
    case 'api':
      return getHealth(`http://${localHost(config.http.host)}:${config.http.port}${ready ? '/health/ready' : '/health'}`, timeoutMs);
    case 'ingest':
      if (config.ingest.metricsPort === 0) return { ok: true, detail: 'running (RFID_METRICS_PORT=0: no /health to ask)' };
      return getHealth(`http://${localHost(config.http.host)}:${config.ingest.metricsPort}/health`, timeoutMs);
    case 'worker':
      return pingPostgres(config.databaseUrl, timeoutMs);
  }
}

/** A server bound to every address answers on loopback; one bound to a named host only there. */
function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function getHealth(url: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return { ok: response.ok, detail: `GET ${url} → ${response.status}` };
}

// The job worker serves no port; what it cannot work without is Postgres (its queue and data).
async function pingPostgres(databaseUrl: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const pool = createPool(databaseUrl, { max: 1, applicationName: 'rfid-health' });
  try {
    await Promise.race([
      pool.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`Postgres did not answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, detail: 'Postgres answers' };
  } finally {
    void pool.end().catch(() => {});
  }
}

/** The command of the first `rfid` process in /proc other than this one (a container runs one). */
function findRunningRole(): string | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return undefined;
  }
  for (const pid of pids.sort((a, b) => Number(a) - Number(b))) {
    try {
      const role = roleOfCommandLine(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      if (role !== undefined) return role;
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return undefined;
}
