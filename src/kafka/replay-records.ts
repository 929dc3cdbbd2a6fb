/**
 * Sends dead letters' original bytes back to the events topic (DLQ replay): same key, original
 * headers plus `rfid-replay-of: <dlq id>`, in one acknowledged produce. Each message's partition
 * is computed here as the default partitioner does for its key (key-partition.ts; a record
 * without a key goes back to the partition it came from), so that each one's offset is known:
 * the broker answers with one base offset per partition, and a partition's messages follow it in
 * order.
 */
import type { ProduceResult, Producer } from '@platformatic/kafka';
import { kafkaError } from './kafka-error.ts';
import { keyPartition } from './key-partition.ts';

export const REPLAY_HEADER = 'rfid-replay-of';

export interface ReplayRecord {
  deadLetterId: number;
  key: Buffer | null;
  value: Buffer | null;
  /** [[key, value], …] in base64. */
  headers: ReadonlyArray<readonly [string, string]> | null;
  /** Partition of the original record, for records without a key. */
  sourcePartition: number;
}

export interface ReplayedRecord {
  deadLetterId: number;
  partition: number;
  offset: bigint;
}

/**
 * @example
 * const sent = await replayRecords(producer, 'rfid_events', 6, [{ deadLetterId: 7, key, value, headers: null, sourcePartition: 2 }])
 * sent[0].offset // where the copy landed
 */
export async function replayRecords(
  producer: Producer<Buffer, Buffer, Buffer, Buffer>,
  topic: string,
  partitions: number,
  records: readonly ReplayRecord[],
): Promise<ReplayedRecord[]> {
  if (records.length === 0) return [];
  const placed = records.map((r) => ({ record: r, partition: r.key && r.key.length > 0 ? keyPartition(r.key, partitions) : r.sourcePartition % partitions }));
  let result: ProduceResult;
  try {
    result = await producer.send({
      messages: placed.map(({ record, partition }) => {
        const headers = new Map<Buffer, Buffer>();
        for (const [k, v] of record.headers ?? []) {
          const name = Buffer.from(k, 'base64');
          // An earlier replay's marker is replaced by this one's.
          if (name.toString() !== REPLAY_HEADER) headers.set(name, Buffer.from(v, 'base64'));
        }
        headers.set(Buffer.from(REPLAY_HEADER), Buffer.from(String(record.deadLetterId)));
        return { topic, partition, ...(record.key ? { key: record.key } : {}), ...(record.value ? { value: record.value } : {}), headers };
      }),
    });
  } catch (error) {
    throw kafkaError(error, `replaying ${records.length} dead letter(s) to ${topic}`);
  }
  const base = new Map<number, bigint>();
  for (const o of result.offsets ?? []) if (o.topic === topic) base.set(o.partition, BigInt(o.offset));
  const next = new Map<number, bigint>();
  return placed.map(({ record, partition }) => {
    const offset = next.get(partition) ?? base.get(partition) ?? -1n;
    next.set(partition, offset + 1n);
    return { deadLetterId: record.deadLetterId, partition, offset };
  });
}
