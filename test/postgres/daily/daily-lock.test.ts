import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { withDailyLock } from '../../../src/postgres/daily/daily-lock.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('dailylock');
});
after(() => db.close());

test('withDailyLock: two holders never overlap; a throwing holder releases the lock', async () => {
  const order: string[] = [];
  let releaseFirst: () => void = () => {};
  const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
  let entered: () => void = () => {};
  const firstEntered = new Promise<void>((resolve) => (entered = resolve));
  const first = withDailyLock(db.pool, async () => {
    order.push('first in');
    entered();
    await firstHolds;
    order.push('first out');
  });
  await firstEntered;
  const second = withDailyLock(db.pool, async () => {
    order.push('second in');
  });
  // Wait until the second is blocked on the lock in Postgres, then let the first leave.
  for (;;) {
    const waiting = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()",
    );
    if (waiting.rows[0]!.n === 1) break;
    assert.deepEqual(order, ['first in'], 'the second holder entered while the first held the lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  releaseFirst();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first in', 'first out', 'second in']);
  await assert.rejects(
    withDailyLock(db.pool, async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await withDailyLock(db.pool, async () => 7), 7);
});

test('withDailyLock without waiting: returns undefined and runs nothing while another holds the lock', async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let entered: () => void = () => {};
  const holding = new Promise<void>((resolve) => (entered = resolve));
  const holder = withDailyLock(db.pool, async () => {
    entered();
    await held;
  });
  await holding;
  let ran = false;
  assert.equal(await withDailyLock(db.pool, async () => (ran = true), { wait: false }), undefined);
  assert.equal(ran, false);
  release();
  await holder;
  assert.equal(await withDailyLock(db.pool, async () => 'free', { wait: false }), 'free');
});
