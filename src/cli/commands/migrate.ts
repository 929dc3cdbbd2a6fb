import type { Command } from 'commander';
import { RfidError } from '../../errors.ts';
import { migrate } from '../../postgres/migrate.ts';
import { createPool, ensureDatabase } from '../../postgres/pool.ts';
import type { Config } from '../../config/config.ts';
import { redactUrl } from '../../config/config.ts';
import { cliContext, say } from '../context.ts';

export async function migrateDatabase(config: Config): Promise<string[]> {
  await ensureDatabase(config.databaseUrl).catch((error: unknown) => {
    throw new RfidError('POSTGRES_UNAVAILABLE', `cannot reach Postgres at ${redactUrl(config.databaseUrl)}`, { cause: error, hint: 'start it with `rfid stack up`, or set DATABASE_URL' });
  });
  const pool = createPool(config.databaseUrl, { max: 1, applicationName: 'rfid-migrate' });
  try {
    return await migrate(pool);
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
