/** Records when keys were last used, for a set of keys at once (the API batches these). */
import type { Pool } from '../pool.ts';
import { postgresError } from '../postgres-error.ts';

export async function touchApiKeys(db: Pick<Pool, 'query'>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  try {
    await db.query('UPDATE api_keys SET last_used_at = greatest(last_used_at, $2) WHERE id = ANY($1::uuid[])', [ids, at]);
  } catch (error) {
    throw postgresError(error, 'recording API key use');
  }
}
