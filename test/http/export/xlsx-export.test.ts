import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wallClockDates } from '../../../src/http/export/xlsx-export.ts';

test('timestamps become the wall clock of the zone, across a DST change', () => {
  const ny = wallClockDates('America/New_York');
  // 2026-03-08 02:00 EST → 03:00 EDT (07:00Z).
  assert.equal(ny(new Date('2026-03-08T06:59:59.250Z')).toISOString(), '2026-03-08T01:59:59.250Z');
  assert.equal(ny(new Date('2026-03-08T07:00:00.000Z')).toISOString(), '2026-03-08T03:00:00.000Z');
  assert.equal(ny(new Date('2026-11-01T05:30:00.000Z')).toISOString(), '2026-11-01T01:30:00.000Z');
  assert.equal(ny(new Date('2026-11-01T06:30:00.000Z')).toISOString(), '2026-11-01T01:30:00.000Z');
  const kolkata = wallClockDates('Asia/Kolkata');
  assert.equal(kolkata(new Date('2026-06-01T00:00:00Z')).toISOString(), '2026-06-01T05:30:00.000Z');
  const utc = new Date('2026-06-01T00:00:00Z');
  assert.equal(wallClockDates('UTC')(utc), utc);
});
