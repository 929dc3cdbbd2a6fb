/**
 * Stock as of an instant equals an independent oracle (Σ deltas of the inserted ledger rows with
 * event_ts ≤ T, computed here) at random instants and at the edges (a day's end, an event's own
 * instant, before the first event), in a zone with a +09:00 offset: from the whole ledger, from
 * snapshot rows plus the ledger since, and after a late event made a snapshot stale (its day
 * marked in daily_dirty_days, as the daily layer does).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addDays, businessDayOf, dayEndMs } from '../../../src/domain/business-day.ts';
import { openApi, problemOf, type TestApi } from '../../support/api.ts';
import { rng } from '../../support/events.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const ZONE = 'Asia/Seoul';
const t = makeTestEnv('asof', { RFID_TIMEZONE: ZONE, RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let key: string;

interface E {
  event_id: string;
  ms: number;
  type: 'IN' | 'OUT' | 'ADJUST';
  sku: string;
  location: string;
  qty: number;
}
const events: E[] = [];
const rand = rng(11);
const day0 = '2026-10-01';
const startMs = dayEndMs(addDays(day0, -1), ZONE); // first instant of day0 in Seoul
const SPAN_MS = 10 * 86_400_000;
const CELLS = [
  ['S-1', 'L-1'],
  ['S-2', 'L-1'],
  ['S-3', 'L-1'],
  ['S-1', 'L-2'],
] as const;

const delta = (e: E) => (e.type === 'OUT' ? -e.qty : e.qty);
const oracle = (sku: string, location: string, atMs: number) =>
  events.filter((e) => e.sku === sku && e.location === location && e.ms <= atMs).reduce((s, e) => s + delta(e), 0);
const before_ = (sku: string, location: string, endMs: number) =>
  events.filter((e) => e.sku === sku && e.location === location && e.ms < endMs).reduce((s, e) => s + delta(e), 0);

function makeEvent(sku: string, location: string, ms: number): E {
  const r = rand();
  const type = r < 0.5 ? 'IN' : r < 0.85 ? 'OUT' : 'ADJUST';
  const qty = (1 + Math.floor(rand() * 9)) * (type === 'ADJUST' && rand() < 0.5 ? -1 : 1);
  return { event_id: randomUUID(), ms, type, sku, location, qty };
}

async function insertEvents(list: readonly E[]): Promise<void> {
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[])`,
    [
      list.map((e) => e.event_id),
      list.map((e) => new Date(e.ms).toISOString()),
      list.map((e) => e.type),
      list.map((e) => e.sku),
      list.map((e) => e.location),
      list.map((e) => e.qty),
    ],
  );
  events.push(...list);
}

/** Snapshot rows as the daily layer writes them (from the oracle); then, as it does after restating, no day is dirty. */
async function writeSnapshots(days: readonly string[]): Promise<void> {
  for (const day of days) {
    const end = dayEndMs(day, ZONE);
    await services.pool.query(
      `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand) SELECT $1::date, * FROM unnest($2::text[], $3::text[], $4::int[])
       ON CONFLICT (date, sku, location) DO UPDATE SET qty_on_hand = excluded.qty_on_hand`,
      [day, CELLS.map((c) => c[0]), CELLS.map((c) => c[1]), CELLS.map((c) => before_(c[0], c[1], end))],
    );
  }
  await services.pool.query('DELETE FROM daily_dirty_days');
}

before(async () => {
  services = await openServices(t);
  // The daily layer's late-event trigger marks days in the business zone: the same zone here.
  await services.pool.query('UPDATE daily_settings SET time_zone = $1', [ZONE]);
  api = await openApi(t.config, services);
  key = await api.key('read');
  const list: E[] = [];
  for (const [sku, location] of CELLS) {
    for (let i = 0; i < 60; i++) list.push(makeEvent(sku, location, startMs + Math.floor(rand() * SPAN_MS)));
    // Events exactly at day boundaries: they belong to the day that starts there.
    for (const d of [2, 4, 6]) list.push(makeEvent(sku, location, dayEndMs(addDays(day0, d), ZONE)));
  }
  await insertEvents(list);
  await services.pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])`,
    [CELLS.map((c) => c[0]), CELLS.map((c) => c[1]), CELLS.map((c) => oracle(c[0], c[1], Infinity)), CELLS.map(() => 1)],
  );
});
after(async () => {
  await api.close();
  await services.close();
});

function instants(): number[] {
  const out: number[] = [startMs - 1, startMs + SPAN_MS + 3_600_000];
  for (let i = 0; i < 25; i++) out.push(startMs + Math.floor(rand() * SPAN_MS));
  for (const d of [1, 2, 3, 4, 6]) out.push(dayEndMs(addDays(day0, d), ZONE), dayEndMs(addDays(day0, d), ZONE) - 1);
  for (let i = 0; i < 5; i++) out.push(events[Math.floor(rand() * events.length)]!.ms);
  return out;
}

/** Every cell at every instant, one cell at a time, and every location page, against the oracle. */
async function checkAll(label: string): Promise<{ fromSnapshot: number }> {
  let fromSnapshot = 0;
  for (const ms of instants()) {
    const at = new Date(ms).toISOString();
    for (const [sku, location] of CELLS) {
      const res = await api.get(`/v1/inventory/${sku}/${location}/as-of?at=${encodeURIComponent(at)}`, key);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(
        body.qty_on_hand,
        oracle(sku, location, ms),
        `${label}: ${sku}@${location} at ${at} (${businessDayOf(ms, ZONE)} in ${ZONE}), snapshot ${body.snapshot_date}`,
      );
      if (body.snapshot_date !== null) fromSnapshot++;
    }
    // The same instant written in the business zone's own offset.
    const local = new Date(ms + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    const page1 = (await api.get(`/v1/inventory/as-of?location=L-1&limit=2&at=${encodeURIComponent(local)}`, key)).json();
    const page2 = page1.next_cursor
      ? (await api.get(`/v1/inventory/as-of?location=L-1&limit=2&at=${encodeURIComponent(local)}&cursor=${page1.next_cursor}`, key)).json()
      : { items: [] };
    const got = Object.fromEntries([...page1.items, ...page2.items].map((r: { sku: string; qty_on_hand: number }) => [r.sku, r.qty_on_hand]));
    const want = Object.fromEntries(
      CELLS.filter(([, l]) => l === 'L-1')
        .filter(([s, l]) => events.some((e) => e.sku === s && e.location === l && e.ms <= ms))
        .map(([s, l]) => [s, oracle(s, l, ms)]),
    );
    assert.deepEqual(got, want, `${label}: location L-1 at ${local}`);
  }
  return { fromSnapshot };
}

test('as-of from the whole ledger (no snapshot yet) equals the oracle', async () => {
  const { fromSnapshot } = await checkAll('ledger only');
  assert.equal(fromSnapshot, 0);
});

test('as-of from snapshots plus the ledger since equals the oracle', async () => {
  await writeSnapshots([1, 2, 3, 5, 7].map((d) => addDays(day0, d)));
  const { fromSnapshot } = await checkAll('snapshots');
  assert.ok(fromSnapshot > 0, 'some answers started from a snapshot');
  const res = await api.get(`/v1/inventory/S-1/L-1/as-of?at=${encodeURIComponent(new Date(dayEndMs(addDays(day0, 5), ZONE) + 1000).toISOString())}`, key);
  assert.equal(res.json().snapshot_date, addDays(day0, 5));
});

test('a late event: stale snapshots on or after its (dirty) day are skipped; the answer still equals the oracle', async () => {
  const lateDay = addDays(day0, 3);
  const late = makeEvent('S-1', 'L-1', dayEndMs(lateDay, ZONE) - 60_000);
  late.type = 'IN';
  late.qty = 500;
  await insertEvents([late]); // the daily layer's trigger marks its day dirty
  await services.pool.query('INSERT INTO daily_dirty_days (day) VALUES ($1) ON CONFLICT DO NOTHING', [lateDay]);
  assert.equal((await services.pool.query('SELECT min(day)::text AS d FROM daily_dirty_days')).rows[0].d, lateDay);
  // The snapshots of day 3 onwards now miss the late event: using them would be off by 500.
  const staleMs = dayEndMs(addDays(day0, 5), ZONE) + 1000;
  const stale = (
    await services.pool.query('SELECT qty_on_hand FROM inventory_snapshot_daily WHERE date = $1 AND sku = $2 AND location = $3', [
      addDays(day0, 5),
      'S-1',
      'L-1',
    ])
  ).rows[0].qty_on_hand;
  assert.notEqual(stale, before_('S-1', 'L-1', dayEndMs(addDays(day0, 5), ZONE)));
  const res = (await api.get(`/v1/inventory/S-1/L-1/as-of?at=${encodeURIComponent(new Date(staleMs).toISOString())}`, key)).json();
  assert.equal(res.snapshot_date, addDays(day0, 2), 'the newest snapshot before the dirty day');
  await checkAll('late event, dirty day');
  // The daily layer restates and clears the mark: the snapshots are trusted again.
  await writeSnapshots([3, 5, 7].map((d) => addDays(day0, d)));
  await checkAll('restated');
});

test('bad instants and unknown cells: 400 / 404 problems', async () => {
  for (const at of ['yesterday', '2026-10-01', '2026-10-01T10:00:00', '2026-02-30T00:00:00Z', '2026-10-01T24:00:00Z', '']) {
    const res = await api.get(`/v1/inventory/S-1/L-1/as-of?at=${encodeURIComponent(at)}`, key);
    assert.equal(res.statusCode, 400, at);
    assert.equal(problemOf(res).errors?.[0]?.field, 'querystring.at', at);
  }
  assert.equal((await api.get('/v1/inventory/S-1/L-1/as-of', key)).statusCode, 400);
  assert.equal((await api.get('/v1/inventory/as-of?at=2026-10-01T00:00:00Z', key)).statusCode, 400, 'location is required');
  const unknown = await api.get('/v1/inventory/S-9/L-1/as-of?at=2026-10-05T00:00:00Z', key);
  assert.equal(unknown.statusCode, 404);
  assert.equal(problemOf(unknown).code, 'NOT_FOUND');
});
