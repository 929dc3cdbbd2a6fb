import type { Command } from 'commander';
import { createApiKey } from '../../auth/api-key-secret.ts';
import { API_ROLES, isApiRole } from '../../domain/api-key.ts';
import { RfidError } from '../../errors.ts';
import { insertApiKey } from '../../postgres/api-keys/insert-api-key.ts';
import { listApiKeys } from '../../postgres/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../postgres/api-keys/revoke-api-key.ts';
import type { Pool } from '../../postgres/pool.ts';
import { cliContext, openMigratedPool, say } from '../context.ts';

async function withPool<T>(fn: (pool: Pool) => Promise<T>): Promise<T> {
  const { config } = cliContext('apikey');
  const pool = await openMigratedPool(config, { max: 1, applicationName: 'rfid-apikey' });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

export function registerApiKey(program: Command): void {
  const apikey = program.command('apikey').description('API keys of the HTTP API (stored hashed in Postgres)');
  apikey
    .command('create')
    .description('create a key; prints it once, on its own line on stdout (it cannot be shown again)')
    .requiredOption('--name <name>', 'who or what uses the key, e.g. console, erp-sync')
    .requiredOption('--role <role>', `one of ${API_ROLES.join(', ')}: read = GETs, ingest = also post events and imports, admin = everything`)
    .action(async (options: { name: string; role: string }) => {
      if (!isApiRole(options.role)) throw new RfidError('INVALID_INPUT', `--role ${JSON.stringify(options.role)}: must be one of ${API_ROLES.join(', ')}`);
      if (options.name.trim() === '') throw new RfidError('INVALID_INPUT', '--name must not be empty');
      const role = options.role;
      const { key, prefix, hash } = createApiKey();
      const stored = await withPool((pool) => insertApiKey(pool, { name: options.name.trim(), role, prefix, hash }));
      process.stdout.write(`${key}\n`);
      say(`✔ key ${prefix} (${options.name.trim()}, ${role}) created, id ${stored.id}: store it now, it is not shown again`);
    });
  apikey
    .command('list')
    .description('list keys (never their secrets): id, prefix, name, role, created, last used, revoked')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const keys = await withPool((pool) => listApiKeys(pool));
      if (options.json) {
        for (const k of keys) process.stdout.write(`${JSON.stringify(k)}\n`);
        return;
      }
      const header = ['ID', 'PREFIX', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'];
      const rows = keys.map((k) => [k.id, k.prefix, k.name, k.role, k.created_at, k.last_used_at ?? '-', k.revoked_at ?? '-']);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [header, ...rows])
        process.stdout.write(
          `${r
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        );
    });
  apikey
    .command('revoke')
    .description('revoke a key by id or prefix; the API refuses it within RFID_API_KEY_CACHE_SECONDS')
    .argument('<id-or-prefix>')
    .action(async (idOrPrefix: string) => {
      const revoked = await withPool((pool) => revokeApiKey(pool, idOrPrefix.trim()));
      if (revoked === undefined)
        throw new RfidError('NOT_FOUND', `no API key with id or prefix ${JSON.stringify(idOrPrefix)}`, { hint: '`rfid apikey list` shows them' });
      say(`✔ key ${revoked.prefix} (${revoked.name}) revoked`);
    });
}
