import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIntArray, seriesFromWindow } from '../../../src/domain/forecast/demand-window.ts';

test('parseIntArray: Postgres int[] text, negatives and multi-digit values, count returned', () => {
  const out = new Array<number>(5).fill(-1);
  assert.equal(parseIntArray('{0,-3,120,7}', out), 4);
  assert.deepEqual(out.slice(0, 4), [0, -3, 120, 7]);
  assert.equal(parseIntArray('{}', out), 0);
});

test('seriesFromWindow: the history ending at D, days after the window shipped nothing, too short a window refused', () => {
  const window = [1, 2, 3, 4, 5];
  const out = new Array<number>(3).fill(-1);
  // The window ends 2 days after D: D is its 3rd day.
  assert.equal(seriesFromWindow(window, 5, 2, 3, out), true);
  assert.deepEqual(out, [1, 2, 3]);
  // The window ends at D.
  assert.equal(seriesFromWindow(window, 5, 0, 3, out), true);
  assert.deepEqual(out, [3, 4, 5]);
  // The cell last shipped 2 days before D.
  assert.equal(seriesFromWindow(window, 5, -2, 3, out), true);
  assert.deepEqual(out, [5, 0, 0]);
  // D − 2 is before the window's first day.
  assert.equal(seriesFromWindow(window, 5, 3, 3, out), false);
  // No window: nothing shipped.
  assert.equal(seriesFromWindow(null, 5, 0, 3, out), true);
  assert.deepEqual(out, [0, 0, 0]);
});
