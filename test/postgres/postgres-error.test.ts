/** Classifying Postgres failures by SQLSTATE and errno, on made-up errors and on real ones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RfidError, isRfidError } from '../../src/errors.ts';
import { isRetryablePostgresError, postgresError } from '../../src/postgres/postgres-error.ts';
import { createPool } from '../../src/postgres/pool.ts';
import { withTransaction } from '../../src/postgres/transaction.ts';
import { useServices } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('postgreserror');
const services = useServices(t);

/** An error shaped as node-postgres (SQLSTATE in `code`) or Node's net module (errno in `code`) throws it. */
function withCode(code: string, message = `failed with ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

const RETRYABLE: Array<[string, unknown]> = [
  ['57P01 admin_shutdown', withCode('57P01')],
  ['57P03 cannot_connect_now', withCode('57P03')],
  ['08006 connection_failure', withCode('08006')],
  ['08001 unable to connect', withCode('08001')],
  ['40P01 deadlock_detected', withCode('40P01')],
  ['40001 serialization_failure', withCode('40001')],
  ['53300 too_many_connections', withCode('53300')],
  ['errno ECONNREFUSED', withCode('ECONNREFUSED')],
  ['errno ECONNRESET', withCode('ECONNRESET')],
  ['errno ETIMEDOUT', withCode('ETIMEDOUT')],
  ['a plain Error (connection ended, client-side)', new Error('Connection terminated unexpectedly')],
];

const NOT_RETRYABLE: Array<[string, unknown]> = [
  ['23505 unique_violation', withCode('23505')],
  ['22P02 invalid_text_representation', withCode('22P02')],
  ['42P01 undefined_table', withCode('42P01')],
  ['23514 check_violation', withCode('23514')],
  ['40002 (class 40 but not retryable)', withCode('40002')],
  ['an unknown errno', withCode('EACCES')],
  ['a TypeError (a bug of ours)', new TypeError('x is not a function')],
  ['a RangeError', new RangeError('out of range')],
  ['a string', 'Connection terminated'],
  ['null', null],
];

test('retryable: connection, shutdown, resource, deadlock and serialization SQLSTATEs, network errnos, plain errors', () => {
  for (const [name, error] of RETRYABLE) {
    assert.equal(isRetryablePostgresError(error), true, name);
    const wrapped = postgresError(error, 'probing');
    assert.equal(wrapped.code, 'POSTGRES_UNAVAILABLE', name);
    assert.equal(wrapped.retryable, true, name);
    assert.equal(wrapped.cause, error, name);
    assert.match(wrapped.message, /probing/);
  }
});

test('not retryable: refusals, bad data and bugs', () => {
  for (const [name, error] of NOT_RETRYABLE) {
    assert.equal(isRetryablePostgresError(error), false, name);
    const wrapped = postgresError(error, 'probing');
    assert.equal(wrapped.code, 'POSTGRES_FAILED', name);
    assert.equal(wrapped.retryable, false, name);
    assert.equal(wrapped.cause, error, name);
  }
});

test('an RfidError passes through unchanged', () => {
  const original = new RfidError('REDIS_UNAVAILABLE', 'Redis went away');
  assert.equal(postgresError(original, 'probing'), original);
});

test('real: a pool pointed at a closed port gives POSTGRES_UNAVAILABLE through withTransaction', async () => {
  const dead = createPool('postgres://postgres@127.0.0.1:1/nothing_here');
  try {
    await assert.rejects(
      withTransaction(dead, async () => assert.fail('the function ran without a connection'), 'reaching a closed port'),
      (e: unknown) => {
        assert.ok(isRfidError(e, 'POSTGRES_UNAVAILABLE'), String(e));
        assert.equal(e.dependency, 'postgres');
        assert.match(e.message, /reaching a closed port/);
        assert.equal((e.cause as { code?: string }).code, 'ECONNREFUSED');
        return true;
      },
    );
  } finally {
    await dead.end();
  }
});

test('real: a statement the server refuses is POSTGRES_FAILED; a terminated backend is POSTGRES_UNAVAILABLE', async () => {
  await assert.rejects(
    withTransaction(services.pool, (c) => c.query("SELECT 'not-a-uuid'::uuid")),
    (e: unknown) => isRfidError(e, 'POSTGRES_FAILED') && (e.cause as { code?: string }).code === '22P02',
  );
  // The server ends our own connection mid-transaction (as a restart or an operator would).
  await assert.rejects(
    withTransaction(services.pool, (c) => c.query('SELECT pg_terminate_backend(pg_backend_pid())')),
    (e: unknown) => isRfidError(e, 'POSTGRES_UNAVAILABLE'),
  );
  // The pool recovers with a fresh connection.
  const { rows } = await services.pool.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(rows[0]!.one, 1);
});
