import { test } from 'node:test';
import assert from 'node:assert/strict';
import { croston, crostonRate, crostonSba } from '../../../src/domain/forecast/croston.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';

const close = (a: number, b: number, label = ''): void => assert.ok(Math.abs(a - b) < 1e-12, `${label} ${a} vs ${b}`);

// Worked by hand (statsforecast `_croston_classic` with α = 0.1):
//   day:        0  1  2  3  4  5  6  7  8  9
//   y:          0  3  0  0  5  0  0  0  2  0
//   demands (`_demand`, y > 0) at days 1, 4, 8: sizes 3, 5, 2
//   intervals (`_intervals`, diff(idx + 1, prepend 0)): 2, 3, 4
//   SES sizes (level starts at the first):     3 → 3 + 0.1(5 − 3) = 3.2 → 3.2 + 0.1(2 − 3.2) = 3.08
//   SES intervals:                             2 → 2 + 0.1(3 − 2) = 2.1 → 2.1 + 0.1(4 − 2.1) = 2.29
//   Croston = 3.08 / 2.29 = 1.3449781659388647…
//   SBA     = 1.3449781659388647 × (1 − 0.1/2) = 1.2777292576419215…
const HAND = [0, 3, 0, 0, 5, 0, 0, 0, 2, 0];

test('classic Croston on the hand-worked 10-day series', () => {
  const f = croston(HAND, 14, 0.1);
  assert.equal(f.length, 14);
  for (const v of f) close(v, 3.08 / 2.29);
  close(f[0]!, 1.3449781659388647);
});

test('Croston SBA on the hand-worked series is the classic rate × 0.95 (α = 0.1)', () => {
  const f = crostonSba(HAND, 3, 0.1);
  for (const v of f) close(v, 1.2777292576419215);
  // With another α the factor is 1 − α/2.
  close(crostonSba(HAND, 1, 0.2)[0]!, crostonRate(HAND, 0.2) * 0.9);
});

test('one demand: the rate is that size over its interval from the start', () => {
  // Demand of 6 on day 2 → size 6, interval 3 → 2/day.
  close(crostonRate([0, 0, 6, 0, 0], 0.1), 2);
});

test('no demand: statsforecast falls back to the naive forecast, 0 for zero-filled demand', () => {
  assert.deepEqual(croston([0, 0, 0, 0], 3, 0.1), [0, 0, 0]);
  assert.deepEqual(crostonSba([], 2, 0.1), [0, 0]);
});

test('properties: demand every day gives that demand; scaling; trailing zeros change nothing', () => {
  close(crostonRate([5, 5, 5, 5, 5], 0.1), 5);
  const rand = seededRandom(7);
  for (let run = 0; run < 50; run++) {
    const y = Array.from({ length: 40 }, () => (rand() < 0.3 ? 1 + Math.floor(rand() * 9) : 0));
    const rate = crostonRate(y, 0.1);
    assert.ok(rate >= 0);
    close(
      crostonRate(
        y.map((v) => v * 3),
        0.1,
      ),
      3 * rate,
      'scaling',
    );
    // Croston only updates on demand days: the rate is flat through a gap (unlike TSB).
    close(crostonRate([...y, 0, 0, 0, 0], 0.1), rate, 'trailing zeros');
    // A prefix `end` equals the rate of the sliced series.
    close(crostonRate(y, 0.1, 25), crostonRate(y.slice(0, 25), 0.1), 'end');
  }
});
