import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findDueDays } from '../../../src/postgres/daily/find-due-days.ts';
import { hasLedgerBefore } from '../../../src/postgres/daily/has-ledger-before.ts';
import { finishJobRun } from '../../../src/postgres/daily/finish-job-run.ts';
import { listJobRuns } from '../../../src/postgres/daily/list-job-runs.ts';
import { readRetryWait } from '../../../src/postgres/daily/read-retry-wait.ts';
import { snapshotDayBounds } from '../../../src/postgres/daily/snapshot-day-bounds.ts';
import { startJobRun } from '../../../src/postgres/daily/start-job-run.ts';
import { writeSnapshot } from '../../../src/postgres/daily/write-snapshot.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('jobruns');
});
after(() => db.close());

const done = async (day: string) => {
  const { id } = await startJobRun(db.pool, { job: 'day', day, trigger: 'schedule', workerId: 'w' });
  await finishJobRun(db.pool, id, { status: 'done', rows: 1 });
};

test('findDueDays: with no history only the latest due day; DST days neither skipped nor doubled', async () => {
  const zone = 'America/New_York';
  const due = (iso: string) => findDueDays(db.pool, { timeZone: zone, runAt: '00:30', catchUpMaxDays: 31, now: new Date(iso) });
  // 00:29 EST on 03-08 → day 03-06 is the latest due; 00:30 → 03-07.
  assert.deepEqual(await due('2026-03-08T05:29:00Z'), ['2026-03-06']);
  assert.deepEqual(await due('2026-03-08T05:30:00Z'), ['2026-03-07']);
  await done('2026-03-07');
  // 00:30 EDT on 03-09 (after the 23-hour day) → 03-08, once.
  assert.deepEqual(await due('2026-03-09T04:29:00Z'), []);
  assert.deepEqual(await due('2026-03-09T04:30:00Z'), ['2026-03-08']);
  await done('2026-03-08');
  assert.deepEqual(await due('2026-03-09T23:00:00Z'), []);
});

test('findDueDays: after downtime every missed day, oldest first, at most catchUpMaxDays', async () => {
  const now = new Date('2026-03-12T12:00:00Z');
  assert.deepEqual(await findDueDays(db.pool, { timeZone: 'America/New_York', runAt: '00:30', catchUpMaxDays: 31, now }), [
    '2026-03-09',
    '2026-03-10',
    '2026-03-11',
  ]);
  assert.deepEqual(await findDueDays(db.pool, { timeZone: 'America/New_York', runAt: '00:30', catchUpMaxDays: 2, now }), ['2026-03-10', '2026-03-11']);
});

test('startJobRun/finishJobRun: attempts count the failures since the last success; a second scheduled success of a day is refused', async () => {
  const first = await startJobRun(db.pool, { job: 'snapshot', day: '2026-03-09', trigger: 'cli', workerId: 'w' });
  assert.equal(first.attempt, 1);
  await finishJobRun(db.pool, first.id, { status: 'failed', error: 'boom' });
  const second = await startJobRun(db.pool, { job: 'snapshot', day: '2026-03-09', trigger: 'cli', workerId: 'w' });
  assert.equal(second.attempt, 2);
  await finishJobRun(db.pool, second.id, { status: 'done', rows: 5 });
  assert.equal((await startJobRun(db.pool, { job: 'snapshot', day: '2026-03-09', trigger: 'cli', workerId: 'w' })).attempt, 1);
  await assert.rejects(done('2026-03-08'), /daily_job_runs_one_scheduled_day/);
});

test('listJobRuns: newest first, filtered by job', async () => {
  const runs = await listJobRuns(db.pool, { job: 'snapshot', limit: 10 });
  assert.deepEqual(
    runs.map((r) => [r.status, r.attempt]),
    [
      ['running', 1],
      ['done', 2],
      ['failed', 1],
    ],
  );
  assert.equal(runs[1]!.rows, 5);
  assert.equal(runs[2]!.error, 'boom');
  assert.equal(runs[0]!.day, '2026-03-09');
});

test('readRetryWait: 0 without failures; after failures a growing wait from the last one', async () => {
  assert.equal(await readRetryWait(db.pool, '2026-03-20'), 0);
  const fail = async () => {
    const { id } = await startJobRun(db.pool, { job: 'day', day: '2026-03-20', trigger: 'schedule', workerId: 'w' });
    await finishJobRun(db.pool, id, { status: 'failed', error: 'x' });
  };
  await fail();
  const one = await readRetryWait(db.pool, '2026-03-20');
  assert.ok(one > 50 && one <= 60, String(one));
  await fail();
  const two = await readRetryWait(db.pool, '2026-03-20');
  assert.ok(two > 110 && two <= 120, String(two));
});

test('snapshotDayBounds: null before the first snapshot, then the oldest and newest day', async () => {
  assert.deepEqual(await snapshotDayBounds(db.pool), { first: null, last: null });
  await db.pool.query(
    "INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES (gen_random_uuid(), '2026-03-01T12:00:00Z', 'IN', 'A', 'L', 1)",
  );
  await writeSnapshot(db.pool, '2026-03-02', 'UTC');
  await writeSnapshot(db.pool, '2026-03-04', 'UTC');
  assert.deepEqual(await snapshotDayBounds(db.pool), { first: '2026-03-02', last: '2026-03-04' });
});

test('hasLedgerBefore: whether any event lies before an instant', async () => {
  assert.equal(await hasLedgerBefore(db.pool, new Date('2026-03-01T12:00:00Z')), false);
  assert.equal(await hasLedgerBefore(db.pool, new Date('2026-03-01T12:00:01Z')), true);
});
