/** The live (not revoked) key with this hash, or undefined: the one query behind authentication. */
import type { ApiRole } from '../../domain/api-key.ts';
import type { Pool } from '../pool.ts';
import { postgresError } from '../postgres-error.ts';

export interface ApiKeyIdentity {
  id: string;
  name: string;
  role: ApiRole;
  prefix: string;
}

export async function findApiKey(db: Pick<Pool, 'query'>, hash: Buffer): Promise<ApiKeyIdentity | undefined> {
  try {
    const { rows } = await db.query<ApiKeyIdentity>('SELECT id::text, name, role, prefix FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hash]);
    return rows[0];
  } catch (error) {
    throw postgresError(error, 'looking up the API key');
  }
}
