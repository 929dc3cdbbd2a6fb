/** What every CLI command starts from: validated configuration and a logger. */
import { environmentWithDotEnv, loadConfig, type Config } from '../config/config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { RfidError } from '../errors.ts';
import { pendingMigrations } from '../postgres/migrate.ts';
import { createPool, type Pool } from '../postgres/pool.ts';

export interface CliContext {
  config: Config;
  logger: Logger;
}

export function cliContext(name: string): CliContext {
  const config = loadConfig(environmentWithDotEnv());
  return { config, logger: createLogger(config.logLevel, name, config.logFormat) };
}

/** Progress lines for a person, on stderr. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command can stop cleanly; a second
 * signal exits at once.
 */
export function untilSignal(): { promise: Promise<NodeJS.Signals>; dispose: () => void } {
  let resolveFn: (s: NodeJS.Signals) => void = () => {};
  let seen = false;
  const promise = new Promise<NodeJS.Signals>((resolve) => (resolveFn = resolve));
  const handler = (signal: NodeJS.Signals) => {
    if (seen) process.exit(130);
    seen = true;
    resolveFn(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * The pool of a long-running process, refusing to start against a database that is unreachable
 * or not migrated (a clear message instead of failing on the first query).
 */
export async function openMigratedPool(config: Config, options: { max: number; applicationName: string }): Promise<Pool> {
  const pool = createPool(config.databaseUrl, options);
  const pending = await pendingMigrations(pool).catch(async (error: unknown) => {
    await pool.end().catch(() => {});
    throw new RfidError('POSTGRES_UNAVAILABLE', 'cannot reach Postgres at start', { cause: error, hint: 'check DATABASE_URL; `rfid doctor` tells more' });
  });
  if (pending.length > 0) {
    await pool.end().catch(() => {});
    throw new RfidError('MIGRATION_FAILED', `${pending.length} migration(s) pending: ${pending.join(', ')}`, { hint: 'run `rfid migrate` first' });
  }
  return pool;
}
