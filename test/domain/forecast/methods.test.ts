import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PARAMS, FORECAST_METHODS, forecast, resolveParams } from '../../../src/domain/forecast/methods.ts';
import { holtWinters } from '../../../src/domain/forecast/holt-winters.ts';
import { isRfidError } from '../../../src/errors.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';

const HAND = [0, 3, 0, 0, 5, 0, 0, 0, 2, 0];

test('every method by name, with the documented defaults', () => {
  assert.deepEqual(forecast('ma7', HAND, 2), [1, 1]); // days 3..9: 0+5+0+0+0+2+0 = 7
  assert.ok(Math.abs(forecast('croston', HAND, 1)[0]! - 3.08 / 2.29) < 1e-12);
  assert.ok(Math.abs(forecast('croston_sba', HAND, 1)[0]! - (0.95 * 3.08) / 2.29) < 1e-12);
  assert.ok(Math.abs(forecast('tsb', HAND, 1)[0]! - 0.59165482068) < 1e-12);
  assert.equal(DEFAULT_PARAMS.alpha, 0.1);
  assert.equal(DEFAULT_PARAMS.seasonLength, 7);
  for (const m of FORECAST_METHODS) assert.equal(forecast(m, HAND, 14).length, 14, m);
});

test('params override the defaults', () => {
  assert.notDeepEqual(forecast('ses', HAND, 1, { alpha: 0.5 }), forecast('ses', HAND, 1));
});

test('a falling Holt–Winters trend is clamped at 0 in forecast(), not in holtWinters()', () => {
  const falling = Array.from({ length: 28 }, (_, i) => Math.max(0, 30 - 1.2 * i));
  const raw = holtWinters(falling, 14, { ...DEFAULT_PARAMS, beta: 0.3 });
  assert.ok(
    raw.some((v) => v < 0),
    'the model itself goes negative',
  );
  const published = forecast('holt_winters', falling, 14, { beta: 0.3 });
  assert.ok(published.every((v) => v >= 0));
  assert.deepEqual(
    published,
    raw.map((v) => Math.max(0, v)),
  );
});

test('property: never negative, always finite, on random demand of every shape', () => {
  const rand = seededRandom(42);
  for (let run = 0; run < 200; run++) {
    const n = Math.floor(rand() * 60);
    const p = rand();
    const y = Array.from({ length: n }, () => (rand() < p ? Math.floor(rand() * 20) : 0));
    for (const m of FORECAST_METHODS) {
      for (const v of forecast(m, y, 14)) assert.ok(Number.isFinite(v) && v >= 0, `${m} ${v} on ${JSON.stringify(y)}`);
    }
  }
});

test('empty history and horizon 0', () => {
  for (const m of FORECAST_METHODS) {
    assert.deepEqual(forecast(m, [], 2), [0, 0], m);
    assert.deepEqual(forecast(m, HAND, 0), [], m);
  }
});

test('bad parameters and horizons are INVALID_INPUT', () => {
  const invalid = (e: unknown): boolean => isRfidError(e, 'INVALID_INPUT');
  assert.throws(() => resolveParams({ alpha: 0 }), invalid);
  assert.throws(() => resolveParams({ gamma: 1.5 }), invalid);
  assert.throws(() => resolveParams({ seasonLength: 1 }), invalid);
  assert.throws(() => forecast('ma7', HAND, -1), invalid);
  assert.throws(() => forecast('nope' as never, HAND, 1), invalid);
});
