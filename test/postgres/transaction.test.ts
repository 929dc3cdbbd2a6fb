/** withTransaction / inTransaction against the real server: commit, rollback, error wrapping, discarding a failed client. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RfidError, isRfidError } from '../../src/errors.ts';
import { createPool, type Pool } from '../../src/postgres/pool.ts';
import { inTransaction, withTransaction } from '../../src/postgres/transaction.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('transaction');
let services: Services;
/** One connection at most, so a client returned to the pool is the one the next checkout gets. */
let single: Pool;

before(async () => {
  services = await openServices(t);
  await services.pool.query('CREATE TABLE tx_items (id int PRIMARY KEY, label text NOT NULL)');
  single = createPool(t.config.databaseUrl, { max: 1 });
});
after(async () => {
  await single.end();
  await services.close();
});

async function labels(): Promise<string[]> {
  const { rows } = await services.pool.query<{ label: string }>('SELECT label FROM tx_items ORDER BY id');
  return rows.map((r) => r.label);
}

const backendPid = (pool: Pool) => withTransaction(pool, async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);

test('commits and returns what the function returned', async () => {
  await services.pool.query('DELETE FROM tx_items');
  const result = await withTransaction(services.pool, async (c) => {
    await c.query("INSERT INTO tx_items VALUES (1, 'one'), (2, 'two')");
    const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_items');
    return rows[0]!.n;
  });
  assert.equal(result, 2);
  assert.deepEqual(await labels(), ['one', 'two']);
});

test('a thrown error rolls everything back; an RfidError passes through unchanged', async () => {
  await services.pool.query('DELETE FROM tx_items');
  const thrown = new RfidError('KAFKA_UNAVAILABLE', 'the broker went away');
  await assert.rejects(
    withTransaction(services.pool, async (c) => {
      await c.query("INSERT INTO tx_items VALUES (1, 'written then rolled back')");
      throw thrown;
    }),
    (e: unknown) => e === thrown,
  );
  assert.deepEqual(await labels(), []);
});

test('a SQL error (unique violation) becomes POSTGRES_FAILED with the driver error as cause, and nothing is kept', async () => {
  await services.pool.query('DELETE FROM tx_items');
  await services.pool.query("INSERT INTO tx_items VALUES (1, 'existing')");
  await assert.rejects(
    withTransaction(
      services.pool,
      async (c) => {
        await c.query("INSERT INTO tx_items VALUES (2, 'new')");
        await c.query("INSERT INTO tx_items VALUES (1, 'duplicate')");
      },
      'inserting items',
    ),
    (e: unknown) => {
      assert.ok(isRfidError(e, 'POSTGRES_FAILED'), String(e));
      assert.equal(e.retryable, false);
      assert.match(e.message, /inserting items/);
      assert.equal((e.cause as { code?: string }).code, '23505');
      return true;
    },
  );
  assert.deepEqual(await labels(), ['existing']);
});

test('a client whose transaction failed is discarded, a committed one is reused', async () => {
  // Committed: the one connection goes back to the pool and serves the next checkout.
  const first = await backendPid(single);
  assert.equal(await backendPid(single), first);
  assert.equal(single.totalCount, 1);

  let failedPid = 0;
  await assert.rejects(
    withTransaction(single, async (c) => {
      failedPid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await c.query('SELECT 1 / 0');
    }),
    (e: unknown) => isRfidError(e, 'POSTGRES_FAILED') && (e.cause as { code?: string }).code === '22012',
  );
  assert.equal(failedPid, first);
  // release(true) removes the client from the pool at once; release(false) would keep it idle.
  assert.equal(single.totalCount, 0);
  assert.equal(single.idleCount, 0);
  const next = await backendPid(single);
  assert.notEqual(next, failedPid, 'the next checkout got the failed connection back');
});

test('inTransaction on a held client: commits, rolls back and leaves the client usable', async () => {
  await services.pool.query('DELETE FROM tx_items');
  const client = await services.pool.connect();
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const committed = await inTransaction(client, async (c) => {
      await c.query("INSERT INTO tx_items VALUES (1, 'held one')");
      return 'done';
    });
    assert.equal(committed, 'done');

    await assert.rejects(
      inTransaction(
        client,
        async (c) => {
          await c.query("INSERT INTO tx_items VALUES (2, 'held two')");
          await c.query("INSERT INTO tx_items VALUES (1, 'duplicate')");
        },
        'held insert',
      ),
      (e: unknown) => isRfidError(e, 'POSTGRES_FAILED') && /held insert/.test(e.message) && (e.cause as { code?: string }).code === '23505',
    );
    // Rolled back, not left in an aborted transaction (which would refuse this query with 25P02).
    const status = await client.query<{ pid: number; xact: string | null }>('SELECT pg_backend_pid() AS pid, txid_current_if_assigned()::text AS xact');
    assert.equal(status.rows[0]!.pid, pid);
    assert.equal(status.rows[0]!.xact, null);

    // A second transaction on the same client after the failure works.
    await inTransaction(client, (c) => c.query("INSERT INTO tx_items VALUES (3, 'held three')"));
  } finally {
    client.release();
  }
  assert.deepEqual(await labels(), ['held one', 'held three']);
});
