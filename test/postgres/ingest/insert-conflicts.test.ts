/** insertConflicts against the real schema: one row per source offset with the received event as JSON; idempotent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { PlacedEvent } from '../../../src/domain/ingest-batch.ts';
import type { RfidEvent } from '../../../src/domain/rfid-event.ts';
import { insertConflicts } from '../../../src/postgres/ingest/insert-conflicts.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('insertconflicts');
const services = useServices(t);

function placed(partition: number, offset: bigint, event: Partial<RfidEvent> = {}): PlacedEvent {
  const eventTimeMs = event.eventTimeMs ?? Date.UTC(2026, 10, 3, 7, 15, 30, 5);
  return {
    event: {
      event_id: randomUUID(),
      event_type: 'IN',
      sku: 'SKU-1',
      location: 'WH1-01',
      qty: 2,
      device_id: 'reader-2',
      ref_event_id: null,
      ...event,
      eventTimeMs,
      event_ts: new Date(eventTimeMs).toISOString(),
    },
    partition,
    offset,
    recordTimestampMs: eventTimeMs,
  };
}

interface ConflictRow {
  event_id: string;
  received: Record<string, unknown>;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  resolved_at: Date | null;
}

async function rows(): Promise<ConflictRow[]> {
  const result = await services.pool.query<ConflictRow>(
    'SELECT event_id::text, received, source_topic, source_partition, source_offset::text, resolved_at FROM rfid_event_conflicts ORDER BY source_topic, source_partition, source_offset',
  );
  return result.rows;
}

test('keeps each conflicting event with where it came from; inserting again adds nothing', async () => {
  const ref = randomUUID();
  const events = [
    placed(0, 5n, { sku: '상품-가', location: 'L|1 📦' }),
    placed(2, 9_007_199_254_740_993n, { event_type: 'ADJUST', qty: -7, device_id: null, ref_event_id: ref }),
  ];
  assert.equal(await withTransaction(services.pool, (c) => insertConflicts(c, 'events-topic', events)), 2);
  const expected: ConflictRow[] = events.map((p) => ({
    event_id: p.event.event_id,
    received: {
      event_id: p.event.event_id,
      event_ts: p.event.event_ts,
      event_type: p.event.event_type,
      sku: p.event.sku,
      location: p.event.location,
      qty: p.event.qty,
      device_id: p.event.device_id,
      ref_event_id: p.event.ref_event_id,
    },
    source_topic: 'events-topic',
    source_partition: p.partition,
    source_offset: String(p.offset),
    resolved_at: null,
  }));
  assert.deepEqual(await rows(), expected);

  // The same offsets again (a redelivered batch): nothing new, the rows unchanged.
  assert.equal(await withTransaction(services.pool, (c) => insertConflicts(c, 'events-topic', events)), 0);
  assert.deepEqual(await rows(), expected);

  // The same offset of another topic is another record.
  assert.equal(await withTransaction(services.pool, (c) => insertConflicts(c, 'other-topic', events.slice(0, 1))), 1);
  assert.equal((await rows()).length, 3);
});

test('an empty list inserts nothing', async () => {
  assert.equal(await withTransaction(services.pool, (c) => insertConflicts(c, 'events-topic', [])), 0);
});
