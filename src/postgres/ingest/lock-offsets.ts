/**
 * Locks the stored offsets of the batch's partitions for the rest of the transaction and returns
 * them. Two workers that both hold a batch for a partition (during a rebalance) serialise here;
 * the second then sees the first one's offsets and skips what it applied.
 */
import type { PoolClient } from '../pool.ts';

const SELECT_FOR_UPDATE = `SELECT partition, next_offset::text AS next_offset FROM ingest_offsets
  WHERE topic = $1 AND partition = ANY($2::int[])
  ORDER BY partition
  FOR UPDATE`;

export async function lockOffsets(client: PoolClient, topic: string, partitions: number[]): Promise<Map<number, bigint>> {
  const locked = new Map<number, bigint>();
  const { rows } = await client.query<{ partition: number; next_offset: string }>(SELECT_FOR_UPDATE, [topic, partitions]);
  for (const r of rows) locked.set(r.partition, BigInt(r.next_offset));
  // A partition's first batch finds no row to lock: make one (a concurrent worker doing the same
  // makes this wait for it, then do nothing), then lock it. One statement in the steady state.
  const missing = partitions.filter((p) => !locked.has(p));
  if (missing.length > 0) {
    await client.query(
      `INSERT INTO ingest_offsets (topic, partition, next_offset)
       SELECT $1, p, 0 FROM unnest($2::int[]) AS p
       ON CONFLICT (topic, partition) DO NOTHING`,
      [topic, missing],
    );
    const again = await client.query<{ partition: number; next_offset: string }>(SELECT_FOR_UPDATE, [topic, missing]);
    for (const r of again.rows) locked.set(r.partition, BigInt(r.next_offset));
  }
  return locked;
}
