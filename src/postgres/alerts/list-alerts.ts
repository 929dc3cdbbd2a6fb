import type { Queryable } from '../daily/queryable.ts';

export interface Alert {
  id: number;
  kind: string;
  subject: string;
  status: string;
  details: Record<string, unknown>;
  opened_at: Date;
  last_seen_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
}

/**
 * Alerts newest first: the active ones (open or acknowledged) by default, or every status.
 *
 * @example
 * await listAlerts(pool, { active: true, limit: 100 })
 */
export async function listAlerts(db: Queryable, options: { active: boolean; limit: number }): Promise<Alert[]> {
  const r = await db.query<Alert>(
    `SELECT id, kind, subject, status, details, opened_at, last_seen_at, acknowledged_at, acknowledged_by, resolved_at
     FROM alerts WHERE NOT $1 OR status <> 'resolved' ORDER BY id DESC LIMIT $2`,
    [options.active, options.limit],
  );
  return r.rows;
}
