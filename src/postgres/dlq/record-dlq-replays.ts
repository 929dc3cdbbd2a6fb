/** Records where each replayed dead letter was sent (one row per replay, set-based). */
import type { PoolClient } from '../pool.ts';

export interface DlqReplay {
  deadLetterId: number;
  partition: number;
  offset: bigint;
}

/**
 * @example
 * await recordDlqReplays(client, { topic: 'rfid_events', by: 'ops-key', reason: 'fixed reader', forced: false }, [{ deadLetterId: 7, partition: 2, offset: 913n }])
 */
export async function recordDlqReplays(
  client: PoolClient,
  context: { topic: string; by: string; reason: string | null; forced: boolean },
  replays: readonly DlqReplay[],
): Promise<void> {
  if (replays.length === 0) return;
  await client.query(
    `INSERT INTO dlq_replays (dead_letter_id, replayed_by, reason, forced, target_topic, target_partition, target_offset)
     SELECT d, $1, $2, $3, $4, p, o FROM unnest($5::bigint[], $6::int[], $7::bigint[]) AS t(d, p, o)`,
    [
      context.by,
      context.reason,
      context.forced,
      context.topic,
      replays.map((r) => r.deadLetterId),
      replays.map((r) => r.partition),
      replays.map((r) => String(r.offset)),
    ],
  );
}
