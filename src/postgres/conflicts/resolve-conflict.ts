/** Marks a conflict resolved with a person's note, once: a resolved conflict stays as it was. */
import type { Pool, PoolClient } from '../pool.ts';

export type ResolveOutcome = { status: 'resolved'; resolved_at: Date } | { status: 'already-resolved'; resolved_at: Date } | { status: 'missing' };

/**
 * One statement: the update applies only to an open conflict; the row read beside it tells a
 * missing id from one resolved earlier.
 *
 * @example
 * await resolveConflict(pool, 3, 'reader RD-7 double-sent; original is right') // { status: 'resolved', … }
 */
export async function resolveConflict(client: Pool | PoolClient, id: number, note: string): Promise<ResolveOutcome> {
  const { rows } = await client.query<{ updated: Date | null; existing: Date | null; found: boolean }>(
    `WITH updated AS (
       UPDATE rfid_event_conflicts SET resolved_at = now(), resolution_note = $2
       WHERE id = $1 AND resolved_at IS NULL
       RETURNING resolved_at
     )
     SELECT (SELECT resolved_at FROM updated) AS updated,
            (SELECT resolved_at FROM rfid_event_conflicts WHERE id = $1) AS existing,
            EXISTS (SELECT 1 FROM rfid_event_conflicts WHERE id = $1) AS found`,
    [id, note],
  );
  const r = rows[0]!;
  if (r.updated) return { status: 'resolved', resolved_at: r.updated };
  if (!r.found) return { status: 'missing' };
  return { status: 'already-resolved', resolved_at: r.existing! };
}
