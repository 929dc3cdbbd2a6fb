/**
 * Among events that were not inserted, those whose event_id is in the ledger with other content:
 * conflicts. Equal content means a plain duplicate. Runs only when some events were not inserted.
 */
import type { PlacedEvent } from '../../domain/ingest-batch.ts';
import type { PoolClient } from '../pool.ts';

/** Returns the indexes (into `events`) of the conflicting ones. */
export async function findConflicts(client: PoolClient, events: readonly PlacedEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query<{ idx: number }>(
    `SELECT i.idx FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::uuid[])
       WITH ORDINALITY AS i(event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, idx)
     JOIN rfid_events e ON e.event_id = i.event_id
     WHERE (e.event_ts, e.event_type, e.sku, e.location, e.qty, e.device_id, e.ref_event_id)
           IS DISTINCT FROM (i.event_ts, i.event_type, i.sku, i.location, i.qty, i.device_id, i.ref_event_id)`,
    [
      events.map((p) => p.event.event_id),
      events.map((p) => new Date(p.event.eventTimeMs).toISOString()),
      events.map((p) => p.event.event_type),
      events.map((p) => p.event.sku),
      events.map((p) => p.event.location),
      events.map((p) => p.event.qty),
      events.map((p) => p.event.device_id),
      events.map((p) => p.event.ref_event_id),
    ],
  );
  return rows.map((r) => Number(r.idx) - 1);
}
