/**
 * As-of against an independent oracle with the real daily layer: a ledger written in ingestion
 * order over nine business days in America/New_York (a DST change inside), snapshots built by the
 * real jobs (backfill, then the restatement that clears the late-day marks), then late events —
 * event_ts days before rows ingested earlier, some exactly on a day boundary — landing on days
 * that already have snapshots. At many seeded random instants (and every day boundary ± 1 ms),
 * `GET /v1/inventory/{sku}/{location}/as-of` and every page of `GET /v1/inventory/as-of` equal the
 * oracle Σ deltas of the test's own event list with event_ts ≤ at: with fresh snapshots, right
 * after the late events (snapshots stale, days marked), and after the daily layer restated them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addDays, dayEndMs } from '../../../src/domain/business-day.ts';
import type { JobContext } from '../../../src/jobs/job-context.ts';
import { backfillDays } from '../../../src/jobs/backfill-days.ts';
import { restateDirtyDays } from '../../../src/jobs/restate-dirty-days.ts';
import { createLogger } from '../../../src/logger.ts';
import { withDailyLock } from '../../../src/postgres/daily/daily-lock.ts';
import { syncTimeZone } from '../../../src/postgres/daily/sync-time-zone.ts';
import { openApi, type TestApi } from '../../support/api.ts';
import { rng } from '../../support/events.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const ZONE = 'America/New_York';
const SEED = 4242;
const t = makeTestEnv('asoflate', { RFID_TIMEZONE: ZONE, RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let key: string;
let ctx: JobContext;
const rand = rng(SEED);

interface E {
  ms: number;
  type: 'IN' | 'OUT' | 'ADJUST';
  sku: string;
  location: string;
  qty: number;
}
const events: E[] = [];
const FIRST_DAY = '2026-10-28';
const LAST_DAY = '2026-11-05'; // 2026-11-01 is 25 hours long in New York
const startMs = dayEndMs(addDays(FIRST_DAY, -1), ZONE);
const endMs = dayEndMs(LAST_DAY, ZONE);
// S-6 joins with the late events (a cell only a late event made).
const CELLS: Array<readonly [string, string]> = [
  ['S-1', 'L-1'],
  ['S-2', 'L-1'],
  ['S-3', 'L-1'],
  ['S-4', 'L-1'],
  ['S-1', 'L-2'],
  ['S-5', 'L-2'],
];

// The oracle: written here from the event list, sharing no code with the API.
const deltaOf = (e: E) => (e.type === 'OUT' ? -e.qty : e.qty);
const oracle = (sku: string, location: string, atMs: number) =>
  events.filter((e) => e.sku === sku && e.location === location && e.ms <= atMs).reduce((s, e) => s + deltaOf(e), 0);
const existedAt = (sku: string, location: string, atMs: number) => events.some((e) => e.sku === sku && e.location === location && e.ms <= atMs);

function makeEvent(cell: readonly [string, string], ms: number): E {
  const r = rand();
  const type = r < 0.5 ? 'IN' : r < 0.85 ? 'OUT' : 'ADJUST';
  const qty = (1 + Math.floor(rand() * 20)) * (type === 'ADJUST' && rand() < 0.5 ? -1 : 1);
  return { ms, type, sku: cell[0], location: cell[1], qty };
}

/** One INSERT statement per batch, as an ingest batch commits. */
async function ingest(batch: readonly E[]): Promise<void> {
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[])`,
    [
      batch.map(() => randomUUID()),
      batch.map((e) => new Date(e.ms).toISOString()),
      batch.map((e) => e.type),
      batch.map((e) => e.sku),
      batch.map((e) => e.location),
      batch.map((e) => e.qty),
    ],
  );
  events.push(...batch);
  await services.pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version) SELECT s, l, 0, 1 FROM unnest($1::text[], $2::text[]) AS x(s, l) ON CONFLICT DO NOTHING`,
    [batch.map((e) => e.sku), batch.map((e) => e.location)],
  );
}

before(async () => {
  services = await openServices(t);
  await syncTimeZone(services.pool, ZONE);
  api = await openApi(t.config, services);
  key = await api.key('read');
  ctx = { pool: services.pool, config: t.config, logger: createLogger('silent', 'test'), workerId: 'asof-late-test' };
  // Ingestion order = time order, in batches of 20, with S-5 appearing only on the fourth day.
  const inOrder: E[] = [];
  for (const cell of CELLS) {
    const from = cell[0] === 'S-5' ? dayEndMs(addDays(FIRST_DAY, 2), ZONE) : startMs;
    for (let i = 0; i < 45; i++) inOrder.push(makeEvent(cell, from + Math.floor(rand() * (endMs - from))));
  }
  inOrder.sort((a, b) => a.ms - b.ms);
  for (let i = 0; i < inOrder.length; i += 20) await ingest(inOrder.slice(i, i + 20));
  // The daily layer: a snapshot per day, then the restatement, which clears the marks the inserts left.
  await backfillDays(ctx, { from: FIRST_DAY, to: LAST_DAY, jobs: ['snapshot'] });
  await withDailyLock(services.pool, () => restateDirtyDays(ctx));
});
after(async () => {
  await api.close();
  await services.close();
});

function instants(extra: readonly number[]): number[] {
  const out = [startMs - 1, startMs, endMs + 3_600_000, ...extra];
  for (let i = 0; i < 60; i++) out.push(startMs + Math.floor(rand() * (endMs - startMs)));
  for (let d = 0; d < 9; d++) {
    const end = dayEndMs(addDays(FIRST_DAY, d), ZONE);
    out.push(end - 1, end, end + 1);
  }
  return out;
}

async function listAt(location: string, at: string): Promise<Record<string, number>> {
  const got: Record<string, number> = {};
  let cursor: string | null = null;
  for (let n = 0; n < 20; n++) {
    const res = await api.get(`/v1/inventory/as-of?location=${location}&limit=2&at=${encodeURIComponent(at)}${cursor ? `&cursor=${cursor}` : ''}`, key);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { items: Array<{ sku: string; qty_on_hand: number }>; next_cursor: string | null };
    for (const item of body.items) {
      assert.equal(got[item.sku], undefined, `${item.sku} twice`);
      got[item.sku] = item.qty_on_hand;
    }
    cursor = body.next_cursor;
    if (!cursor) return got;
  }
  throw new Error('too many pages');
}

/** Every cell and both locations at every instant against the oracle; how many answers started from a snapshot. */
async function checkAll(label: string, extra: readonly number[] = []): Promise<number> {
  let fromSnapshot = 0;
  for (const ms of instants(extra)) {
    const at = new Date(ms).toISOString();
    for (const [sku, location] of CELLS) {
      const res = await api.get(`/v1/inventory/${sku}/${location}/as-of?at=${encodeURIComponent(at)}`, key);
      assert.equal(res.statusCode, 200, `${label}: ${sku}@${location} at ${at}: ${res.body}`);
      const body = res.json() as { qty_on_hand: number; snapshot_date: string | null };
      assert.equal(body.qty_on_hand, oracle(sku, location, ms), `${label}: ${sku}@${location} at ${at} (snapshot ${body.snapshot_date}, seed ${SEED})`);
      if (body.snapshot_date !== null) fromSnapshot++;
    }
    for (const location of ['L-1', 'L-2']) {
      const want = Object.fromEntries(CELLS.filter(([s, l]) => l === location && existedAt(s, l, ms)).map(([s, l]) => [s, oracle(s, l, ms)]));
      assert.deepEqual(await listAt(location, at), want, `${label}: list ${location} at ${at} (seed ${SEED})`);
    }
  }
  return fromSnapshot;
}

test('fresh snapshots from the real jobs: single cell and list equal the oracle at random instants and day boundaries', async () => {
  const dirty = await services.pool.query('SELECT count(*)::int AS n FROM daily_dirty_days');
  assert.equal(dirty.rows[0].n, 0, 'the restatement cleared the marks');
  const fromSnapshot = await checkAll('fresh');
  assert.ok(fromSnapshot > 100, `${fromSnapshot} answers started from a snapshot`);
});

test('late events on snapshotted days: right at once (stale snapshots skipped), and after the daily layer restates', async () => {
  // Ingested now, dated days back: before rows that were ingested earlier, across snapshot days, some exactly at a day's start.
  const late: E[] = [];
  for (const cell of CELLS.slice(0, 4)) {
    late.push(makeEvent(cell, dayEndMs(addDays(FIRST_DAY, 2), ZONE))); // exactly the start of day 4
    late.push(makeEvent(cell, dayEndMs(addDays(FIRST_DAY, 4), ZONE) - 1)); // last ms of day 5 (1 November, 25 h)
    for (let i = 0; i < 3; i++) late.push(makeEvent(cell, startMs + Math.floor(rand() * (endMs - startMs - 86_400_000))));
  }
  late.push({ ms: dayEndMs(addDays(FIRST_DAY, 1), ZONE) + 5, type: 'IN', sku: 'S-6', location: 'L-2', qty: 7 }); // a cell only a late event made
  CELLS.push(['S-6', 'L-2']);
  await ingest(late);
  const marked = await services.pool.query<{ d: string }>('SELECT min(day)::text AS d FROM daily_dirty_days');
  assert.ok(marked.rows[0]!.d !== null && marked.rows[0]!.d <= addDays(FIRST_DAY, 3), 'the late days are marked');
  const lateMs = late.map((e) => e.ms);
  await checkAll('late, before restatement', lateMs);
  await withDailyLock(services.pool, () => restateDirtyDays(ctx));
  assert.equal((await services.pool.query('SELECT count(*)::int AS n FROM daily_dirty_days')).rows[0].n, 0);
  const fromSnapshot = await checkAll('late, restated', lateMs);
  assert.ok(fromSnapshot > 100, `${fromSnapshot} answers started from a restated snapshot`);
});
