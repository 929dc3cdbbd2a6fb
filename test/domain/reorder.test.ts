import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalQuantile, reorderSignal } from '../../src/domain/reorder.ts';
import { isRfidError } from '../../src/errors.ts';

const close = (a: number | null, b: number, eps = 1e-9): void => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} vs ${b}`);

test('worked example: safety stock z·σ·√L, ROP = mean·L + SS, cover and stockout at the mean', () => {
  // Demand 4 6 4 6: mean 5, sample σ = √((1+1+1+1)/3) = 1.1547005383792515.
  // z(0.95) = 1.6448536269514727…; L = 4 → √L = 2; SS = 1.6448536 × 1.1547005 × 2 = 3.7986267…
  // ROP = 5 × 4 + 3.7986267 = 23.7986267; on-hand 20 < ROP → below.
  // Cover 20 / 5 = 4 days from 2026-06-01 → out on 2026-06-05.
  const s = reorderSignal({ demand: [4, 6, 4, 6], onHand: 20, leadTimeDays: 4, serviceLevel: 0.95, originDay: '2026-06-01' });
  close(s.meanDaily, 5);
  close(s.sdDaily, Math.sqrt(4 / 3));
  close(s.z, 1.6448536269514727);
  close(s.safetyStock, 1.6448536269514727 * Math.sqrt(4 / 3) * 2);
  close(s.safetyStock, 3.7986267371918574);
  close(s.reorderPoint, 23.798626737191857);
  close(s.daysOfCover, 4);
  assert.equal(s.stockoutDate, '2026-06-05');
  assert.equal(s.belowReorderPoint, true);
  assert.equal(reorderSignal({ demand: [4, 6, 4, 6], onHand: 24, leadTimeDays: 4, serviceLevel: 0.95, originDay: '2026-06-01' }).belowReorderPoint, false);
});

test('a higher service level or a longer lead time raises the reorder point', () => {
  const base = { demand: [1, 5, 2, 8, 0, 3], onHand: 10, leadTimeDays: 3, serviceLevel: 0.9, originDay: '2026-06-01' };
  const rop = reorderSignal(base).reorderPoint;
  assert.ok(reorderSignal({ ...base, serviceLevel: 0.99 }).reorderPoint > rop);
  assert.ok(reorderSignal({ ...base, leadTimeDays: 7 }).reorderPoint > rop);
});

test('cover and stockout follow the forward forecast when given, fractional, then its mean', () => {
  // On-hand 10 along 2, 3, 4, 5: after D+3 1 is left (10 − 9), D+4 uses 5 → 3 + 1/5 = 3.2 days, out on D+4.
  const s = reorderSignal({ demand: [1, 1], onHand: 10, leadTimeDays: 2, serviceLevel: 0.95, originDay: '2026-12-30', forecastDaily: [2, 3, 4, 5] });
  close(s.daysOfCover, 3.2);
  assert.equal(s.stockoutDate, '2027-01-03');
  // Past the forecast: 20 on hand, forecast 2 2 → 16 left, then at mean 2/day → 2 + 8 = 10 days.
  close(reorderSignal({ demand: [9], onHand: 20, leadTimeDays: 1, serviceLevel: 0.95, originDay: '2026-06-01', forecastDaily: [2, 2] }).daysOfCover, 10);
  // Used up exactly at the end of a day: out that day.
  const exact = reorderSignal({ demand: [], onHand: 5, leadTimeDays: 1, serviceLevel: 0.95, originDay: '2026-06-01', forecastDaily: [5, 5] });
  close(exact.daysOfCover, 1);
  assert.equal(exact.stockoutDate, '2026-06-02');
});

test('no demand: no stockout; nothing on hand: out already; strictly below ROP', () => {
  const idle = reorderSignal({ demand: [0, 0, 0], onHand: 0, leadTimeDays: 5, serviceLevel: 0.95, originDay: '2026-06-01' });
  assert.equal(idle.reorderPoint, 0);
  assert.equal(idle.belowReorderPoint, false);
  close(idle.daysOfCover, 0);
  assert.equal(idle.stockoutDate, '2026-06-01');
  const stocked = reorderSignal({ demand: [0, 0, 0], onHand: 5, leadTimeDays: 5, serviceLevel: 0.95, originDay: '2026-06-01' });
  assert.equal(stocked.daysOfCover, null);
  assert.equal(stocked.stockoutDate, null);
  const negative = reorderSignal({ demand: [2, 2], onHand: -3, leadTimeDays: 1, serviceLevel: 0.95, originDay: '2026-06-01' });
  assert.equal(negative.belowReorderPoint, true);
  assert.equal(negative.stockoutDate, '2026-06-01');
  // One day of history: σ = 0, SS = 0.
  assert.equal(reorderSignal({ demand: [3], onHand: 1, leadTimeDays: 2, serviceLevel: 0.95, originDay: '2026-06-01' }).safetyStock, 0);
  // Very slow demand: cover beyond 100 years has no date.
  assert.equal(reorderSignal({ demand: [1e-9], onHand: 1, leadTimeDays: 2, serviceLevel: 0.95, originDay: '2026-06-01' }).stockoutDate, null);
});

test('bad service levels and lead times are INVALID_INPUT', () => {
  const invalid = (e: unknown): boolean => isRfidError(e, 'INVALID_INPUT');
  const base = { demand: [1], onHand: 1, leadTimeDays: 1, serviceLevel: 0.95, originDay: '2026-06-01' };
  assert.throws(() => reorderSignal({ ...base, serviceLevel: 1 }), invalid);
  assert.throws(() => reorderSignal({ ...base, serviceLevel: 0 }), invalid);
  assert.throws(() => reorderSignal({ ...base, leadTimeDays: -1 }), invalid);
  assert.throws(() => normalQuantile(Number.NaN), invalid);
});
