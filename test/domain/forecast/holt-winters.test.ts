// Reference values against statsmodels are in statsmodels-reference.test.ts; these are properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holtWinters } from '../../../src/domain/forecast/holt-winters.ts';
import { sesLevel } from '../../../src/domain/forecast/ses.ts';

const P = { alpha: 0.1, beta: 0.01, gamma: 0.1, seasonLength: 7 };
const WEEK = [12, 10, 9, 11, 15, 24, 20];

test('a pure weekly pattern is forecast exactly, on the right weekdays', () => {
  const history = Array.from({ length: 31 }, (_, i) => WEEK[i % 7]!); // ends on weekday index 2
  const f = holtWinters(history, 14, P);
  for (let h = 1; h <= 14; h++) assert.ok(Math.abs(f[h - 1]! - WEEK[(31 + h - 1) % 7]!) < 1e-9, `h=${h}`);
});

test('a weekly pattern on a linear trend: the simple initialisation is biased, and the bias decays', () => {
  // ℓ_0 = the first week's mean sits mid-week, not before day 0, so early forecasts lag a trend.
  const worstError = (n: number): number => {
    const history = Array.from({ length: n }, (_, i) => WEEK[i % 7]! + 0.5 * i);
    const f = holtWinters(history, 10, P);
    return Math.max(...f.map((v, h) => Math.abs(v - (WEEK[(n + h) % 7]! + 0.5 * (n + h)))));
  };
  assert.ok(worstError(42) > 0.5);
  assert.ok(worstError(84) < worstError(42));
  assert.ok(worstError(200) < 0.1);
});

test('shorter than two seasons: SES with the same α, flat', () => {
  const history = [3, 0, 5, 2, 0, 4, 1, 0, 6, 2, 1, 0, 4];
  assert.deepEqual(
    holtWinters(history, 3, P),
    [1, 1, 1].map(() => sesLevel(history, 0.1)),
  );
});
