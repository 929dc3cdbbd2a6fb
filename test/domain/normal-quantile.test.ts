import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalQuantile } from '../../src/domain/normal-quantile.ts';

// Φ⁻¹(p) = √2·erfinv(2p − 1) from mpmath at 30 digits, rounded to 17, across AS 241's three ranges.
const REFERENCE: [number, number][] = [
  [0.5, 0],
  [0.8, 0.84162123357291421],
  [0.9, 1.2815515655446005],
  [0.95, 1.6448536269514727],
  [0.975, 1.9599639845400542],
  [0.99, 2.3263478740408411],
  [0.999, 3.0902323061678135],
  [0.075, -1.4395314709384559], // the edge of the central range
  [1e-10, -6.3613409024040562],
  [1e-20, -9.2623400897981532], // r > 5: the far tail
];

test('matches reference quantiles to 1e-9', () => {
  for (const [p, z] of REFERENCE) assert.ok(Math.abs(normalQuantile(p) - z) < 1e-9, `Φ⁻¹(${p}) = ${normalQuantile(p)}, expected ${z}`);
});

test('symmetric and increasing', () => {
  for (const p of [0.01, 0.1, 0.3, 0.45]) assert.ok(Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-12);
  let previous = Number.NEGATIVE_INFINITY;
  for (let p = 0.001; p < 1; p += 0.001) {
    const z = normalQuantile(p);
    assert.ok(z > previous);
    previous = z;
  }
});
