import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveColumns, rowToCandidate } from '../../src/import/csv-columns.ts';
import { isRfidError } from '../../src/errors.ts';

test('headers match with aliases, case, spaces and a BOM', () => {
  const map = resolveColumns(['\uFEFFEvent ID', ' Timestamp ', 'TYPE', 'item', 'Bin', 'quantity', 'reader-id', 'corrects']);
  assert.deepEqual(map, { event_id: 0, event_ts: 1, event_type: 2, sku: 3, location: 4, qty: 5, device_id: 6, ref_event_id: 7 });
});

test('a missing required column fails the file and lists what was found', () => {
  assert.throws(
    () => resolveColumns(['sku', 'location', 'when']),
    (e: unknown) => isRfidError(e, 'INVALID_INPUT') && /lacks column\(s\) event_ts, event_type, qty; found: sku, location, when/.test(e.message),
  );
});

test('row → candidate: numbers only when numeric, types upper-cased, space before the time read as T, empty cells absent', () => {
  const map = resolveColumns(['event_ts', 'event_type', 'sku', 'location', 'qty', 'device_id']);
  assert.deepEqual(
    rowToCandidate(map, ['2026-11-20 09:00:00+09:00', ' out ', 'S', 'L', ' 12 ', ''], () => 'gen'),
    {
      event_id: 'gen',
      event_ts: '2026-11-20T09:00:00+09:00',
      event_type: 'OUT',
      sku: 'S',
      location: 'L',
      qty: 12,
    },
  );
  assert.equal(rowToCandidate(map, ['t', 'IN', 'S', 'L', 'twelve', ''], () => 'g').qty, 'twelve');
  assert.equal(rowToCandidate(map, ['t', 'IN', 'S', 'L', '2.5', ''], () => 'g').qty, 2.5);
  assert.equal(rowToCandidate(map, ['t', 'IN', 'S', 'L', '', ''], () => 'g').qty, undefined);
});
