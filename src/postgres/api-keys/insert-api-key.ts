/** Stores a new API key (its hash, never the key) and returns its id. */
import type { ApiRole } from '../../domain/api-key.ts';
import type { Pool } from '../pool.ts';
import { postgresError } from '../postgres-error.ts';

export async function insertApiKey(
  db: Pick<Pool, 'query'>,
  key: { name: string; role: ApiRole; prefix: string; hash: Buffer },
): Promise<{ id: string; created_at: string }> {
  try {
    const { rows } = await db.query<{ id: string; created_at: string }>(
      `INSERT INTO api_keys (name, role, prefix, key_hash) VALUES ($1, $2, $3, $4)
       RETURNING id::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`,
      [key.name, key.role, key.prefix, key.hash],
    );
    return rows[0]!;
  } catch (error) {
    throw postgresError(error, 'storing the API key');
  }
}
