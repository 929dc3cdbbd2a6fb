/** findConflicts against the real ledger: same event_id with other content is a conflict, equal content a duplicate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { PlacedEvent } from '../../../src/domain/ingest-batch.ts';
import type { RfidEvent } from '../../../src/domain/rfid-event.ts';
import { applyEvents } from '../../../src/postgres/ingest/apply-events.ts';
import { findConflicts } from '../../../src/postgres/ingest/find-conflicts.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('findconflicts');
const services = useServices(t);

let nextOffset = 0n;
function placed(event: Partial<RfidEvent> = {}): PlacedEvent {
  const eventTimeMs = event.eventTimeMs ?? Date.UTC(2026, 10, 2, 10, 0, 0, 250);
  return {
    event: {
      event_id: randomUUID(),
      event_type: 'IN',
      sku: 'SKU-1',
      location: '창고-1',
      qty: 3,
      device_id: 'reader-1',
      ref_event_id: null,
      ...event,
      eventTimeMs,
      event_ts: new Date(eventTimeMs).toISOString(),
    },
    partition: 0,
    offset: nextOffset++,
    recordTimestampMs: eventTimeMs,
  };
}

test('finds exactly the events whose id is in the ledger with other content', async () => {
  const ref = randomUUID();
  const stored = [
    placed(),
    placed({ device_id: null }),
    placed({ event_type: 'ADJUST', qty: -4, ref_event_id: ref }),
    placed({ sku: 'SKU-2', location: 'L|2' }),
  ];
  await withTransaction(services.pool, (c) => applyEvents(c, stored));
  const [s0, s1, s2, s3] = stored.map((p) => p.event);
  const again = (e: RfidEvent, change: Partial<RfidEvent>) => placed({ ...e, ...change });

  const candidates = [
    again(s0!, {}), // 0: duplicate (same content)
    again(s0!, { qty: 4 }), // 1: other qty
    again(s1!, {}), // 2: duplicate, NULL device on both sides
    again(s1!, { device_id: 'reader-9' }), // 3: NULL vs a device
    again(s0!, { device_id: null }), // 4: a device vs NULL
    again(s2!, { ref_event_id: null }), // 5: ref vs NULL
    again(s2!, { eventTimeMs: s2!.eventTimeMs + 1 }), // 6: one millisecond later
    again(s3!, { location: 'L|3' }), // 7: other location
    again(s3!, { event_type: 'OUT' }), // 8: other type
    placed(), // 9: not in the ledger
    again(s3!, {}), // 10: duplicate
    again(s2!, { sku: 'SKU-9' }), // 11: other sku
    again(s2!, {}), // 12: duplicate with a ref
  ];
  const found = await withTransaction(services.pool, (c) => findConflicts(c, candidates));
  assert.deepEqual(
    [...found].sort((a, b) => a - b),
    [1, 3, 4, 5, 6, 7, 8, 11],
  );
});

test('an empty list sends nothing and finds nothing', async () => {
  assert.deepEqual(await withTransaction(services.pool, (c) => findConflicts(c, [])), []);
});
