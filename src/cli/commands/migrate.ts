import type { Command } from 'commander';
import { RfidError } from '../../errors.ts';
import { runMigrations } from 'graphile-worker';
import { migrate } from '../../postgres/migrate.ts';
import { syncTimeZone } from '../../postgres/daily/sync-time-zone.ts';
import { createPool, ensureDatabase } from '../../postgres/pool.ts';
import type { Config } from '../../config/config.ts';
import { redactUrl } from '../../config/config.ts';
import { cliContext, say } from '../context.ts';

export async function migrateDatabase(config: Config): Promise<string[]> {
  await ensureDatabase(config.databaseUrl).catch((error: unknown) => {
    throw new RfidError('POSTGRES_UNAVAILABLE', `cannot reach Postgres at ${redactUrl(config.databaseUrl)}`, {
      cause: error,
      hint: 'start it with `rfid stack up`, or set DATABASE_URL',
    });
  });
  const pool = createPool(config.databaseUrl, { max: 1, applicationName: 'rfid-migrate' });
  try {
    const applied = await migrate(pool);
    // The job system's own schema (graphile_worker), versioned by graphile itself.
    await runMigrations({ pgPool: pool }).catch((error: unknown) => {
      throw new RfidError('MIGRATION_FAILED', 'graphile-worker schema migration failed', { cause: error });
    });
    const zone = await syncTimeZone(pool, config.timeZone);
    if (zone.changed) say(`✔ business time zone ${zone.previous} → ${config.timeZone}: snapshotted days will be restated by \`rfid worker\``);
    return applied;
  } finally {
    await pool.end();
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the numbered SQL migrations (idempotent, under an advisory lock)')
    .action(async () => {
      const applied = await migrateDatabase(cliContext('migrate').config);
      say(applied.length > 0 ? `✔ applied ${applied.join(', ')}` : '✔ migrations up to date');
    });
}
