/**
 * Keeping Redis equal to `inventory_current`: full rebuild, and verify (with an optional fix).
 * Postgres is the truth; every write is version-guarded.
 */
import { RfidError } from '../errors.ts';
import { inventoryPages } from '../postgres/inventory-pages.ts';
import type { Pool } from '../postgres/pool.ts';
import type { CacheCell, InventoryCache } from '../redis/inventory-cache.ts';

export interface RebuildReport {
  cells: number;
  written: number;
  cleared: number;
  ms: number;
}

/**
 * Writes every cell of inventory_current to Redis (guarded: a newer cached value stays), then
 * marks the cache complete. `force` first deletes every inventory key under the prefix.
 */
export async function rebuildCache(
  pool: Pool,
  cache: InventoryCache,
  options: { force?: boolean; onProgress?: (cells: number) => void } = {},
): Promise<RebuildReport> {
  const started = Date.now();
  const cleared = options.force ? await cache.clear() : 0;
  // After clear(): it removes invmeta:* keys, the rebuild token among them.
  const token = await cache.beginRebuild();
  let cells = 0;
  let written = 0;
  for await (const page of inventoryPages(pool)) {
    written += await cache.write(page);
    cells += page.length;
    options.onProgress?.(cells);
  }
  if (!(await cache.finishRebuild(token))) {
    throw new RfidError('REDIS_UNAVAILABLE', 'Redis was emptied (FLUSHALL or restart) during the cache rebuild; it must run again');
  }
  return { cells, written, cleared, ms: Date.now() - started };
}

export interface Mismatch {
  sku: string;
  location: string;
  postgres: { qty: number; version: number } | null;
  redis: { qty: number | null; version: number | null };
  kind: 'missing' | 'different' | 'extra';
}

export interface VerifyReport {
  cells: number;
  mismatches: Mismatch[];
  fixed: number;
}

/**
 * Compares every cell. A cell whose cached version is newer than the Postgres row just read is
 * being updated right now, not wrong, and is not reported.
 */
export async function verifyCache(pool: Pool, cache: InventoryCache, options: { fix?: boolean; limit?: number } = {}): Promise<VerifyReport> {
  const report: VerifyReport = { cells: 0, mismatches: [], fixed: 0 };
  const known = new Set<string>();
  for await (const page of inventoryPages(pool)) {
    const cached = await cache.readMany(page);
    const toFix: CacheCell[] = [];
    page.forEach((cell, i) => {
      known.add(`${cell.sku}\u0000${cell.location}`);
      const c = cached[i]!;
      if (c.version !== null && c.version > cell.version) return;
      if (c.qty === cell.qty_on_hand && c.version === cell.version) return;
      report.mismatches.push({
        sku: cell.sku,
        location: cell.location,
        postgres: { qty: cell.qty_on_hand, version: cell.version },
        redis: c,
        kind: c.qty === null ? 'missing' : 'different',
      });
      toFix.push(cell);
    });
    report.cells += page.length;
    if (options.fix && toFix.length > 0) report.fixed += await cache.write(toFix, { allowEqual: true });
  }
  for await (const cell of cache.scanCells()) {
    if (known.has(`${cell.sku}\u0000${cell.location}`)) continue;
    const c = await cache.read(cell.sku, cell.location);
    if (c === undefined) continue;
    report.mismatches.push({ ...cell, postgres: null, redis: { qty: c.qty, version: c.version }, kind: 'extra' });
    if (options.fix) {
      await cache.redis.unlink(cache.qtyKey(cell.sku, cell.location), cache.versionKey(cell.sku, cell.location));
      report.fixed++;
    }
  }
  return report;
}
