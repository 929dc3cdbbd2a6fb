/**
 * The DLQ record of a message that cannot be applied (DESIGN.md §5): the original key, value and
 * headers, plus headers saying why (code + message), where from (topic, partition, offset,
 * timestamp), which worker and when.
 */
import type { RejectedRecord } from '../domain/ingest-batch.ts';

export const DLQ_HEADERS = {
  code: 'rfid-dlq-code',
  message: 'rfid-dlq-message',
  field: 'rfid-dlq-field',
  topic: 'rfid-origin-topic',
  partition: 'rfid-origin-partition',
  offset: 'rfid-origin-offset',
  timestamp: 'rfid-origin-timestamp',
  worker: 'rfid-dlq-worker',
  time: 'rfid-dlq-time',
} as const;

export interface DlqMessage {
  topic: string;
  key: Buffer | undefined;
  value: Buffer | undefined;
  headers: Map<Buffer, Buffer>;
}

export function deadLetterMessage(
  rejected: RejectedRecord,
  context: { dlqTopic: string; originTopic: string; workerId: string; now: Date; originalHeaders?: Map<Buffer, Buffer> },
): DlqMessage {
  const headers = new Map<Buffer, Buffer>(context.originalHeaders ?? []);
  const put = (name: string, value: string) => headers.set(Buffer.from(name), Buffer.from(value));
  put(DLQ_HEADERS.code, rejected.error.code);
  put(DLQ_HEADERS.message, rejected.error.message);
  if (rejected.error.field) put(DLQ_HEADERS.field, rejected.error.field);
  put(DLQ_HEADERS.topic, context.originTopic);
  put(DLQ_HEADERS.partition, String(rejected.record.partition));
  put(DLQ_HEADERS.offset, String(rejected.record.offset));
  put(DLQ_HEADERS.timestamp, new Date(Number(rejected.record.timestamp)).toISOString());
  put(DLQ_HEADERS.worker, context.workerId);
  put(DLQ_HEADERS.time, context.now.toISOString());
  return {
    topic: context.dlqTopic,
    key: rejected.record.key ?? undefined,
    value: rejected.record.value ?? undefined,
    headers,
  };
}

/** Reads the DLQ headers of a consumed record back into a plain object (for tools and tests). */
export function readDlqHeaders(headers: Map<Buffer, Buffer> | Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers as Map<Buffer | string, Buffer | string>) out[k.toString()] = v.toString();
  return out;
}
