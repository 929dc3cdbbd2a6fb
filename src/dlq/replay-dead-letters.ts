/**
 * DLQ replay: dead letters' original bytes go back to the events topic and each replay is
 * recorded (dlq_replays), chunk by chunk, each chunk in one transaction that holds its rows
 * locked from selection to record. A row already replayed is skipped unless `force`; a row another
 * replay is sending is skipped (SKIP LOCKED). Re-applying is harmless anyway: the ledger is
 * idempotent on event_id, so a forced second replay of a valid event counts as a duplicate.
 * A record that is still invalid goes to the DLQ again as a new dead letter (expected).
 *
 * If Kafka does not acknowledge a chunk, its transaction rolls back: nothing of that chunk is
 * recorded, and the chunks before it stay recorded (their copies were acknowledged).
 */
import type { Producer } from '@platformatic/kafka';
import { lockDeadLettersForReplay, type ReplaySelection } from '../postgres/dlq/lock-dead-letters-for-replay.ts';
import { recordDlqReplays } from '../postgres/dlq/record-dlq-replays.ts';
import type { Pool } from '../postgres/pool.ts';
import { withTransaction } from '../postgres/transaction.ts';
import { replayRecords } from '../kafka/replay-records.ts';

const CHUNK = 500;

export interface ReplayRequest extends ReplaySelection {
  by: string;
  reason: string | null;
}

export interface ReplayReport {
  /** Copies acknowledged by Kafka and recorded. */
  replayed: number;
  /** Of those, rows that had been replayed before (only with force). */
  replayed_again: number;
  /** Asked-for ids not replayed: unknown, already replayed (without force) or being replayed right now. */
  skipped_ids: number[];
}

/**
 * @example
 * const report = await replayDeadLetters({ pool, producer, topic: 'rfid_events', partitions: 6 }, { ids: [7], force: false, by: 'ops', reason: null })
 */
export async function replayDeadLetters(
  deps: { pool: Pool; producer: Producer<Buffer, Buffer, Buffer, Buffer>; topic: string; partitions: number },
  request: ReplayRequest,
): Promise<ReplayReport> {
  let afterId = 0;
  let replayed = 0;
  let again = 0;
  const done = new Set<number>();
  for (;;) {
    const chunk = await withTransaction(
      deps.pool,
      async (client) => {
        const rows = await lockDeadLettersForReplay(client, request, afterId, CHUNK);
        if (rows.length === 0) return rows;
        const sent = await replayRecords(
          deps.producer,
          deps.topic,
          deps.partitions,
          rows.map((r) => ({ deadLetterId: r.id, key: r.record_key, value: r.record_value, headers: r.record_headers, sourcePartition: r.source_partition })),
        );
        await recordDlqReplays(client, { topic: deps.topic, by: request.by, reason: request.reason, forced: request.force }, sent);
        return rows;
      },
      'DLQ replay',
    );
    if (chunk.length === 0) break;
    for (const r of chunk) {
      done.add(r.id);
      if (r.replays > 0) again++;
    }
    replayed += chunk.length;
    afterId = chunk[chunk.length - 1]!.id;
    if (chunk.length < CHUNK) break;
  }
  return { replayed, replayed_again: again, skipped_ids: (request.ids ?? []).filter((id) => !done.has(id)) };
}
