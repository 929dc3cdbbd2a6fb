/** advanceOffsets / readOffsets against the real schema: offsets only move forward, exactly, per topic and partition. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceOffsets, readOffsets } from '../../../src/postgres/ingest/advance-offsets.ts';
import { lockOffsets } from '../../../src/postgres/ingest/lock-offsets.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('advanceoffsets');
const services = useServices(t);

const advance = (topic: string, next: Map<number, bigint>) => withTransaction(services.pool, (c) => advanceOffsets(c, topic, next));
const create = (topic: string, partitions: number[]) => withTransaction(services.pool, (c) => lockOffsets(c, topic, partitions));

test('advances each partition to its next offset, exactly (beyond 2^53 too)', async () => {
  const topic = 'forward';
  await create(topic, [0, 1, 2]);
  await advance(
    topic,
    new Map([
      [0, 10n],
      [2, 9_007_199_254_740_993n],
    ]),
  );
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 10n],
      [1, 0n],
      [2, 9_007_199_254_740_993n],
    ]),
  );
  await advance(
    topic,
    new Map([
      [0, 11n],
      [1, 1n],
    ]),
  );
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 11n],
      [1, 1n],
      [2, 9_007_199_254_740_993n],
    ]),
  );
});

test('never moves backwards: a lower offset leaves the stored one, a higher one in the same call still applies', async () => {
  const topic = 'backwards';
  await create(topic, [0, 1]);
  await advance(
    topic,
    new Map([
      [0, 100n],
      [1, 50n],
    ]),
  );
  await advance(
    topic,
    new Map([
      [0, 40n],
      [1, 60n],
    ]),
  );
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 100n],
      [1, 60n],
    ]),
  );
  await advance(topic, new Map([[0, 0n]]));
  assert.deepEqual(
    await readOffsets(services.pool, topic),
    new Map([
      [0, 100n],
      [1, 60n],
    ]),
  );
});

test('touches only the given topic; a partition without a row (never locked) gets none', async () => {
  await create('topic-a', [0]);
  await create('topic-b', [0]);
  await advance(
    'topic-a',
    new Map([
      [0, 7n],
      [9, 3n],
    ]),
  );
  assert.deepEqual(await readOffsets(services.pool, 'topic-a'), new Map([[0, 7n]]));
  assert.deepEqual(await readOffsets(services.pool, 'topic-b'), new Map([[0, 0n]]));
});

test('an empty map sends nothing; an advance in a rolled-back transaction is not kept', async () => {
  const topic = 'rollback';
  await create(topic, [0]);
  await advance(topic, new Map());
  await assert.rejects(
    withTransaction(services.pool, async (c) => {
      await advanceOffsets(c, topic, new Map([[0, 99n]]));
      assert.deepEqual(await readOffsets(c, topic), new Map([[0, 99n]]));
      throw new Error('the batch failed after advancing');
    }),
  );
  assert.deepEqual(await readOffsets(services.pool, topic), new Map([[0, 0n]]));
});

test('readOffsets lists partitions in order', async () => {
  const topic = 'ordered';
  await create(topic, [7, 2, 0, 11]);
  assert.deepEqual([...(await readOffsets(services.pool, topic)).keys()], [0, 2, 7, 11]);
});
