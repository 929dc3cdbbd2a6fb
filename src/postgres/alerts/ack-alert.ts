import type { Queryable } from '../daily/queryable.ts';

export interface AckedAlert {
  id: number;
  kind: string;
  subject: string;
  status: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

/**
 * Acknowledges an open alert (a person has seen it; it stays active until its condition clears).
 * Returns the alert, or null when no alert has that id. Acknowledging an acknowledged alert
 * changes nothing; a resolved one stays resolved. A `note` (the API's `{ note }`) is kept in the
 * alert's details as `ack_note`.
 *
 * @example
 * await ackAlert(pool, 42, 'ops@example.com') // { id: 42, status: 'acknowledged', ... }
 */
export async function ackAlert(db: Queryable, id: number, by: string, note?: string): Promise<AckedAlert | null> {
  const r = await db.query<AckedAlert>(
    `WITH upd AS (
       UPDATE alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2,
         details = CASE WHEN $3::text IS NULL THEN details ELSE details || jsonb_build_object('ack_note', $3::text) END
       WHERE id = $1 AND status = 'open'
       RETURNING id, kind, subject, status, acknowledged_at, acknowledged_by)
     SELECT * FROM upd
     UNION ALL
     SELECT id, kind, subject, status, acknowledged_at, acknowledged_by FROM alerts WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM upd)`,
    [id, by, note ?? null],
  );
  return r.rows[0] ?? null;
}
