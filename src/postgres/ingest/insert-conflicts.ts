/** Keeps conflicting events (same event_id, other content) for a person to look at. */
import { eventToJson } from '../../domain/rfid-event.ts';
import type { PlacedEvent } from '../../domain/ingest-batch.ts';
import type { PoolClient } from '../pool.ts';

export async function insertConflicts(client: PoolClient, topic: string, events: readonly PlacedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO rfid_event_conflicts (event_id, received, source_topic, source_partition, source_offset)
     SELECT event_id, received, $1, source_partition, source_offset
     FROM unnest($2::uuid[], $3::jsonb[], $4::int[], $5::bigint[]) AS t(event_id, received, source_partition, source_offset)
     ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING`,
    [
      topic,
      events.map((p) => p.event.event_id),
      events.map((p) => JSON.stringify(eventToJson(p.event))),
      events.map((p) => p.partition),
      events.map((p) => String(p.offset)),
    ],
  );
  return result.rowCount ?? 0;
}
