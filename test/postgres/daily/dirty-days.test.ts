import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clearDirtyDays } from '../../../src/postgres/daily/clear-dirty-days.ts';
import { readDirtyDays } from '../../../src/postgres/daily/read-dirty-days.ts';
import { syncTimeZone } from '../../../src/postgres/daily/sync-time-zone.ts';
import { writeSnapshot } from '../../../src/postgres/daily/write-snapshot.ts';
import { insertEvents, openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('dirtydays');
});
after(() => db.close());

test('readDirtyDays lists the marks oldest first; clearDirtyDays removes only marks still as read', async () => {
  await insertEvents(db.pool, [
    { event_ts: '2026-01-03T10:00:00Z', event_type: 'IN', sku: 'A', location: 'L1', qty: 1 },
    { event_ts: '2026-01-01T10:00:00Z', event_type: 'IN', sku: 'A', location: 'L1', qty: 1 },
  ]);
  const read = await readDirtyDays(db.pool);
  assert.deepEqual(
    read.map((d) => d.day),
    ['2026-01-01', '2026-01-03'],
  );
  // A late event for 01-03 commits while the restatement runs: its mark must survive the clear.
  await insertEvents(db.pool, [{ event_ts: '2026-01-03T11:00:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 1 }]);
  assert.equal(await clearDirtyDays(db.pool, read), 1);
  assert.deepEqual(
    (await readDirtyDays(db.pool)).map((d) => d.day),
    ['2026-01-03'],
  );
  assert.equal(await clearDirtyDays(db.pool, await readDirtyDays(db.pool)), 1);
  assert.deepEqual(await readDirtyDays(db.pool), []);
});

test('syncTimeZone: a new zone is stored and marks the earliest snapshotted day for restatement; the same zone again is a no-op', async () => {
  await writeSnapshot(db.pool, '2026-01-02', 'UTC');
  await writeSnapshot(db.pool, '2026-01-03', 'UTC');
  assert.deepEqual(await syncTimeZone(db.pool, 'UTC'), { previous: 'UTC', changed: false });
  assert.deepEqual(await readDirtyDays(db.pool), []);
  assert.deepEqual(await syncTimeZone(db.pool, 'Europe/Berlin'), { previous: 'UTC', changed: true });
  assert.deepEqual(
    (await readDirtyDays(db.pool)).map((d) => d.day),
    ['2026-01-02'],
  );
  const zone = await db.pool.query<{ z: string }>('SELECT time_zone AS z FROM daily_settings');
  assert.equal(zone.rows[0]!.z, 'Europe/Berlin');
});
