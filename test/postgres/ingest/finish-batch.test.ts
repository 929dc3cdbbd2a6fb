/** finishBatch: offsets advanced (never backwards) and the outbox row written, in one statement. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishBatch } from '../../../src/postgres/ingest/finish-batch.ts';
import { lockOffsets } from '../../../src/postgres/ingest/lock-offsets.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('finishbatch');
const services = useServices(t);

test('advances offsets without going back and writes the outbox row with the exact bytes', async () => {
  const topic = 'fb_events';
  const payload = Buffer.from('{"sku":"S","location":"L"}\n{"sku":"S2","location":"L"}');
  const id = await withTransaction(services.pool, async (client) => {
    await lockOffsets(client, topic, [0, 1]);
    return finishBatch(
      client,
      topic,
      new Map([
        [0, 10n],
        [1, 5n],
      ]),
      payload,
    );
  });
  assert.ok(id !== undefined);
  const outbox = await services.pool.query<{ records: Buffer }>('SELECT records FROM inventory_outbox WHERE id = $1', [id]);
  assert.deepEqual(outbox.rows[0]!.records, payload);
  // A later call with an older offset for partition 0 and no changes: no backwards move, no row.
  const none = await withTransaction(services.pool, async (client) =>
    finishBatch(
      client,
      topic,
      new Map([
        [0, 7n],
        [1, 9n],
      ]),
      Buffer.alloc(0),
    ),
  );
  assert.equal(none, undefined);
  const offsets = await services.pool.query<{ partition: number; next_offset: number }>(
    'SELECT partition, next_offset FROM ingest_offsets WHERE topic = $1 ORDER BY partition',
    [topic],
  );
  assert.deepEqual(
    offsets.rows.map((r) => [r.partition, Number(r.next_offset)]),
    [
      [0, 10],
      [1, 9],
    ],
  );
  const count = await services.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory_outbox');
  assert.equal(count.rows[0]!.n, 1);
});
