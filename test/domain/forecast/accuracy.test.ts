import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, naiveScale } from '../../../src/domain/forecast/accuracy.ts';
import { isRfidError } from '../../../src/errors.ts';

const close = (a: number | null, b: number): void => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('WAPE, MASE and bias worked by hand (naive m = 1)', () => {
  // actual 4 0 6, forecast 5 1 3: errors f−a = +1 +1 −3; Σ|e| = 5, Σe = −1, Σa = 10.
  // In-sample 2 4 3 5: naive errors |4−2| |3−4| |5−3| = 2 1 2, MAE 5/3. Forecast MAE = 5/3.
  const a = accuracy([4, 0, 6], [5, 1, 3], [2, 4, 3, 5]);
  close(a.wape, 0.5);
  close(a.bias, -0.1);
  close(a.mase, 1);
  assert.equal(a.points, 3);
});

test('MASE with the weekly seasonal naive scale (m = 7)', () => {
  // In-sample 9 days: pairs 7 apart are (0,7) and (1,8): |10−4| = 6, |2−2| = 0 → scale 3.
  const insample = [4, 2, 1, 1, 1, 1, 1, 10, 2];
  close(naiveScale(insample, 7), 3);
  // Forecast errors 3 and 3 → MAE 3 → MASE 1; with m = 1 the scale is different.
  const a = accuracy([5, 5], [8, 2], insample, 7);
  close(a.mase, 1);
  close(a.wape, 0.6);
  close(a.bias, 0);
  assert.notEqual(accuracy([5, 5], [8, 2], insample, 1).mase, 1);
});

test('over-forecasting is a positive bias, under-forecasting negative', () => {
  close(accuracy([2, 2], [3, 3], [1, 2]).bias, 0.5);
  close(accuracy([2, 2], [1, 1], [1, 2]).bias, -0.5);
});

test('undefined metrics are null, not NaN or Infinity', () => {
  // Nothing shipped: no WAPE and no bias; MASE still defined.
  const none = accuracy([0, 0], [1, 0], [0, 3, 0]);
  assert.equal(none.wape, null);
  assert.equal(none.bias, null);
  close(none.mase, 0.5 / 3);
  // A constant in-sample history: the naive forecast is never wrong, MASE undefined.
  assert.equal(accuracy([1], [2], [5, 5, 5]).mase, null);
  // Too short for the seasonal naive.
  assert.equal(accuracy([1], [2], [1, 2, 3], 7).mase, null);
  // No points at all.
  assert.deepEqual(accuracy([], [], [1, 2, 3]), { wape: null, mase: null, bias: null, points: 0 });
});

test('a perfect forecast scores 0', () => {
  const a = accuracy([3, 1, 4], [3, 1, 4], [1, 5, 9]);
  assert.equal(a.wape, 0);
  assert.equal(a.bias, 0);
  assert.equal(a.mase, 0);
});

test('mismatched lengths are INVALID_INPUT', () => {
  assert.throws(
    () => accuracy([1, 2], [1], [1, 2]),
    (e: unknown) => isRfidError(e, 'INVALID_INPUT'),
  );
});
