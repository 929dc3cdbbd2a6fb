/** Stores the next offset of each partition of the batch (never moving backwards). */
import type { PoolClient } from '../pool.ts';

export async function advanceOffsets(client: PoolClient, topic: string, nextOffsets: Map<number, bigint>): Promise<void> {
  if (nextOffsets.size === 0) return;
  await client.query(
    `UPDATE ingest_offsets o
     SET next_offset = greatest(o.next_offset, n.next_offset), updated_at = now()
     FROM unnest($2::int[], $3::bigint[]) AS n(partition, next_offset)
     WHERE o.topic = $1 AND o.partition = n.partition`,
    [topic, [...nextOffsets.keys()], [...nextOffsets.values()].map(String)],
  );
}

/** The stored offsets of a topic (for lag and for tests). */
export async function readOffsets(client: { query: PoolClient['query'] }, topic: string): Promise<Map<number, bigint>> {
  const { rows } = await client.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset::text AS next_offset FROM ingest_offsets WHERE topic = $1 ORDER BY partition',
    [topic],
  );
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}
