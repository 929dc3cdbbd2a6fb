/** Waiting for ingest to catch up, and comparing Postgres and Redis with an oracle. */
import { Admin } from '@platformatic/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import { readOffsets } from '../../src/postgres/ingest/advance-offsets.ts';
import type { InventoryCache } from '../../src/redis/inventory-cache.ts';

export async function logEndOffsets(config: Config, topic = config.topics.events): Promise<Map<number, bigint>> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'test-offsets'));
  try {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    const partitions = [...Array(metadata.topics.get(topic)!.partitionsCount).keys()];
    const listed = await admin.listOffsets({ topics: [{ name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, timestamp: -1n })) }] });
    const out = new Map<number, bigint>();
    for (const t of listed) for (const p of t.partitions) out.set(p.partitionIndex, p.offset);
    return out;
  } finally {
    await admin.close();
  }
}

/** Resolves once Postgres' stored offsets reach the log end of every partition. */
export async function waitUntilApplied(config: Config, pool: Pool, timeoutMs = 180_000): Promise<void> {
  const ends = await logEndOffsets(config);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stored = await readOffsets(pool, config.topics.events).catch(() => new Map<number, bigint>());
    if ([...ends].every(([p, end]) => end === 0n || (stored.get(p) ?? 0n) >= end)) return;
    if (Date.now() > deadline) throw new Error(`not caught up in ${timeoutMs} ms: ends=${[...ends]} stored=${[...stored]}`);
    await sleep(200);
  }
}

export async function stockFromPostgres(pool: Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ sku: string; location: string; qty_on_hand: number }>('SELECT sku, location, qty_on_hand FROM inventory_current');
  return new Map(rows.map((r) => [`${r.sku}|${r.location}`, r.qty_on_hand]));
}

/** Cells whose Redis value differs from Postgres (empty when equal). */
export async function redisVsPostgres(pool: Pool, cache: InventoryCache): Promise<string[]> {
  const { rows } = await pool.query<{ sku: string; location: string; qty_on_hand: number }>('SELECT sku, location, qty_on_hand FROM inventory_current');
  const cached = await cache.readMany(rows);
  return rows.filter((r, i) => cached[i]!.qty !== r.qty_on_hand).map((r, i) => `${r.sku}|${r.location}: pg=${r.qty_on_hand} redis=${cached[i]?.qty}`);
}

export function diffStock(expected: Map<string, number>, actual: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) if ((actual.get(k) ?? 0) !== v) out.push(`${k}: expected ${v}, got ${actual.get(k)}`);
  for (const [k, v] of actual) if (!expected.has(k) && v !== 0) out.push(`${k}: unexpected ${v}`);
  return out;
}
