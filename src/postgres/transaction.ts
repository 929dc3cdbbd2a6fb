/**
 * The one place that begins, commits and rolls back a transaction. A client whose transaction
 * failed is discarded, never returned to the pool: after a failure mid-statement (a lost
 * connection, a COPY cut short, a server restart) its state is unknown, and a fresh connection
 * costs a few milliseconds once.
 *
 * @example
 * const id = await withTransaction(pool, async (client) => {
 *   const { rows } = await client.query('INSERT INTO t (v) VALUES ($1) RETURNING id', [1])
 *   return rows[0].id
 * })
 */
import { postgresError } from './postgres-error.ts';
import type { Pool, PoolClient } from './pool.ts';

export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, what = 'transaction'): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresError(error, `${what}: connecting`);
  }
  let failed = false;
  try {
    return await inTransaction(client, fn, what);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.release(failed);
  }
}

/**
 * The same on a client the caller holds (e.g. one that keeps a session advisory lock across
 * several transactions); on failure the caller must discard it (`client.release(true)`).
 */
export async function inTransaction<T, C extends Pick<PoolClient, 'query'>>(client: C, fn: (client: C) => Promise<T>, what = 'transaction'): Promise<T> {
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw postgresError(error, what);
  }
}
