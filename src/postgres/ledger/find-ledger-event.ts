/**
 * One ledger event with what refers to it, in one statement: its corrections (events whose
 * ref_event_id is its id, oldest first) and the conflicts recorded for its id (same event_id,
 * other content). Undefined when the ledger has no such event.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';
import { LEDGER_COLUMNS, type LedgerRow } from './list-ledger-events.ts';

export interface EventConflict {
  id: number;
  received: unknown;
  source_topic: string;
  source_partition: number;
  source_offset: number;
  detected_at: string;
  resolved_at: string | null;
  resolution_note: string | null;
}

export interface LedgerEventDetail extends LedgerRow {
  corrections: LedgerRow[];
  conflicts: EventConflict[];
}

export async function findLedgerEvent(db: Queryable, eventId: string): Promise<LedgerEventDetail | undefined> {
  try {
    const { rows } = await db.query<LedgerEventDetail>(
      `SELECT e.*,
         coalesce((SELECT json_agg(c ORDER BY c.event_ts, c.event_id) FROM (SELECT ${LEDGER_COLUMNS} FROM rfid_events WHERE ref_event_id = $1::uuid) c), '[]') AS corrections,
         coalesce((SELECT json_agg(k ORDER BY k.id) FROM (
           SELECT id, received, source_topic, source_partition, source_offset, ${isoUtc('detected_at')} AS detected_at,
                  ${isoUtc('resolved_at')} AS resolved_at, resolution_note
           FROM rfid_event_conflicts WHERE event_id = $1::uuid) k), '[]') AS conflicts
       FROM (SELECT ${LEDGER_COLUMNS} FROM rfid_events WHERE event_id = $1::uuid) e`,
      [eventId],
    );
    return rows[0];
  } catch (error) {
    throw postgresError(error, 'reading a ledger event');
  }
}
