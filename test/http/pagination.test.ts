import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRfidError } from '../../src/errors.ts';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor, isStringTuple, readPageQuery, toPage } from '../../src/http/pagination.ts';

test('cursor round trip; foreign or mangled cursors are a 400-type error naming the field', () => {
  const key = ['SKU/ü', 'A 01'];
  assert.deepEqual(decodeCursor(encodeCursor(key), isStringTuple(2)), key);
  assert.match(encodeCursor(key), /^[A-Za-z0-9_-]+$/);
  for (const bad of ['%%%', 'eyJ', encodeCursor(['only-one']), encodeCursor([1, 2]), Buffer.from('{"a":1}').toString('base64url'), 'bnVsbA']) {
    assert.throws(
      () => decodeCursor(bad, isStringTuple(2)),
      (e: unknown) => isRfidError(e, 'INVALID_INPUT') && e.field === 'querystring.cursor',
      bad,
    );
  }
});

test('toPage trims the extra row and makes the cursor from the last row kept', () => {
  const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }];
  assert.deepEqual(
    toPage(rows, 2, (r) => [r.k]),
    { items: rows.slice(0, 2), next_cursor: encodeCursor(['b']) },
  );
  assert.deepEqual(
    toPage(rows, 3, (r) => [r.k]),
    { items: rows, next_cursor: null },
  );
  assert.deepEqual(
    toPage([], 3, (r: { k: string }) => [r.k]),
    { items: [], next_cursor: null },
  );
});

test('readPageQuery defaults', () => {
  assert.deepEqual(readPageQuery({}, isStringTuple(1)), { limit: DEFAULT_PAGE_LIMIT, after: undefined });
  assert.deepEqual(readPageQuery({ limit: 5, cursor: encodeCursor(['x']) }, isStringTuple(1)), { limit: 5, after: ['x'] });
});
