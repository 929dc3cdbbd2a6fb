import type { Command } from 'commander';
import { rebuildCache, verifyCache } from '../../cache/cache-sync.ts';
import { createPool } from '../../postgres/pool.ts';
import { createRedis } from '../../redis/client.ts';
import { InventoryCache } from '../../redis/inventory-cache.ts';
import { cliContext, say } from '../context.ts';

async function withCache<T>(fn: (deps: { pool: ReturnType<typeof createPool>; cache: InventoryCache }) => Promise<T>): Promise<T> {
  const { config } = cliContext('cache');
  const pool = createPool(config.databaseUrl, { max: 2, applicationName: 'rfid-cache' });
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 3, tls: config.redisTls });
  try {
    return await fn({ pool, cache: new InventoryCache(redis, config.redisPrefix) });
  } finally {
    redis.disconnect();
    await pool.end();
  }
}

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('the Redis copy of inventory_current');
  cache
    .command('rebuild')
    .description('write every cell of inventory_current to Redis (version-guarded)')
    .option('--force', 'first delete every inventory key under the prefix')
    .action(async (options: { force?: boolean }) => {
      const report = await withCache(({ pool, cache }) =>
        rebuildCache(pool, cache, { force: options.force === true, onProgress: (n) => process.stderr.write(`\r${n} cells…`) }),
      );
      process.stderr.write('\n');
      say(`✔ ${report.cells} cells, ${report.written} written${report.cleared ? `, ${report.cleared} keys cleared first` : ''}, in ${report.ms} ms`);
    });
  cache
    .command('verify')
    .description('list every cell where Redis and Postgres differ; exit 1 when any does')
    .option('--fix', 'write the Postgres value over each mismatch')
    .option('--json', 'print the mismatches as JSON lines')
    .action(async (options: { fix?: boolean; json?: boolean }) => {
      const report = await withCache(({ pool, cache }) => verifyCache(pool, cache, { fix: options.fix === true }));
      for (const m of report.mismatches) {
        process.stdout.write(
          options.json
            ? `${JSON.stringify(m)}\n`
            : `${m.kind.padEnd(9)} ${m.sku} @ ${m.location}: postgres=${m.postgres ? `${m.postgres.qty} (v${m.postgres.version})` : '-'} redis=${m.redis.qty ?? '-'} (v${m.redis.version ?? '-'})\n`,
        );
      }
      say(
        `${report.mismatches.length === 0 ? '✔' : '✘'} ${report.cells} cells checked, ${report.mismatches.length} mismatches${options.fix ? `, ${report.fixed} fixed` : ''}`,
      );
      if (report.mismatches.length > 0 && !options.fix) process.exitCode = 1;
    });
}
