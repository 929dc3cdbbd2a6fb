/**
 * A page of the ledger in (event_ts, event_id) order after a key, with the export filters. The
 * key keeps event_ts as Postgres' own text (microseconds; a JS Date keeps only milliseconds, which
 * would repeat or skip rows sharing a millisecond).
 */
import type { Pool, PoolClient } from '../pool.ts';

export interface LedgerFilter {
  sku?: string | undefined;
  location?: string | undefined;
  eventType?: string | undefined;
  /** event_ts ≥ from */
  from?: Date | undefined;
  /** event_ts < to */
  to?: Date | undefined;
}

export interface LedgerKey {
  ts: string;
  id: string;
}

export interface LedgerRow {
  event_id: string;
  event_ts: Date;
  ingested_ts: Date;
  event_type: string;
  sku: string;
  location: string;
  qty: number;
  device_id: string | null;
  ref_event_id: string | null;
  source_partition: number | null;
  source_offset: number | null;
  ts_key: string;
}

/**
 * @example
 * const rows = await readLedgerPage(pool, { sku: 'SKU-1' }, null, 5000)
 * const next = await readLedgerPage(pool, { sku: 'SKU-1' }, { ts: rows.at(-1).ts_key, id: rows.at(-1).event_id }, 5000)
 */
export async function readLedgerPage(client: Pool | PoolClient, filter: LedgerFilter, after: LedgerKey | null, limit: number): Promise<LedgerRow[]> {
  const { rows } = await client.query<LedgerRow>(
    `SELECT event_id::text AS event_id, event_ts, ingested_ts, event_type, sku, location, qty, device_id, ref_event_id::text AS ref_event_id,
            source_partition, source_offset, event_ts::text AS ts_key
     FROM rfid_events
     WHERE ($1::text IS NULL OR sku = $1)
       AND ($2::text IS NULL OR location = $2)
       AND ($3::text IS NULL OR event_type = $3)
       AND ($4::timestamptz IS NULL OR event_ts >= $4)
       AND ($5::timestamptz IS NULL OR event_ts < $5)
       AND ($6::timestamptz IS NULL OR (event_ts >= $6 AND (event_ts > $6 OR event_id > $7::uuid)))
     ORDER BY event_ts, event_id
     LIMIT $8`,
    [
      filter.sku ?? null,
      filter.location ?? null,
      filter.eventType ?? null,
      filter.from ?? null,
      filter.to ?? null,
      after?.ts ?? null,
      after?.id ?? null,
      limit,
    ],
  );
  return rows;
}
