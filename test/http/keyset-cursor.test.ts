import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor, page } from '../../src/http/keyset-cursor.ts';

const isId = (v: Record<string, unknown>) => Number.isSafeInteger(v.id);

test('cursors round-trip; foreign or broken ones are refused', () => {
  assert.deepEqual(decodeCursor(encodeCursor({ id: 42 }), isId), { id: 42 });
  assert.match(encodeCursor({ id: 42 }), /^[A-Za-z0-9_-]+$/);
  for (const bad of ['', 'x', encodeCursor({ ts: 'a' }), Buffer.from('[1]').toString('base64url'), Buffer.from('null').toString('base64url')]) {
    assert.equal(decodeCursor(bad, isId), undefined, bad);
  }
});

test('a page of limit + 1 rows has a cursor after its last item; a short page has none', () => {
  const rows = [{ id: 5 }, { id: 4 }, { id: 3 }];
  const full = page(
    rows,
    2,
    (r) => r.id,
    (r) => ({ id: r.id }),
  );
  assert.deepEqual(full.items, [5, 4]);
  assert.deepEqual(decodeCursor(full.next_cursor!, isId), { id: 4 });
  assert.deepEqual(
    page(
      rows,
      3,
      (r) => r.id,
      (r) => ({ id: r.id }),
    ),
    { items: [5, 4, 3], next_cursor: null },
  );
});
