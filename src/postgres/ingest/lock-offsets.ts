/**
 * Locks the stored offsets of the batch's partitions for the rest of the transaction and returns
 * them. Two workers that both hold a batch for a partition (during a rebalance) serialise here;
 * the second then sees the first one's offsets and skips what it applied.
 */
import type { PoolClient } from '../pool.ts';

export async function lockOffsets(client: PoolClient, topic: string, partitions: number[]): Promise<Map<number, bigint>> {
  // Make sure a row exists to lock (a first batch of a new partition would otherwise lock nothing).
  await client.query(
    `INSERT INTO ingest_offsets (topic, partition, next_offset)
     SELECT $1, p, 0 FROM unnest($2::int[]) AS p
     ON CONFLICT (topic, partition) DO NOTHING`,
    [topic, partitions],
  );
  const { rows } = await client.query<{ partition: number; next_offset: string }>(
    `SELECT partition, next_offset::text AS next_offset FROM ingest_offsets
     WHERE topic = $1 AND partition = ANY($2::int[])
     ORDER BY partition
     FOR UPDATE`,
    [topic, partitions],
  );
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}
