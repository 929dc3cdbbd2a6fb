/**
 * Private instances of the three servers for fault injection: a KRaft broker, a Postgres cluster
 * and a Redis server on their own ports and folders, so restarting or flushing them cannot
 * disturb anything else using the machine's shared services (other test files run in parallel).
 * Real servers, started the way `rfid stack up` starts them.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig, type Config, type Env } from '../../src/config/config.ts';
import { brokerDown, brokerUp } from '../../src/stack/kafka-broker.ts';
import { redisDown, redisUp } from '../../src/stack/redis-service.ts';

export interface PrivateServices {
  env: Env;
  config: Config;
  restartBroker(): Promise<void>;
  restartPostgres(mode?: 'fast' | 'immediate'): Promise<void>;
  restartRedis(): Promise<void>;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** Runs a Postgres tool as the `postgres` user when we are root (the server refuses to run as root). */
function asPostgres(tool: string, args: string[]): void {
  const bin = path.join(postgresBin(), tool);
  if (userInfo().uid === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startPrivateServices(options: { kafkaPort: number; postgresPort: number; redisPort: number; overrides?: Env }): Promise<PrivateServices> {
  const root = mkdtempSync(path.join(tmpdir(), 'rfid-private-'));
  const pgData = path.join(root, 'pgdata');
  const pgSocket = path.join(root, 'pgsocket');
  execFileSync('mkdir', ['-p', pgData, pgSocket]);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const d of [root, pgData, pgSocket]) chownSync(d, uid, gid);
  }
  asPostgres('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  writeFileSync(
    path.join(pgData, 'postgresql.auto.conf'),
    `port = ${options.postgresPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${pgSocket}'\nfsync = off\nshared_buffers = 128MB\n`,
  );
  const pgCtl = (args: string[]) => asPostgres('pg_ctl', ['-D', pgData, '-l', path.join(root, 'postgres.log'), '-w', '-t', '60', ...args]);
  pgCtl(['start']);

  const env: Env = {
    ...process.env,
    KAFKA_BROKERS: `127.0.0.1:${options.kafkaPort}`,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${options.postgresPort}/rfid`,
    REDIS_URL: `redis://127.0.0.1:${options.redisPort}`,
    RFID_STATE_DIR: path.join(root, 'state'),
    RFID_KAFKA_HEAP_MB: '384',
    LOG_LEVEL: 'warn',
    ...options.overrides,
  };
  const config = loadConfig(env);
  const quiet = () => {};
  const stop = async () => {
    await brokerDown(config).catch(() => {});
    await redisDown(config).catch(() => {});
    try {
      pgCtl(['stop', '-m', 'immediate']);
    } catch {
      /* already stopped */
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await brokerUp(config, quiet);
    await redisUp(config, quiet);
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${options.postgresPort}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE rfid');
    await admin.end();
  } catch (error) {
    // Whatever did start must not outlive a failed start (it would hold the ports of the next run).
    await stop();
    throw error;
  }

  return {
    env,
    config,
    async restartBroker() {
      await brokerDown(config);
      await brokerUp(config, quiet);
    },
    async restartPostgres(mode = 'immediate') {
      pgCtl(['restart', '-m', mode]);
    },
    async restartRedis() {
      await redisDown(config);
      await sleep(500);
      await redisUp(config, quiet);
    },
    stop,
  };
}
