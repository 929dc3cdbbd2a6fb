/** Every API key, newest first, without any secret (only the display prefix). */
import type { ApiRole } from '../../domain/api-key.ts';
import type { Pool } from '../pool.ts';
import { postgresError } from '../postgres-error.ts';

export interface ApiKeyListing {
  id: string;
  name: string;
  role: ApiRole;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${column}`;

export async function listApiKeys(db: Pick<Pool, 'query'>): Promise<ApiKeyListing[]> {
  try {
    const { rows } = await db.query<ApiKeyListing>(
      `SELECT id::text, name, role, prefix, ${ISO('created_at')}, ${ISO('last_used_at')}, ${ISO('revoked_at')}
       FROM api_keys ORDER BY created_at DESC, id`,
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing API keys');
  }
}
