import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, businessDayOf, dayEndMs, dayRange, daysBetween, dayStartMs, isValidTimeZone } from '../../src/domain/business-day.ts';
import { isRfidError } from '../../src/errors.ts';

const HOUR_MS = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

test('UTC: a day is the UTC calendar day, 24 h long', () => {
  assert.equal(businessDayOf(at('2026-06-01T00:00:00Z'), 'UTC'), '2026-06-01');
  assert.equal(businessDayOf(at('2026-06-01T23:59:59.999Z'), 'UTC'), '2026-06-01');
  assert.equal(dayStartMs('2026-06-01', 'UTC'), at('2026-06-01T00:00:00Z'));
  assert.equal(dayEndMs('2026-06-01', 'UTC'), at('2026-06-02T00:00:00Z'));
});

test('Asia/Seoul (UTC+9, no DST): the day starts at 15:00 UTC the day before', () => {
  assert.equal(dayStartMs('2026-06-01', 'Asia/Seoul'), at('2026-05-31T15:00:00Z'));
  assert.equal(businessDayOf(at('2026-05-31T14:59:59.999Z'), 'Asia/Seoul'), '2026-05-31');
  assert.equal(businessDayOf(at('2026-05-31T15:00:00Z'), 'Asia/Seoul'), '2026-06-01');
  assert.equal(dayEndMs('2026-06-01', 'Asia/Seoul') - dayStartMs('2026-06-01', 'Asia/Seoul'), 24 * HOUR_MS);
});

test('America/New_York 2026-03-08 (spring forward) is a 23 h day', () => {
  const start = dayStartMs('2026-03-08', 'America/New_York');
  const end = dayEndMs('2026-03-08', 'America/New_York');
  assert.equal(start, at('2026-03-08T05:00:00Z')); // midnight EST
  assert.equal(end, at('2026-03-09T04:00:00Z')); // midnight EDT
  assert.equal(end - start, 23 * HOUR_MS);
  assert.equal(businessDayOf(start, 'America/New_York'), '2026-03-08');
  assert.equal(businessDayOf(start - 1, 'America/New_York'), '2026-03-07');
  assert.equal(businessDayOf(end - 1, 'America/New_York'), '2026-03-08');
  assert.equal(businessDayOf(end, 'America/New_York'), '2026-03-09');
});

test('America/New_York 2026-11-01 (fall back) is a 25 h day', () => {
  const start = dayStartMs('2026-11-01', 'America/New_York');
  const end = dayEndMs('2026-11-01', 'America/New_York');
  assert.equal(start, at('2026-11-01T04:00:00Z')); // midnight EDT
  assert.equal(end, at('2026-11-02T05:00:00Z')); // midnight EST
  assert.equal(end - start, 25 * HOUR_MS);
  // Both 01:30s (EDT then EST) belong to Nov 1.
  assert.equal(businessDayOf(at('2026-11-01T05:30:00Z'), 'America/New_York'), '2026-11-01');
  assert.equal(businessDayOf(at('2026-11-01T06:30:00Z'), 'America/New_York'), '2026-11-01');
  assert.equal(businessDayOf(end - 1, 'America/New_York'), '2026-11-01');
});

test('a zone that skips midnight: the day starts when the clock jumps (America/Santiago 2026-09-06)', () => {
  // Chile springs forward at 24:00 → 01:00 local on the first Sunday of September.
  const start = dayStartMs('2026-09-06', 'America/Santiago');
  assert.equal(businessDayOf(start, 'America/Santiago'), '2026-09-06');
  assert.equal(businessDayOf(start - 1, 'America/Santiago'), '2026-09-05');
  assert.equal(start, at('2026-09-06T04:00:00Z'));
});

test('day boundaries agree with businessDayOf over a whole year in several zones', () => {
  for (const tz of ['UTC', 'Asia/Seoul', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
    for (const day of dayRange('2026-01-01', '2026-12-31')) {
      const start = dayStartMs(day, tz);
      assert.equal(businessDayOf(start, tz), day, `${tz} ${day} start`);
      assert.equal(businessDayOf(start - 1, tz), addDays(day, -1), `${tz} ${day} before start`);
      const length = dayEndMs(day, tz) - start;
      assert.ok(length >= 23 * HOUR_MS && length <= 25 * HOUR_MS, `${tz} ${day} lasts ${length / HOUR_MS} h`);
    }
  }
});

test('calendar arithmetic: addDays, daysBetween, dayRange', () => {
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(addDays('2026-03-08', 0), '2026-03-08');
  assert.equal(daysBetween('2026-03-01', '2026-03-08'), 7);
  assert.equal(daysBetween('2026-03-08', '2026-03-01'), -7);
  assert.equal(daysBetween('2025-12-31', '2026-12-31'), 365);
  assert.deepEqual(dayRange('2026-03-07', '2026-03-09'), ['2026-03-07', '2026-03-08', '2026-03-09']);
  assert.deepEqual(dayRange('2026-03-07', '2026-03-07'), ['2026-03-07']);
  assert.deepEqual(dayRange('2026-03-09', '2026-03-07'), []);
});

test('bad days and zones are INVALID_INPUT errors', () => {
  for (const bad of ['2026-2-1', '2026-02-30', 'yesterday', '']) {
    assert.throws(
      () => addDays(bad, 1),
      (e: unknown) => isRfidError(e, 'INVALID_INPUT'),
      bad,
    );
  }
  assert.throws(
    () => businessDayOf(0, 'Mars/Olympus'),
    (e: unknown) => isRfidError(e, 'INVALID_INPUT'),
  );
  assert.equal(isValidTimeZone('Asia/Seoul'), true);
  assert.equal(isValidTimeZone('UTC'), true);
  assert.equal(isValidTimeZone('Mars/Olympus'), false);
  assert.equal(isValidTimeZone(''), false);
});

test('calendar arithmetic agrees with Date over 1900–2199 (leap years, centuries)', () => {
  const base = Date.UTC(1900, 0, 1);
  for (let i = 0; i < 109_572; i += 1) {
    const expected = new Date(base + i * 86_400_000).toISOString().slice(0, 10);
    assert.equal(addDays('1900-01-01', i), expected);
    if (i % 97 === 0) assert.equal(daysBetween('1900-01-01', expected), i);
  }
});
