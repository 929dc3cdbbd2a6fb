/**
 * The change feed (`inventory_changes`): one record per changed cell per batch, keyed
 * `sku|location`, its value the record encoded once per batch (domain/change-record.ts).
 * Consumers keep the highest version per key: a replay after a crash may repeat a record, never
 * reorder versions within a key's partition.
 */
import { cellKey } from '../domain/cell-key.ts';
import { splitChanges } from '../domain/change-record.ts';
import { keyPartition } from './key-partition.ts';

export interface ChangeMessage {
  topic: string;
  key: Buffer;
  value: Buffer;
  partition?: number;
}

/**
 * Messages for an encoded payload. `cells` gives the keys in payload order when the caller has
 * them (the batch that just committed); a replay reads them from the records themselves. With
 * `partitions` (the topic's partition count) each message carries its partition, computed as the
 * Java client's default partitioner would (key-partition.ts); without, the client partitions.
 */
export function changeMessages(topic: string, payload: Buffer, cells?: ReadonlyArray<{ sku: string; location: string }>, partitions = 0): ChangeMessage[] {
  const values = splitChanges(payload);
  const messages = new Array<ChangeMessage>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const cell = cells?.[i] ?? (JSON.parse(value.toString('utf8')) as { sku: string; location: string });
    const key = Buffer.from(cellKey(cell.sku, cell.location));
    messages[i] = partitions > 0 ? { topic, key, value, partition: keyPartition(key, partitions) } : { topic, key, value };
  }
  return messages;
}
