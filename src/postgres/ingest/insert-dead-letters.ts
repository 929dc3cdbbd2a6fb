/** Records the batch's rejected messages, exactly once per source offset, with their original headers. */
import type { RejectedRecord } from '../../domain/ingest-batch.ts';
import type { PoolClient } from '../pool.ts';

/**
 * The record's headers as `[[key, value], …]` in base64 (header values are bytes), or null when it
 * had none. The worker's records carry `headers` beside the fields a batch needs (IngestRecord).
 */
export function headersJson(record: RejectedRecord['record']): string | null {
  const headers = (record as { headers?: Map<Buffer, Buffer> }).headers;
  if (headers === undefined || headers.size === 0) return null;
  return JSON.stringify([...headers].map(([k, v]) => [Buffer.from(k).toString('base64'), Buffer.from(v ?? []).toString('base64')]));
}

export async function insertDeadLetters(client: PoolClient, topic: string, workerId: string, rejected: readonly RejectedRecord[]): Promise<number> {
  if (rejected.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, event_id, record_key, record_value, record_ts, worker_id, record_headers)
     SELECT $1, p, o, c, m, e, k, v, to_timestamp(ts / 1000.0), $2, h
     FROM unnest($3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::bytea[], $10::float8[], $11::jsonb[]) AS t(p, o, c, m, e, k, v, ts, h)
     ON CONFLICT DO NOTHING`,
    [
      topic,
      workerId,
      rejected.map((r) => r.record.partition),
      rejected.map((r) => String(r.record.offset)),
      rejected.map((r) => r.error.code),
      rejected.map((r) => r.error.message),
      rejected.map((r) => r.eventId),
      rejected.map((r) => r.record.key),
      rejected.map((r) => r.record.value),
      rejected.map((r) => Number(r.record.timestamp)),
      rejected.map((r) => headersJson(r.record)),
    ],
  );
  return result.rowCount ?? 0;
}
