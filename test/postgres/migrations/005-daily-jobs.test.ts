import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addDays, businessDayOf, dayStartMs } from '../../../src/domain/business-day.ts';
import type { PlacedEvent } from '../../../src/domain/ingest-batch.ts';
import { applyEvents } from '../../../src/postgres/ingest/apply-events.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { insertEvents, openDailyDb, type DailyDb } from '../../support/daily-db.ts';

const ZONE = 'Asia/Seoul';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('latedays', { RFID_TIMEZONE: ZONE });
});
after(() => db.close());

const dirty = async () => (await db.pool.query<{ day: string; mark: number }>('SELECT day::text AS day, mark FROM daily_dirty_days ORDER BY day')).rows;

test('late-days trigger: a batch of only current-day events marks nothing', async () => {
  const now = new Date().toISOString();
  await insertEvents(db.pool, [
    { event_ts: now, event_type: 'IN', sku: 'A', location: 'L1', qty: 1 },
    { event_ts: now, event_type: 'OUT', sku: 'B', location: 'L1', qty: 1 },
  ]);
  assert.deepEqual(await dirty(), []);
});

test('late-days trigger: marks exactly the distinct business days (in RFID_TIMEZONE) before today that a batch touched', async () => {
  const today = businessDayOf(Date.now(), ZONE);
  // 15:30Z is 00:30 the next day in Seoul: the day is the zone's, not UTC's.
  const utcDay = addDays(today, -5);
  await insertEvents(db.pool, [
    { event_ts: `${utcDay}T15:30:00Z`, event_type: 'IN', sku: 'A', location: 'L1', qty: 2 },
    { event_ts: `${utcDay}T16:00:00Z`, event_type: 'IN', sku: 'B', location: 'L1', qty: 2 },
    { event_ts: `${addDays(today, -2)}T03:00:00Z`, event_type: 'OUT', sku: 'A', location: 'L1', qty: 1 },
    { event_ts: new Date().toISOString(), event_type: 'IN', sku: 'C', location: 'L1', qty: 1 },
  ]);
  assert.deepEqual(
    (await dirty()).map((d) => d.day),
    [addDays(today, -4), addDays(today, -2)],
  );
});

test('late-days trigger: marking a marked day again gives it a new mark', async () => {
  const before = await dirty();
  const day = before[0]!.day;
  await insertEvents(db.pool, [{ event_ts: `${day}T03:00:00Z`, event_type: 'IN', sku: 'A', location: 'L1', qty: 1 }]);
  const afterMark = await dirty();
  assert.equal(afterMark.length, before.length);
  assert.ok(afterMark[0]!.mark > before[0]!.mark);
  assert.equal(afterMark[1]!.mark, before[1]!.mark);
});

test('late-days trigger: a statement that inserts nothing (all duplicates) marks nothing', async () => {
  await db.pool.query('DELETE FROM daily_dirty_days');
  const id = '00000000-0000-4000-8000-0000000000aa';
  await insertEvents(db.pool, [{ event_id: id, event_ts: new Date().toISOString(), event_type: 'IN', sku: 'D', location: 'L1', qty: 1 }]);
  await db.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES ($1, '2020-01-01T00:00:00Z', 'IN', 'D', 'L1', 1)
     ON CONFLICT (event_id) DO NOTHING`,
    [id],
  );
  assert.deepEqual(await dirty(), []);
});

test('late-days trigger: the ingest apply (binary COPY to staging, INSERT … ON CONFLICT in a CTE) marks late days; a duplicate marks nothing', async () => {
  await db.pool.query('DELETE FROM daily_dirty_days');
  const today = businessDayOf(Date.now(), ZONE);
  const late = addDays(today, -3);
  const at = (ms: number, id = randomUUID()): PlacedEvent => ({
    event: {
      event_id: id,
      event_ts: new Date(ms).toISOString(),
      eventTimeMs: ms,
      event_type: 'IN',
      sku: 'I',
      location: 'L1',
      qty: 1,
      device_id: null,
      ref_event_id: null,
    },
    partition: 0,
    offset: 0n,
    recordTimestampMs: ms,
  });
  const lateId = randomUUID();
  await withTransaction(db.pool, (c) => applyEvents(c, [at(Date.now()), at(dayStartMs(late, ZONE) + 3_600_000, lateId)]));
  assert.deepEqual(
    (await dirty()).map((d) => d.day),
    [late],
  );
  await db.pool.query('DELETE FROM daily_dirty_days');
  // The same late event again is a duplicate: nothing inserted, nothing marked.
  await withTransaction(db.pool, (c) => applyEvents(c, [at(dayStartMs(late, ZONE) + 3_600_000, lateId)]));
  assert.deepEqual(await dirty(), []);
});
