import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBatch, type SourceRecord } from '../../src/domain/ingest-batch.ts';
import { DEFAULT_VALIDATION_LIMITS, decodeEvent } from '../../src/domain/rfid-event.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const value = (n: number, over: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ event_id: id(n), event_ts: '2026-11-23T10:00:00Z', event_type: 'IN', sku: 'S', location: 'L', qty: 2, ...over }));
const rec = (partition: number, offset: number, v: Buffer | null): SourceRecord => ({
  partition,
  offset: BigInt(offset),
  timestamp: BigInt(NOW),
  key: null,
  value: v,
});

test('planBatch: records below the stored offset are skipped as already applied', () => {
  const plan = planBatch([rec(0, 5, value(1)), rec(0, 6, value(2)), rec(0, 7, value(3))], new Map([[0, 7n]]), NOW, DEFAULT_VALIDATION_LIMITS);
  assert.equal(plan.alreadyApplied, 2);
  assert.deepEqual(
    plan.candidates.map((c) => c.event.event_id),
    [id(3)],
  );
  assert.equal(plan.nextOffsets.get(0), 8n);
});

test('planBatch: first of an event_id is the candidate; same content later is a duplicate, other content a conflict', () => {
  const plan = planBatch(
    [rec(0, 0, value(1)), rec(0, 1, value(1)), rec(1, 0, value(1, { qty: 3 })), rec(1, 1, value(2))],
    new Map(),
    NOW,
    DEFAULT_VALIDATION_LIMITS,
  );
  assert.deepEqual(
    plan.candidates.map((c) => [c.partition, Number(c.offset)]),
    [
      [0, 0],
      [1, 1],
    ],
  );
  assert.deepEqual(
    plan.inBatchDuplicates.map((c) => Number(c.offset)),
    [1],
  );
  assert.deepEqual(
    plan.inBatchConflicts.map((c) => [c.partition, c.event.qty]),
    [[1, 3]],
  );
});

test('planBatch: invalid records are rejected with their code and the event_id when readable', () => {
  const plan = planBatch(
    [rec(0, 0, value(1, { qty: 0, event_type: 'OUT' })), rec(0, 1, Buffer.from('{nope')), rec(0, 2, null)],
    new Map(),
    NOW,
    DEFAULT_VALIDATION_LIMITS,
  );
  assert.deepEqual(
    plan.rejected.map((r) => r.error.code),
    ['QTY_ZERO', 'NOT_JSON', 'NOT_JSON'],
  );
  assert.equal(plan.rejected[0]!.eventId, id(1));
  assert.equal(plan.rejected[1]!.eventId, null);
  assert.equal(plan.candidates.length, 0);
  assert.equal(plan.nextOffsets.get(0), 3n, 'rejected records still move the offset on');
});

test('planBatch: next offsets per partition never go below the stored ones', () => {
  const plan = planBatch([rec(2, 3, value(1)), rec(3, 10, value(2))], new Map([[2, 50n]]), NOW, DEFAULT_VALIDATION_LIMITS);
  assert.equal(plan.nextOffsets.get(2), 50n);
  assert.equal(plan.nextOffsets.get(3), 11n);
});

test('planBatch: a record decoded ahead is not decoded again', () => {
  const ahead = { ...rec(0, 0, null), decoded: decodeEvent(value(9), NOW, DEFAULT_VALIDATION_LIMITS) };
  const plan = planBatch([ahead], new Map(), NOW, DEFAULT_VALIDATION_LIMITS);
  assert.deepEqual(
    plan.candidates.map((c) => c.event.event_id),
    [id(9)],
    'the null value was not looked at',
  );
  assert.equal(plan.rejected.length, 0);
});
