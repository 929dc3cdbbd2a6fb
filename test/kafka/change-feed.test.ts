/** Change-feed messages from an encoded payload: keys `sku|location`, values the exact record bytes. Pure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeChanges, splitChanges } from '../../src/domain/change-record.ts';
import type { ChangedCell } from '../../src/domain/changed-cell.ts';
import { EMPTY_MASTER_DATA, type MasterData } from '../../src/domain/master-data.ts';
import { changeMessages } from '../../src/kafka/change-feed.ts';

const cells: ChangedCell[] = [
  { sku: 'SKU-1', location: 'WH1-A-01', qty_on_hand: 12, version: 3, delta: -2, events: 2, updated_at: '2026-11-23T18:00:00.000Z' },
  { sku: '상품-가', location: '창고-서울|A동', qty_on_hand: 0, version: 1, delta: 0, events: 2, updated_at: '2026-11-23T18:00:00.001Z' },
  { sku: 'SKU-2', location: 'a|b|c 📦', qty_on_hand: -5, version: 9_007_199_254, delta: -5, events: 1, updated_at: '2026-11-23T18:00:00.002Z' },
  { sku: 'SKU-"q"', location: 'line\nbreak', qty_on_hand: 1, version: 2, delta: 1, events: 1, updated_at: '2026-11-23T18:00:00.003Z' },
];
const MASTER: MasterData = {
  skus: new Map([['상품-가', { sku: '상품-가', name: '이름 | 😀', category: null, lead_time_days: null, reorder_point: null, reorder_qty: null }]]),
  locations: new Map(),
};
const EXPECTED_KEYS = ['SKU-1|WH1-A-01', '상품-가|창고-서울|A동', 'SKU-2|a|b|c 📦', 'SKU-"q"|line\nbreak'];

function expectRecords(payload: Buffer, messages: ReturnType<typeof changeMessages>, topic: string): void {
  assert.equal(messages.length, cells.length);
  // Independently of splitChanges: the payload is the records joined by single newlines.
  const lines = payload.toString('utf8').split('\n');
  assert.equal(lines.length, cells.length);
  messages.forEach((m, i) => {
    assert.equal(m.topic, topic);
    assert.deepEqual(m.key, Buffer.from(EXPECTED_KEYS[i]!, 'utf8'), `key ${i}`);
    assert.deepEqual(m.value, Buffer.from(lines[i]!, 'utf8'), `value ${i}`);
    const record = JSON.parse(m.value.toString('utf8')) as Record<string, unknown>;
    assert.equal(record.sku, cells[i]!.sku);
    assert.equal(record.location, cells[i]!.location);
    assert.equal(record.version, cells[i]!.version);
  });
}

test('with the cells (the batch that just committed): keys from the cells, values the record bytes', () => {
  const payload = encodeChanges(cells, MASTER);
  const messages = changeMessages('inventory_changes', payload, cells);
  expectRecords(payload, messages, 'inventory_changes');
  assert.equal((JSON.parse(messages[1]!.value.toString('utf8')) as { sku_name: string }).sku_name, '이름 | 😀');
});

test('without the cells (a replay): keys parsed from the records themselves, the same messages', () => {
  const payload = encodeChanges(cells, EMPTY_MASTER_DATA);
  const replayed = changeMessages('t_changes', payload);
  expectRecords(payload, replayed, 't_changes');
  assert.deepEqual(
    replayed.map((m) => [m.key, m.value]),
    changeMessages('t_changes', payload, cells).map((m) => [m.key, m.value]),
  );
});

test('values are views of the payload (no copies), in order', () => {
  const payload = encodeChanges(cells, MASTER);
  const messages = changeMessages('c', payload, cells);
  const views = splitChanges(payload);
  messages.forEach((m, i) => {
    assert.equal(m.value.buffer, payload.buffer);
    assert.equal(m.value.byteOffset, views[i]!.byteOffset);
  });
});

test('an empty payload gives no messages', () => {
  assert.deepEqual(changeMessages('c', encodeChanges([], MASTER)), []);
  assert.deepEqual(changeMessages('c', Buffer.alloc(0), []), []);
});
