import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayRange } from '../../src/domain/business-day.ts';
import { describeError, isRfidError } from '../../src/errors.ts';
import { runDailySchedule } from '../../src/jobs/run-daily-schedule.ts';
import { insertEvents, openDailyDb, readSnapshot, snapshotOracle, type DailyDb, type LedgerEvent } from '../support/daily-db.ts';

const ZONE = 'America/Chicago';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('schedule', { RFID_TIMEZONE: ZONE, RFID_DAILY_RUN_AT: '02:00', RFID_FORECAST_HORIZON_DAYS: '3' });
});
after(() => db.close());

const scheduledDays = async () =>
  (
    await db.pool.query<{ day: string; status: string; attempt: number }>(
      "SELECT day::text AS day, status, attempt FROM daily_job_runs WHERE job = 'day' AND trigger = 'schedule' ORDER BY id",
    )
  ).rows;

const events: LedgerEvent[] = dayRange('2026-10-25', '2026-11-06').flatMap((d, i) => [
  { event_ts: `${d}T15:00:00Z`, event_type: 'IN' as const, sku: 'A', location: 'L1', qty: 5 },
  { event_ts: `${d}T23:30:00Z`, event_type: 'OUT' as const, sku: 'A', location: 'L1', qty: 1 + (i % 2) },
]);

test('runDailySchedule: first run does the latest due day; three missed days are caught up in order; then nothing is owed', async () => {
  await insertEvents(db.pool, events);
  await db.pool.query('DELETE FROM daily_dirty_days');
  // 02:00 CDT on 10-30 → 10-29 is due.
  assert.deepEqual(await runDailySchedule(db.ctx, new Date('2026-10-30T07:00:00Z')), { restated: [], scheduled: ['2026-10-29'] });
  // Down until 03:00 CST on 11-02 (DST ended on 11-01): 10-30, 10-31 and 11-01 are owed.
  assert.deepEqual(await runDailySchedule(db.ctx, new Date('2026-11-02T09:00:00Z')), { restated: [], scheduled: ['2026-10-30', '2026-10-31', '2026-11-01'] });
  assert.deepEqual(await runDailySchedule(db.ctx, new Date('2026-11-02T09:01:00Z')), { restated: [], scheduled: [] });
  assert.deepEqual(
    (await scheduledDays()).map((r) => r.day),
    ['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01'],
  );
  for (const day of ['2026-10-31', '2026-11-01']) assert.deepEqual(await readSnapshot(db.pool, day), snapshotOracle(events, day, ZONE));
  const steps = await db.pool.query<{ job: string }>("SELECT job FROM daily_job_runs WHERE day = '2026-11-01' AND trigger = 'schedule' ORDER BY id");
  assert.deepEqual(
    steps.rows.map((r) => r.job),
    ['day', 'snapshot', 'forecast', 'reorder', 'alerts'],
  );
});

test('runDailySchedule: a job that throws is recorded, stops the catch-up, waits its backoff, then is retried as attempt 2', async () => {
  await db.pool.query(`CREATE FUNCTION fail_reorder() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
    CREATE TRIGGER fail_reorder BEFORE INSERT ON reorder_signals FOR EACH STATEMENT EXECUTE FUNCTION fail_reorder()`);
  const now = new Date('2026-11-04T09:00:00Z'); // 11-02 and 11-03 are owed
  // The driver's error crosses the boundary as an RfidError saying not to retry blindly, with the cause.
  await assert.rejects(runDailySchedule(db.ctx, now), (e: unknown) => isRfidError(e, 'POSTGRES_FAILED') && /disk full \(test\)/.test(describeError(e)));
  const failed = await db.pool.query<{ job: string; status: string; error: string }>(
    "SELECT job, status, error FROM daily_job_runs WHERE day = '2026-11-02' ORDER BY id",
  );
  assert.deepEqual(
    failed.rows.map((r) => [r.job, r.status]),
    [
      ['day', 'failed'],
      ['snapshot', 'done'],
      ['forecast', 'done'],
      ['reorder', 'failed'],
    ],
  );
  assert.match(failed.rows[0]!.error, /disk full/);
  // Within the backoff nothing runs (and 11-03 waits behind 11-02).
  await db.pool.query('DROP TRIGGER fail_reorder ON reorder_signals');
  assert.deepEqual(await runDailySchedule(db.ctx, now), { restated: [], scheduled: [] });
  await db.pool.query("UPDATE daily_job_runs SET finished_at = finished_at - interval '61 seconds' WHERE status = 'failed'");
  assert.deepEqual(await runDailySchedule(db.ctx, now), { restated: [], scheduled: ['2026-11-02', '2026-11-03'] });
  assert.deepEqual((await scheduledDays()).slice(-3), [
    { day: '2026-11-02', status: 'failed', attempt: 1 },
    { day: '2026-11-02', status: 'done', attempt: 2 },
    { day: '2026-11-03', status: 'done', attempt: 1 },
  ]);
});
