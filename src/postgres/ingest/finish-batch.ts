/**
 * The end of a batch's transaction in one round trip: advance the stored offsets of its partitions
 * (never backwards) and write its outbox row (when it changed any cell). The same statements as
 * advanceOffsets() and insertOutbox(), as data-modifying CTEs of one statement: a small batch at a
 * low rate waits on every round trip.
 */
import type { PoolClient } from '../pool.ts';

export async function finishBatch(client: PoolClient, topic: string, nextOffsets: ReadonlyMap<number, bigint>, changes: Buffer): Promise<number | undefined> {
  const { rows } = await client.query<{ id: number }>(
    `WITH advanced AS (
       UPDATE ingest_offsets o
       SET next_offset = greatest(o.next_offset, n.next_offset), updated_at = now()
       FROM unnest($2::int[], $3::bigint[]) AS n(partition, next_offset)
       WHERE o.topic = $1 AND o.partition = n.partition
     )
     INSERT INTO inventory_outbox (records) SELECT $4::bytea WHERE length($4::bytea) > 0
     RETURNING id`,
    [topic, [...nextOffsets.keys()], [...nextOffsets.values()].map(String), changes],
  );
  return rows[0]?.id;
}
