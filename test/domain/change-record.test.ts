import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeRecordJson, decodeChanges, encodeChanges, splitChanges } from '../../src/domain/change-record.ts';
import { EMPTY_MASTER_DATA, type MasterData } from '../../src/domain/master-data.ts';

const cell = (sku: string, location: string, qty: number) => ({
  sku,
  location,
  qty_on_hand: qty,
  version: 3,
  delta: -2,
  events: 2,
  updated_at: '2026-11-23T12:00:00.000Z',
});
const master: MasterData = {
  skus: new Map([['S1', { sku: 'S1', name: '우유 "1L"', category: 'dairy', lead_time_days: 2, reorder_point: 5, reorder_qty: 10 }]]),
  locations: new Map([['L|1', { location: 'L|1', name: 'Aisle\n1', warehouse: 'WH1', zone: 'A' }]]),
};

test('a record hand-built as JSON equals JSON.stringify of the same object', () => {
  const json = changeRecordJson(cell('S1', 'L|1', 7), master);
  assert.deepEqual(JSON.parse(json), {
    sku: 'S1',
    location: 'L|1',
    qty_on_hand: 7,
    delta: -2,
    version: 3,
    events: 2,
    updated_at: '2026-11-23T12:00:00.000Z',
    sku_name: '우유 "1L"',
    category: 'dairy',
    location_name: 'Aisle\n1',
    warehouse: 'WH1',
    zone: 'A',
  });
  assert.equal(JSON.parse(changeRecordJson(cell('S9', 'X', 0), EMPTY_MASTER_DATA)).sku_name, null);
});

test('encode once, split without copying, decode back — newlines inside values do not break records', () => {
  const cells = [cell('S1', 'L|1', 7), cell('S2', '창고-1', -4), cell('S3', 'X', 0)];
  const payload = encodeChanges(cells, master);
  const parts = splitChanges(payload);
  assert.equal(parts.length, 3);
  assert.equal(parts[1]!.buffer, payload.buffer, 'views into the payload, not copies');
  assert.deepEqual(
    decodeChanges(payload).map((r) => [r.sku, r.location, r.qty_on_hand]),
    [
      ['S1', 'L|1', 7],
      ['S2', '창고-1', -4],
      ['S3', 'X', 0],
    ],
  );
  assert.equal(encodeChanges([], master).length, 0);
  assert.deepEqual(splitChanges(Buffer.alloc(0)), []);
});
