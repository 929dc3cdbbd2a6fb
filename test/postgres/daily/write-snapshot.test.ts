import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayRange } from '../../../src/domain/business-day.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';
import { writeSnapshot } from '../../../src/postgres/daily/write-snapshot.ts';
import { insertEvents, openDailyDb, readSnapshot, snapshotOracle, type DailyDb, type LedgerEvent } from '../../support/daily-db.ts';

const ZONE = 'America/New_York';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('snapshot', { RFID_TIMEZONE: ZONE });
});
after(() => db.close());

// Events every ~47 minutes from 2026-02-27 to 2026-03-14 (spring forward on 2026-03-08: a 23-hour
// day), plus events within minutes of local midnight and of the DST jump on both sides.
function ledger(): LedgerEvent[] {
  const rand = seededRandom(10);
  const events: LedgerEvent[] = [];
  const types = ['IN', 'IN', 'OUT', 'OUT', 'OUT', 'ADJUST'] as const;
  const push = (ts: number) => {
    const type = types[Math.floor(rand() * types.length)]!;
    const qty = 1 + Math.floor(rand() * 5);
    events.push({
      event_ts: new Date(ts).toISOString(),
      event_type: type,
      sku: `S${Math.floor(rand() * 6)}`,
      location: `L${Math.floor(rand() * 3)}`,
      qty: type === 'ADJUST' && rand() < 0.5 ? -qty : qty,
    });
  };
  for (let ts = Date.parse('2026-02-27T05:00:00Z'); ts < Date.parse('2026-03-15T04:00:00Z'); ts += 47 * 60_000) push(ts);
  for (const edge of [
    '2026-03-08T04:59:59Z',
    '2026-03-08T05:00:00Z',
    '2026-03-08T06:59:59Z',
    '2026-03-08T07:00:00Z',
    '2026-03-09T03:59:59Z',
    '2026-03-09T04:00:00Z',
    '2026-03-09T04:00:01Z',
  ]) {
    push(Date.parse(edge));
  }
  return events;
}

test('writeSnapshot: every day across a DST change equals the oracle (Σ ledger up to the end of the business day)', async () => {
  const events = ledger();
  await insertEvents(db.pool, events);
  for (const day of dayRange('2026-02-27', '2026-03-14')) {
    await writeSnapshot(db.pool, day, ZONE);
    assert.deepEqual(await readSnapshot(db.pool, day), snapshotOracle(events, day, ZONE), day);
  }
  // The 23-hour day: an event at 23:59:59 EDT on 03-08 (03:59:59Z on 03-09) belongs to 03-08.
  const edge = await db.pool.query<{ d: string }>("SELECT (timestamptz '2026-03-09T03:59:59Z' AT TIME ZONE $1)::date::text AS d", [ZONE]);
  assert.equal(edge.rows[0]!.d, '2026-03-08');
});

test('writeSnapshot: cells without events on a day keep their row (carried forward); a re-run changes nothing', async () => {
  const day = '2026-03-20';
  await insertEvents(db.pool, [{ event_ts: '2026-03-17T15:00:00Z', event_type: 'IN', sku: 'QUIET', location: 'L9', qty: 4 }]);
  for (const d of dayRange('2026-03-15', day)) await writeSnapshot(db.pool, d, ZONE);
  const first = await readSnapshot(db.pool, day);
  assert.equal(first.get('QUIET|L9'), 4);
  assert.equal(first.size, (await readSnapshot(db.pool, '2026-03-14')).size + 1, 'every earlier cell is still there');
  // A re-run rewrites no row whose quantity is unchanged; a late event's cell is rewritten alone.
  assert.equal(await writeSnapshot(db.pool, day, ZONE), 0);
  assert.deepEqual(await readSnapshot(db.pool, day), first);
  await insertEvents(db.pool, [{ event_ts: '2026-03-20T15:00:00Z', event_type: 'OUT', sku: 'QUIET', location: 'L9', qty: 1 }]);
  assert.equal(await writeSnapshot(db.pool, day, ZONE), 1);
  assert.deepEqual(await readSnapshot(db.pool, day), new Map([...first, ['QUIET|L9', 3]]));
});

test('writeSnapshot: the first snapshot (no day before) sums the whole ledger up to the end of the day', async () => {
  const day = addDays('2026-03-20', 30);
  await writeSnapshot(db.pool, day, ZONE);
  const events = (await db.pool.query<LedgerEvent>('SELECT event_ts::text AS event_ts, event_type, sku, location, qty FROM rfid_events')).rows.map((e) => ({
    ...e,
    event_ts: new Date(e.event_ts).toISOString(),
  }));
  assert.deepEqual(await readSnapshot(db.pool, day), snapshotOracle(events, day, ZONE));
});
