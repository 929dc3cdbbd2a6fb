/**
 * Per-test-file isolation on the shared real services: a fresh database, topics with a unique
 * prefix and a unique Redis key prefix. `cleanup()` removes all three.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT, type Config, type Env } from '../../src/config/config.ts';
import { dropDatabase } from '../../src/postgres/pool.ts';
import { removeScratch } from './scratch.ts';

export interface TestEnv {
  id: string;
  env: Env;
  config: Config;
  cleanup: () => Promise<void>;
}

const BASE_DB = process.env.RFID_TEST_DATABASE_BASE ?? 'postgres://postgres@127.0.0.1:5432';

export function makeTestEnv(name: string, overrides: Env = {}): TestEnv {
  const id = `${name
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const env: Env = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DATABASE_URL: `${BASE_DB}/rfid_t_${id}`,
    RFID_TOPIC_EVENTS: `t_${id}_rfid_events`,
    RFID_TOPIC_DLQ: `t_${id}_rfid_events_dlq`,
    RFID_TOPIC_CHANGES: `t_${id}_inventory_changes`,
    RFID_GROUP_ID: `t_${id}_group`,
    RFID_REDIS_PREFIX: `t_${id}:`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...overrides,
  };
  const config = loadConfig(env);
  return {
    id,
    env,
    config,
    cleanup: async () => {
      await dropDatabase(config.databaseUrl).catch(() => {});
      await removeScratch(config, `t_${id}_`, `t_${id}:*`);
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rfid …` as a child process with the given environment (the real CLI, as a user runs it). */
export function runCli(args: string[], env: Env, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), ...args], {
      env: { ...process.env, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rfid ${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
