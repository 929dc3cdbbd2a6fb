import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayRange } from '../../src/domain/business-day.ts';
import { runCli } from '../support/test-env.ts';
import { insertEvents, openDailyDb, readSnapshot, snapshotOracle, type DailyDb, type LedgerEvent } from '../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('jobscli', { RFID_TIMEZONE: 'Europe/London', RFID_FORECAST_HORIZON_DAYS: '4' });
});
after(() => db.close());

const events: LedgerEvent[] = dayRange('2026-03-20', '2026-04-02').flatMap((d, i) => [
  { event_ts: `${d}T10:00:00Z`, event_type: 'IN' as const, sku: 'A', location: 'L1', qty: 4 },
  { event_ts: `${d}T23:30:00Z`, event_type: 'OUT' as const, sku: 'A', location: 'L1', qty: 1 + (i % 3) }, // 00:30 BST the next day from 03-29
]);

test('rfid jobs backfill --json: every day in order with per-job rows on stdout, a progress line on stderr; snapshots equal the oracle', async () => {
  await insertEvents(db.pool, events);
  const r = await runCli(['jobs', 'backfill', '--from', '2026-03-25', '--to', '2026-04-01', '--json'], db.t.env, { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { from: string; to: string; days: Array<{ day: string; rows: Record<string, number> }> };
  assert.deepEqual(
    out.days.map((d) => d.day),
    dayRange('2026-03-25', '2026-04-01'),
  );
  assert.deepEqual(Object.keys(out.days[0]!.rows), ['snapshot', 'forecast', 'reorder']);
  assert.deepEqual(Object.keys(out.days.at(-1)!.rows), ['snapshot', 'forecast', 'reorder', 'alerts']);
  assert.equal(out.days[0]!.rows.snapshot, 1);
  assert.match(r.stderr, /backfill 2026-03-25\.\.2026-04-01 .*100%\s+8\/8/);
  for (const day of dayRange('2026-03-25', '2026-04-01')) assert.deepEqual(await readSnapshot(db.pool, day), snapshotOracle(events, day, 'Europe/London'), day);
});

test('rfid jobs run snapshot --date, one job only; rfid jobs list shows it first', async () => {
  const r = await runCli(['jobs', 'run', 'snapshot', '--date', '2026-04-02'], db.t.env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✔ snapshot 2026-04-02: 1 rows/);
  const list = await runCli(['jobs', 'list', '--json', '--limit', '2'], db.t.env);
  const rows = list.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { job: string; day: string; trigger: string; status: string });
  assert.deepEqual(
    rows.map((x) => [x.job, x.day, x.trigger, x.status]),
    [
      ['snapshot', '2026-04-02', 'cli', 'done'],
      ['alerts', '2026-04-01', 'backfill', 'done'],
    ],
  );
});

test('rfid jobs: a bad day or job name is a usage error naming the option', async () => {
  const bad = await runCli(['jobs', 'run', 'snapshot', '--date', '2026-02-30'], db.t.env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--date "2026-02-30": must be a day YYYY-MM-DD/);
  const unknown = await runCli(['jobs', 'backfill', 'nightly', '--from', '2026-03-25', '--to', '2026-03-26'], db.t.env);
  assert.match(unknown.stderr, /unknown job "nightly": one of snapshot, forecast, reorder, alerts/);
});
