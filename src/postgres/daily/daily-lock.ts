import type { Pool } from '../pool.ts';

// An arbitrary constant naming the daily layer's lock (the migration lock uses another).
const DAILY_LOCK_KEY = 7_341_902_310;

/**
 * Runs `fn` while holding the daily layer's session advisory lock, so a worker's scheduled run,
 * a restatement and a person's `rfid jobs run` never write the same days at once. A lost
 * connection (a killed worker) releases the lock with it. With `wait: false` it does not wait for
 * a holder: it returns `undefined` without running `fn`.
 *
 * @example
 * await withDailyLock(pool, () => writeSnapshot(pool, '2026-11-22', 'UTC'))
 */
export async function withDailyLock<T>(pool: Pool, fn: () => Promise<T>): Promise<T>;
export async function withDailyLock<T>(pool: Pool, fn: () => Promise<T>, options: { wait: false }): Promise<T | undefined>;
export async function withDailyLock<T>(pool: Pool, fn: () => Promise<T>, options: { wait: boolean } = { wait: true }): Promise<T | undefined> {
  const client = await pool.connect();
  try {
    if (options.wait) {
      await client.query('SELECT pg_advisory_lock($1)', [DAILY_LOCK_KEY]);
    } else {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [DAILY_LOCK_KEY]);
      if (!got.rows[0]!.ok) return undefined;
    }
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [DAILY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
