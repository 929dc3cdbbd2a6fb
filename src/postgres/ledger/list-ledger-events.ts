/**
 * A page of the ledger in (event_ts, event_id) order — newest first by default — after a keyset,
 * with optional filters. event_ts comes back as UTC text to the microsecond, so a cursor made
 * from it is exact.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface LedgerFilter {
  sku?: string;
  location?: string;
  eventType?: string;
  deviceId?: string;
  /** Inclusive lower bound of event_ts (UTC text). */
  from?: string;
  /** Exclusive upper bound of event_ts (UTC text). */
  to?: string;
}

export interface LedgerRow {
  event_id: string;
  event_ts: string;
  event_type: string;
  sku: string;
  location: string;
  qty: number;
  device_id: string | null;
  ref_event_id: string | null;
  ingested_ts: string;
  source_partition: number | null;
  source_offset: number | null;
}

export const LEDGER_COLUMNS = `event_id::text, ${isoUtc('event_ts')} AS event_ts, event_type, sku, location, qty, device_id, ref_event_id::text,
  ${isoUtc('ingested_ts')} AS ingested_ts, source_partition, source_offset`;

export async function listLedgerEvents(
  db: Queryable,
  filter: LedgerFilter,
  page: { after?: readonly [string, string]; limit: number; order: 'asc' | 'desc' },
): Promise<LedgerRow[]> {
  const desc = page.order === 'desc';
  try {
    const { rows } = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS}
       FROM rfid_events e
       WHERE ($1::timestamptz IS NULL OR (event_ts, event_id) ${desc ? '<' : '>'} ($1::timestamptz, $2::uuid))
         AND ($3::text IS NULL OR sku = $3)
         AND ($4::text IS NULL OR location = $4)
         AND ($5::text IS NULL OR event_type = $5)
         AND ($6::text IS NULL OR device_id = $6)
         AND ($7::timestamptz IS NULL OR event_ts >= $7)
         AND ($8::timestamptz IS NULL OR event_ts < $8)
       -- The table's columns, not the output's text of them (isoUtc, ::text), which no index
       -- holds: a page of the unfiltered ledger sorted all of it (3.3 s on 2M rows).
       ORDER BY e.event_ts ${desc ? 'DESC' : 'ASC'}, e.event_id ${desc ? 'DESC' : 'ASC'}
       LIMIT $9`,
      [
        page.after?.[0] ?? null,
        page.after?.[1] ?? null,
        filter.sku ?? null,
        filter.location ?? null,
        filter.eventType ?? null,
        filter.deviceId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        page.limit,
      ],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing ledger events');
  }
}
