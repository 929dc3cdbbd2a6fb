/** A page of conflicting events (same event_id, other content), newest first; keyset on id. */
import type { Pool, PoolClient } from '../pool.ts';

export type ConflictStatus = 'open' | 'resolved' | 'all';

export interface ConflictRow {
  id: number;
  event_id: string;
  received: unknown;
  /** The ledger's row for the same event_id (what was applied), null if it is gone from view. */
  applied: unknown;
  source_topic: string;
  source_partition: number;
  source_offset: number;
  detected_at: Date;
  resolved_at: Date | null;
  resolution_note: string | null;
}

/**
 * @example
 * const open = await listConflicts(pool, 'open', null, 101)
 */
export async function listConflicts(client: Pool | PoolClient, status: ConflictStatus, beforeId: number | null, limit: number): Promise<ConflictRow[]> {
  const { rows } = await client.query<ConflictRow>(
    `SELECT c.id, c.event_id::text AS event_id, c.received,
            (SELECT json_build_object('event_id', e.event_id, 'event_ts', e.event_ts, 'event_type', e.event_type, 'sku', e.sku, 'location', e.location,
                                      'qty', e.qty, 'device_id', e.device_id, 'ref_event_id', e.ref_event_id)
             FROM rfid_events e WHERE e.event_id = c.event_id) AS applied,
            c.source_topic, c.source_partition, c.source_offset, c.detected_at, c.resolved_at, c.resolution_note
     FROM rfid_event_conflicts c
     WHERE ($1 = 'all' OR ($1 = 'open') = (c.resolved_at IS NULL))
       AND ($2::bigint IS NULL OR c.id < $2)
     ORDER BY c.id DESC
     LIMIT $3`,
    [status, beforeId, limit],
  );
  return rows;
}
