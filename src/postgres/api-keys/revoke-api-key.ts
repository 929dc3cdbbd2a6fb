/**
 * Revokes the key with this id or display prefix (a revoked key stays listed, with its time).
 * Returns the key, or undefined when none matches; revoking twice keeps the first time.
 */
import type { Pool } from '../pool.ts';
import { postgresError } from '../postgres-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function revokeApiKey(db: Pick<Pool, 'query'>, idOrPrefix: string): Promise<{ id: string; name: string; prefix: string } | undefined> {
  const byId = UUID.test(idOrPrefix);
  try {
    const { rows } = await db.query<{ id: string; name: string; prefix: string }>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
       WHERE ${byId ? 'id = $1::uuid' : 'prefix = $1'}
       RETURNING id::text, name, prefix`,
      [byId ? idOrPrefix : idOrPrefix.replace(/^rfid_/, '')],
    );
    return rows[0];
  } catch (error) {
    throw postgresError(error, 'revoking the API key');
  }
}
