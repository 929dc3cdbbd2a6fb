/**
 * Redis for the local stack: use the server already running when it answers; otherwise start
 * `redis-server` (installing it with apt-get when missing) with a pid file under the state folder,
 * so `stack down` stops only what `stack up` started.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/config.ts';
import { RfidError } from '../errors.ts';
import { redisInfo } from '../redis/client.ts';
import { ensureDebianCommand, isLoopbackHost, livePid, removeFile, run, stopProcess } from './processes.ts';

function redisPaths(config: Config) {
  const home = path.join(config.stack.stateDir, 'redis');
  return { home, pidFile: path.join(home, 'redis.pid'), log: path.join(home, 'redis.log') };
}

export async function redisUp(config: Config, log: (line: string) => void): Promise<{ state: 'running' | 'started'; version: string }> {
  const existing = await redisInfo(config.redisUrl, config.redisTls);
  if (existing) return { state: 'running', version: existing.version };
  const u = new URL(config.redisUrl);
  if (!isLoopbackHost(u.hostname)) {
    throw new RfidError('REDIS_UNAVAILABLE', `Redis at ${u.host} does not answer`, { hint: 'start it, or set REDIS_URL' });
  }
  if (config.redisTls) {
    throw new RfidError('REDIS_UNAVAILABLE', `Redis at ${u.host} does not answer over TLS`, {
      hint: 'stack up starts a plain-text local Redis only: start your TLS Redis (docs/security.md), or use a redis:// URL for the local one',
    });
  }
  if (!(await ensureDebianCommand('redis-server', 'redis-server', log))) {
    throw new RfidError('REDIS_UNAVAILABLE', 'redis-server is not installed and could not be installed', { hint: 'apt-get install -y redis-server' });
  }
  const paths = redisPaths(config);
  mkdirSync(paths.home, { recursive: true });
  const port = u.port || '6379';
  log(`starting redis-server on ${u.hostname}:${port}...`);
  // The cache is rebuilt from Postgres at any time, so nothing is persisted to disk.
  const result = await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    u.hostname === 'localhost' ? '127.0.0.1' : u.hostname,
    '--port',
    port,
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    paths.home,
    '--pidfile',
    paths.pidFile,
    '--logfile',
    paths.log,
  ]);
  if (result.code !== 0) throw new RfidError('REDIS_UNAVAILABLE', 'redis-server did not start', { cause: new Error(result.stderr.trim()) });
  for (let i = 0; i < 50; i++) {
    const info = await redisInfo(config.redisUrl, config.redisTls);
    if (info) return { state: 'started', version: info.version };
    await sleep(100);
  }
  throw new RfidError('REDIS_UNAVAILABLE', `redis-server started but does not answer; see ${paths.log}`);
}

export async function redisDown(config: Config): Promise<number | undefined> {
  const paths = redisPaths(config);
  const pid = livePid(paths.pidFile, 'redis-server');
  if (pid === undefined) return undefined;
  await stopProcess(pid, 10_000);
  removeFile(paths.pidFile);
  return pid;
}

export function redisPid(config: Config): number | undefined {
  return livePid(redisPaths(config).pidFile, 'redis-server');
}
