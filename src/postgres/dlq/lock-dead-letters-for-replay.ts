/**
 * The next chunk of dead letters to replay, locked for the caller's transaction. Rows another
 * replay holds are skipped (SKIP LOCKED): two replays running at once never send a row twice;
 * rows already replayed are left out unless `force`.
 */
import type { PoolClient } from '../pool.ts';

export interface ReplaySelection {
  /** Exactly these ids (other filters still apply). */
  ids?: readonly number[] | undefined;
  code?: string | undefined;
  force: boolean;
}

export interface ReplayCandidate {
  id: number;
  record_key: Buffer | null;
  record_value: Buffer | null;
  record_headers: Array<[string, string]> | null;
  source_partition: number;
  replays: number;
}

/**
 * Up to `limit` rows with `id > afterId` in id order, each with its count of earlier replays.
 *
 * @example
 * const chunk = await lockDeadLettersForReplay(client, { code: 'NOT_JSON', force: false }, 0, 500)
 */
export async function lockDeadLettersForReplay(client: PoolClient, selection: ReplaySelection, afterId: number, limit: number): Promise<ReplayCandidate[]> {
  const { rows } = await client.query<ReplayCandidate>(
    `SELECT d.id, d.record_key, d.record_value, d.record_headers, d.source_partition,
            (SELECT count(*)::int FROM dlq_replays r WHERE r.dead_letter_id = d.id) AS replays
     FROM ingest_dead_letters d
     WHERE d.id > $1
       AND ($2::bigint[] IS NULL OR d.id = ANY ($2))
       AND ($3::text IS NULL OR d.code = $3)
       AND ($4 OR NOT EXISTS (SELECT 1 FROM dlq_replays r WHERE r.dead_letter_id = d.id))
     ORDER BY d.id
     LIMIT $5
     FOR UPDATE OF d SKIP LOCKED`,
    [afterId, selection.ids ? selection.ids.map(String) : null, selection.code ?? null, selection.force, limit],
  );
  return rows;
}
