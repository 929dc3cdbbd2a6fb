import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ma7, ma7Rate } from '../../../src/domain/forecast/ma7.ts';

test('MA7 = mean of the last 7 days (D−6..D), flat over the horizon; older days do not count', () => {
  // 10 days; D−6..D = [0, 4, 0, 0, 9, 1, 0] → 14 / 7 = 2. The 100 on day 0–2 is outside the window.
  const history = [100, 100, 100, 0, 4, 0, 0, 9, 1, 0];
  assert.deepEqual(ma7(history, 3), [2, 2, 2]);
});

test('MA7 with fewer than 7 days still divides by 7 (missing days count as 0)', () => {
  assert.equal(ma7Rate([7]), 1);
  assert.equal(ma7Rate([3, 4]), 1);
  assert.equal(ma7Rate([]), 0);
});

test('MA7 at an earlier origin uses only days up to that origin', () => {
  const history = [7, 7, 7, 7, 7, 7, 7, 70, 70];
  assert.equal(ma7Rate(history, 7), 7);
  assert.equal(ma7Rate(history, 8), (6 * 7 + 70) / 7);
});
