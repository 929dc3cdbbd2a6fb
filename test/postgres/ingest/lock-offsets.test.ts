/** lockOffsets against the real schema: first batches create rows at 0, and two transactions on one partition serialise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { advanceOffsets, readOffsets } from '../../../src/postgres/ingest/advance-offsets.ts';
import { lockOffsets } from '../../../src/postgres/ingest/lock-offsets.ts';
import type { PoolClient } from '../../../src/postgres/pool.ts';
import { inTransaction, withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('lockoffsets');
const services = useServices(t);

const lock = (topic: string, partitions: number[]) => withTransaction(services.pool, (c) => lockOffsets(c, topic, partitions));

test("a partition's first batch creates its row at 0; later batches read the stored offsets", async () => {
  const topic = 'first-batch';
  assert.deepEqual(
    await lock(topic, [0, 1, 2]),
    new Map([
      [0, 0n],
      [1, 0n],
      [2, 0n],
    ]),
  );
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 0n],
      [1, 0n],
      [2, 0n],
    ]),
  );

  await withTransaction(services.pool, (c) =>
    advanceOffsets(
      c,
      topic,
      new Map([
        [1, 42n],
        [2, 9_007_199_254_740_993n],
      ]),
    ),
  );
  // Some stored, one new: the new one is created, the others returned as stored.
  assert.deepEqual(
    await lock(topic, [1, 2, 5]),
    new Map([
      [1, 42n],
      [2, 9_007_199_254_740_993n],
      [5, 0n],
    ]),
  );
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 0n],
      [1, 42n],
      [2, 9_007_199_254_740_993n],
      [5, 0n],
    ]),
  );
  // Another topic's partitions are its own.
  assert.deepEqual(await readOffsets(services.pool, 'another-topic'), new Map());
  assert.deepEqual(await lock('another-topic', [1]), new Map([[1, 0n]]));
});

/** Resolves once the backend `pid` is waiting on a lock (observed through pg_stat_activity, not a clock). */
async function waitUntilBlocked(pid: number, orSettled: () => boolean): Promise<void> {
  for (;;) {
    if (orSettled()) return;
    const { rows } = await services.pool.query<{ waiting: boolean }>(
      "SELECT coalesce(wait_event_type = 'Lock', false) AS waiting FROM pg_stat_activity WHERE pid = $1",
      [pid],
    );
    if (rows[0]?.waiting) return;
    await tick();
  }
}

async function pidOf(client: PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
}

/**
 * A holds the lock on `partitions` (A's transaction open); B tries to lock the same; A advances
 * to `advanceTo` and commits. Returns the order of the two milestones and what B saw.
 */
async function race(topic: string, partitions: number[], advanceTo: bigint): Promise<{ order: string[]; seenByB: Map<number, bigint> }> {
  const a = await services.pool.connect();
  const b = await services.pool.connect();
  const order: string[] = [];
  try {
    const bPid = await pidOf(b);
    let bSettled = false;
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
    let aLocked!: () => void;
    const aHasLock = new Promise<void>((resolve) => (aLocked = resolve));
    const aDone = inTransaction(a, async (c) => {
      await lockOffsets(c, topic, partitions);
      aLocked();
      await aMayCommit;
      await advanceOffsets(c, topic, new Map(partitions.map((p) => [p, advanceTo])));
    }).then(() => order.push('A committed'));
    await aHasLock;
    const bDone = inTransaction(b, (c) => lockOffsets(c, topic, partitions)).then((seen) => {
      order.push('B locked');
      return seen;
    });
    bDone.then(
      () => (bSettled = true),
      () => (bSettled = true),
    );
    await waitUntilBlocked(bPid, () => bSettled);
    releaseA();
    const [, seenByB] = await Promise.all([aDone, bDone]);
    return { order, seenByB };
  } finally {
    a.release();
    b.release();
  }
}

test('a second transaction locking the same stored partition waits for the first to commit, then sees its offset', async () => {
  const topic = 'race-stored';
  await lock(topic, [0, 1]);
  const { order, seenByB } = await race(topic, [0, 1], 17n);
  assert.deepEqual(order, ['A committed', 'B locked']);
  assert.deepEqual(
    seenByB,
    new Map([
      [0, 17n],
      [1, 17n],
    ]),
  );
});

test("two first batches of a new partition serialise too: the second sees the first one's offset", async () => {
  const topic = 'race-new';
  const { order, seenByB } = await race(topic, [3], 5n);
  assert.deepEqual(order, ['A committed', 'B locked']);
  assert.deepEqual(seenByB, new Map([[3, 5n]]));
  assert.deepEqual(await readOffsets(services.pool, topic), new Map([[3, 5n]]));
});

test('locking different partitions does not wait', async () => {
  const topic = 'no-race';
  await lock(topic, [0, 1]);
  const a = await services.pool.connect();
  try {
    await a.query('BEGIN');
    await lockOffsets(a, topic, [0]);
    // With partition 0 held by A, B locks partition 1 and commits while A is still open (a
    // lock wait would end in 55P03 instead of hanging the test).
    const seen = await withTransaction(services.pool, async (c) => {
      await c.query("SET LOCAL lock_timeout = '10s'");
      return lockOffsets(c, topic, [1]);
    });
    assert.deepEqual(seen, new Map([[1, 0n]]));
    await a.query('COMMIT');
  } finally {
    a.release();
  }
});
