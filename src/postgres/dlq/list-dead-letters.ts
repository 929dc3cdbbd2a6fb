/** A page of dead letters, newest first, with filters; keyset on id (no OFFSET scans). */
import type { Pool, PoolClient } from '../pool.ts';

export interface DeadLetterFilter {
  code?: string | undefined;
  /** dead_at ≥ from */
  from?: Date | undefined;
  /** dead_at < to */
  to?: Date | undefined;
  eventId?: string | undefined;
}

export interface DeadLetterRow {
  id: number;
  code: string;
  message: string;
  event_id: string | null;
  source_topic: string;
  source_partition: number;
  source_offset: number;
  record_ts: Date | null;
  dead_at: Date;
  worker_id: string;
  replays: number;
}

/**
 * Rows with `id < beforeId` (all when null) matching the filter, at most `limit`, ids descending.
 *
 * @example
 * const rows = await listDeadLetters(pool, { code: 'NOT_JSON' }, null, 101)
 */
export async function listDeadLetters(client: Pool | PoolClient, filter: DeadLetterFilter, beforeId: number | null, limit: number): Promise<DeadLetterRow[]> {
  const { rows } = await client.query<DeadLetterRow>(
    `SELECT d.id, d.code, d.message, d.event_id, d.source_topic, d.source_partition, d.source_offset, d.record_ts, d.dead_at, d.worker_id,
            (SELECT count(*)::int FROM dlq_replays r WHERE r.dead_letter_id = d.id) AS replays
     FROM ingest_dead_letters d
     WHERE ($1::text IS NULL OR d.code = $1)
       AND ($2::timestamptz IS NULL OR d.dead_at >= $2)
       AND ($3::timestamptz IS NULL OR d.dead_at < $3)
       AND ($4::text IS NULL OR d.event_id = $4)
       AND ($5::bigint IS NULL OR d.id < $5)
     ORDER BY d.id DESC
     LIMIT $6`,
    [filter.code ?? null, filter.from ?? null, filter.to ?? null, filter.eventId ?? null, beforeId, limit],
  );
  return rows;
}
