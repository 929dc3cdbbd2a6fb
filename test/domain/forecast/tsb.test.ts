import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tsb, tsbRate } from '../../../src/domain/forecast/tsb.ts';
import { crostonRate } from '../../../src/domain/forecast/croston.ts';

const close = (a: number, b: number, label = ''): void => assert.ok(Math.abs(a - b) < 1e-12, `${label} ${a} vs ${b}`);

// Worked by hand (statsforecast `_tsb`, α_d = α_p = 0.1) on the Croston series:
//   y:            0    3    0     0      5       0        0         0          2           0
//   p (1[y≠0]):   0 → 0.1 → 0.09 → 0.081 → 0.1729 → 0.15561 → 0.140049 → 0.1260441 → 0.21343969 → 0.192095721
//   sizes (y>0):  3 → 3.2 → 3.08
//   TSB = 0.192095721 × 3.08 = 0.59165482068
const HAND = [0, 3, 0, 0, 5, 0, 0, 0, 2, 0];

test('TSB on the hand-worked 10-day series', () => {
  const f = tsb(HAND, 5, 0.1, 0.1);
  assert.equal(f.length, 5);
  for (const v of f) close(v, 0.59165482068);
});

test('TSB with different α for size and probability', () => {
  // p: 0 → 0.5 → 0.25 → 0.125 → 0.5625 → … ; sizes with α_d = 0.5: 3 → 4 → 3.
  let p = 0;
  for (const y of HAND.slice(1)) p += 0.5 * ((y !== 0 ? 1 : 0) - p);
  close(tsbRate(HAND, 0.5, 0.5), p * 3);
});

test('all-zero and empty histories forecast 0', () => {
  assert.deepEqual(tsb([0, 0, 0], 2, 0.1, 0.1), [0, 0]);
  assert.deepEqual(tsb([], 2, 0.1, 0.1), [0, 0]);
});

test('properties: demand every day gives that demand; the rate decays through a gap, unlike Croston', () => {
  close(tsbRate([4, 4, 4, 4], 0.1, 0.1), 4);
  const withGap = [...HAND, 0, 0, 0, 0, 0];
  assert.ok(tsbRate(withGap, 0.1, 0.1) < tsbRate(HAND, 0.1, 0.1));
  close(tsbRate(withGap, 0.1, 0.1), tsbRate(HAND, 0.1, 0.1) * 0.9 ** 5);
  close(crostonRate(withGap, 0.1), crostonRate(HAND, 0.1));
});
