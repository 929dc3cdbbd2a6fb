/**
 * Turning one fetched batch of Kafka records into what the ingest transaction needs. Pure.
 *
 * - decode and validate every record (bad ones are listed with their reason, for the DLQ);
 * - drop records already applied (below the partition's stored next offset);
 * - de-duplicate by event_id inside the batch: the first occurrence is the candidate, a later
 *   one with equal content is a duplicate, a later one with other content is a conflict;
 * - the next offset to store for each partition.
 *
 * @example
 * const plan = planBatch(records, new Map([[0, 10n]]), Date.now(), limits)
 * plan.candidates // events to insert, unique by event_id
 */
import { decodeEvent, type DecodeResult, type Invalid, type RfidEvent, type ValidationLimits } from './rfid-event.ts';

export interface SourceRecord {
  partition: number;
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  /**
   * The value already decoded, when the caller did it ahead (the worker decodes each record as it
   * arrives, while the previous batch's statement runs in Postgres); decoded here otherwise.
   */
  decoded?: DecodeResult;
}

export interface PlacedEvent {
  event: RfidEvent;
  partition: number;
  offset: bigint;
  /** Kafka record timestamp (ms), for apply-latency figures. */
  recordTimestampMs: number;
}

export interface RejectedRecord {
  record: SourceRecord;
  error: Invalid;
  /** The event_id when the JSON had a readable one, for finding it later. */
  eventId: string | null;
}

export interface BatchPlan {
  candidates: PlacedEvent[];
  inBatchDuplicates: PlacedEvent[];
  inBatchConflicts: PlacedEvent[];
  rejected: RejectedRecord[];
  /** Records skipped because an earlier run already applied them (offset below the stored one). */
  alreadyApplied: number;
  /** For each partition in the batch: the offset of the next record after the last one seen. */
  nextOffsets: Map<number, bigint>;
}

export function sameContent(a: RfidEvent, b: RfidEvent): boolean {
  return (
    a.eventTimeMs === b.eventTimeMs &&
    a.event_type === b.event_type &&
    a.sku === b.sku &&
    a.location === b.location &&
    a.qty === b.qty &&
    a.device_id === b.device_id &&
    a.ref_event_id === b.ref_event_id
  );
}

const EVENT_ID_RE = /"event_id"\s*:\s*"([0-9a-fA-F-]{36})"/;

export function planBatch(
  records: readonly SourceRecord[],
  storedNextOffsets: ReadonlyMap<number, bigint>,
  nowMs: number,
  limits: ValidationLimits,
): BatchPlan {
  const plan: BatchPlan = { candidates: [], inBatchDuplicates: [], inBatchConflicts: [], rejected: [], alreadyApplied: 0, nextOffsets: new Map() };
  const byId = new Map<string, PlacedEvent>();
  for (const record of records) {
    const next = plan.nextOffsets.get(record.partition);
    if (next === undefined || record.offset + 1n > next) plan.nextOffsets.set(record.partition, record.offset + 1n);
    const stored = storedNextOffsets.get(record.partition);
    if (stored !== undefined && record.offset < stored) {
      plan.alreadyApplied++;
      continue;
    }
    const decoded = record.decoded ?? decodeEvent(record.value, nowMs, limits);
    if (!decoded.ok) {
      const text = record.value && record.value.length <= limits.maxMessageBytes ? record.value.toString('utf8') : '';
      plan.rejected.push({ record, error: decoded.error, eventId: EVENT_ID_RE.exec(text)?.[1]?.toLowerCase() ?? null });
      continue;
    }
    const placed: PlacedEvent = { event: decoded.event, partition: record.partition, offset: record.offset, recordTimestampMs: Number(record.timestamp) };
    const first = byId.get(decoded.event.event_id);
    if (first === undefined) {
      byId.set(decoded.event.event_id, placed);
      plan.candidates.push(placed);
    } else if (sameContent(first.event, decoded.event)) {
      plan.inBatchDuplicates.push(placed);
    } else {
      plan.inBatchConflicts.push(placed);
    }
  }
  // Stored offsets ahead of everything in the batch stay where they are.
  for (const [partition, next] of plan.nextOffsets) {
    const stored = storedNextOffsets.get(partition);
    if (stored !== undefined && stored > next) plan.nextOffsets.set(partition, stored);
  }
  return plan;
}
