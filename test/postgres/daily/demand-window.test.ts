import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayRange } from '../../../src/domain/business-day.ts';
import { DEMAND_WINDOW_DAYS, parseIntArray, seriesFromWindow } from '../../../src/domain/forecast/demand-window.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';
import { readDemandWindowState } from '../../../src/postgres/daily/read-demand-window-state.ts';
import { writeSnapshot } from '../../../src/postgres/daily/write-snapshot.ts';
import { readDailyOut } from '../../../src/postgres/forecast/read-daily-out.ts';
import { insertEvents, openDailyDb, type DailyDb, type LedgerEvent } from '../../support/daily-db.ts';

// A zone with a DST change inside the range (Europe/Berlin, 2026-03-29), so days are cut locally.
const ZONE = 'Europe/Berlin';
const FIRST = '2026-03-01';
const LAST = '2026-04-20';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('demandwindow', { RFID_TIMEZONE: ZONE });
});
after(() => db.close());

function randomEvents(seed: number, from: string, to: string, count: number): LedgerEvent[] {
  const rand = seededRandom(seed);
  const start = Date.parse(`${from}T00:00:00Z`);
  const span = Date.parse(`${to}T23:00:00Z`) - start;
  const types = ['IN', 'OUT', 'OUT', 'OUT', 'ADJUST'] as const;
  return Array.from({ length: count }, () => {
    const type = types[Math.floor(rand() * types.length)]!;
    return {
      event_ts: new Date(start + Math.floor(rand() * span)).toISOString(),
      event_type: type,
      sku: `S${Math.floor(rand() * 8)}`,
      location: `L${Math.floor(rand() * 3)}`,
      qty: 1 + Math.floor(rand() * 6),
    };
  });
}

/** Every cell's `length`-day series ending at `day` from the window, against the ledger's. */
async function assertWindowMatchesLedger(day: string, length: number): Promise<void> {
  const cells = (
    await db.pool.query<{ sku: string; location: string; lag: number | null; w: string | null }>(
      `SELECT s.sku, s.location, (w.last_day - $1::date) AS lag, w.out_qty::text AS w
       FROM inventory_snapshot_daily s LEFT JOIN daily_demand_window w USING (sku, location) WHERE s.date = $1 ORDER BY 1, 2`,
      [day],
    )
  ).rows;
  assert.ok(cells.length > 0);
  const ledger = await readDailyOut(db.pool, cells, addDays(day, -(length - 1)), day, ZONE);
  const parsed = new Array<number>(DEMAND_WINDOW_DAYS);
  cells.forEach((c, i) => {
    const out = new Array<number>(length).fill(-1);
    if (c.w !== null) assert.equal(parseIntArray(c.w, parsed), DEMAND_WINDOW_DAYS);
    assert.equal(seriesFromWindow(c.w === null ? null : parsed, DEMAND_WINDOW_DAYS, c.lag ?? 0, length, out), true, `${day} ${c.sku} ${c.location}`);
    assert.deepEqual(out, ledger[i], `${day} ${c.sku} ${c.location}`);
  });
}

test('the snapshot chain keeps each cell’s OUT window equal to the ledger, day after day', async () => {
  await insertEvents(db.pool, randomEvents(1, FIRST, LAST, 1500));
  for (const day of dayRange(FIRST, LAST)) await writeSnapshot(db.pool, day, ZONE);
  const state = await readDemandWindowState(db.pool);
  assert.deepEqual(state, { validFrom: addDays(FIRST, -(DEMAND_WINDOW_DAYS - 1)), days: DEMAND_WINDOW_DAYS });
  for (const day of ['2026-03-10', '2026-03-29', '2026-03-30', LAST]) await assertWindowMatchesLedger(day, 28);
  await assertWindowMatchesLedger(LAST, 42);
});

test('late events restated day by day update the window of their day; a gap in the snapshots rebuilds it from the ledger', async () => {
  // Late shipments on three earlier days, for existing and for new cells, restated as the scheduler does.
  const late = randomEvents(2, '2026-04-05', '2026-04-08', 60);
  await insertEvents(db.pool, late);
  for (const day of dayRange('2026-04-05', LAST)) await writeSnapshot(db.pool, day, ZONE);
  await assertWindowMatchesLedger(LAST, 56);
  await assertWindowMatchesLedger('2026-04-06', 21);

  // Days after a gap: the day after the gap has no snapshot of the day before, so the window is rebuilt.
  await insertEvents(db.pool, randomEvents(3, '2026-04-21', '2026-05-10', 300));
  await writeSnapshot(db.pool, '2026-05-05', ZONE);
  await writeSnapshot(db.pool, '2026-05-06', ZONE);
  await assertWindowMatchesLedger('2026-05-06', 56);
});
