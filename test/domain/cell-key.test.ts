import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellKey, parseCellKey } from '../../src/domain/cell-key.ts';

test('cell key round trip; a location may contain the separator, a SKU may not start empty', () => {
  assert.equal(cellKey('SKU-1', 'WH1-A'), 'SKU-1|WH1-A');
  assert.deepEqual(parseCellKey(cellKey('SKU-1', 'A|B')), { sku: 'SKU-1', location: 'A|B' });
  assert.equal(parseCellKey('|L'), undefined);
  assert.equal(parseCellKey('S|'), undefined);
  assert.equal(parseCellKey('nobar'), undefined);
});
