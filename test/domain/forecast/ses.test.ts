// Reference values against statsmodels are in statsmodels-reference.test.ts; this is the hand check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ses, sesLevel } from '../../../src/domain/forecast/ses.ts';

test('SES by hand: the level starts at the first day and moves α of the way to each later one', () => {
  // α = 0.5 on 8 4 6 2: 8 → 6 → 6 → 4.
  assert.deepEqual(ses([8, 4, 6, 2], 3, 0.5), [4, 4, 4]);
  // α = 1 is the naive forecast (the last day).
  assert.deepEqual(ses([8, 4, 6, 2], 1, 1), [2]);
  // One day: that day. None: 0.
  assert.equal(sesLevel([5], 0.1), 5);
  assert.equal(sesLevel([], 0.1), 0);
  // `end` is the origin.
  assert.equal(sesLevel([8, 4, 6, 2], 0.5, 2), 6);
});
