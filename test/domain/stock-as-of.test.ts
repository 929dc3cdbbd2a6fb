import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayEndMs } from '../../src/domain/business-day.ts';
import { lastSnapshotDayFor, ledgerStartAfter, parseInstant } from '../../src/domain/stock-as-of.ts';

test('parseInstant: offsets, microseconds kept, impossible times refused', () => {
  assert.deepEqual(parseInstant('2026-01-01T09:00:00.1234567+09:00'), { ms: Date.parse('2026-01-01T00:00:00.123Z'), sql: '2026-01-01T00:00:00.123456Z' });
  assert.equal(parseInstant('2026-03-08T12:00-05:00')?.sql, '2026-03-08T17:00:00.000000Z');
  assert.equal(parseInstant('2024-02-29T00:00:00Z')?.sql, '2024-02-29T00:00:00.000000Z');
  for (const bad of [
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:00',
    '2026-01-01',
    'now',
    '0999-12-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
  ]) {
    assert.equal(parseInstant(bad), undefined, bad);
  }
});

test('the last snapshot day for an instant is the day before its business day, also exactly at midnight', () => {
  assert.equal(lastSnapshotDayFor(Date.parse('2026-06-02T00:00:00Z'), 'UTC'), '2026-06-01');
  assert.equal(lastSnapshotDayFor(Date.parse('2026-06-01T23:59:59.999Z'), 'UTC'), '2026-05-31');
  assert.equal(lastSnapshotDayFor(Date.parse('2026-06-01T15:00:00Z'), 'Asia/Seoul'), '2026-06-01'); // 00:00 on 06-02 in Seoul
  assert.equal(lastSnapshotDayFor(Date.parse('2026-06-01T14:59:59Z'), 'Asia/Seoul'), '2026-05-31');
  // The snapshot day's end is never after the instant.
  for (const at of ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T04:30:00Z']) {
    const ms = Date.parse(at);
    assert.ok(dayEndMs(lastSnapshotDayFor(ms, 'America/New_York'), 'America/New_York') <= ms, at);
  }
});

test('the ledger part starts at the end of the snapshot day in the business zone (DST days too)', () => {
  assert.equal(ledgerStartAfter('2026-06-01', 'Asia/Seoul'), '2026-06-01T15:00:00.000Z');
  assert.equal(ledgerStartAfter('2026-03-07', 'America/New_York'), '2026-03-08T05:00:00.000Z');
  assert.equal(ledgerStartAfter('2026-03-08', 'America/New_York'), '2026-03-09T04:00:00.000Z');
});
