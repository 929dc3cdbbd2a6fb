/** One dead letter with its original key, value and headers, and its replays. */
import type { Pool, PoolClient } from '../pool.ts';
import type { DeadLetterRow } from './list-dead-letters.ts';

export interface DeadLetterReplay {
  id: number;
  replayed_at: Date;
  replayed_by: string;
  reason: string | null;
  forced: boolean;
  target_topic: string;
  target_partition: number;
  target_offset: number;
}

export interface DeadLetterDetail extends DeadLetterRow {
  record_key: Buffer | null;
  record_value: Buffer | null;
  /** [[key, value], …] in base64, null when the record had none (or was stored before migration 010). */
  record_headers: Array<[string, string]> | null;
  replay_log: DeadLetterReplay[];
}

/**
 * The dead letter `id`, or undefined.
 *
 * @example
 * const row = await getDeadLetter(pool, 7)
 */
export async function getDeadLetter(client: Pool | PoolClient, id: number): Promise<DeadLetterDetail | undefined> {
  const { rows } = await client.query<DeadLetterDetail>(
    `SELECT d.id, d.code, d.message, d.event_id, d.source_topic, d.source_partition, d.source_offset, d.record_ts, d.dead_at, d.worker_id,
            d.record_key, d.record_value, d.record_headers,
            coalesce((SELECT json_agg(json_build_object('id', r.id, 'replayed_at', r.replayed_at, 'replayed_by', r.replayed_by, 'reason', r.reason,
                        'forced', r.forced, 'target_topic', r.target_topic, 'target_partition', r.target_partition, 'target_offset', r.target_offset) ORDER BY r.id)
                      FROM dlq_replays r WHERE r.dead_letter_id = d.id), '[]'::json) AS replay_log,
            (SELECT count(*)::int FROM dlq_replays r WHERE r.dead_letter_id = d.id) AS replays
     FROM ingest_dead_letters d
     WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}
