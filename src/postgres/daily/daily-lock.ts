import type { Pool } from '../pool.ts';

// An arbitrary constant naming the daily layer's lock (the migration lock uses another).
const DAILY_LOCK_KEY = 7_341_902_310;

/**
 * Runs `fn` while holding the daily layer's session advisory lock, so a worker's scheduled run,
 * a restatement and a person's `rfid jobs run` never write the same days at once. A lost
 * connection releases the lock with it.
 *
 * @example
 * await withDailyLock(pool, () => writeSnapshot(pool, '2026-11-22', 'UTC'))
 */
export async function withDailyLock<T>(pool: Pool, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [DAILY_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [DAILY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
