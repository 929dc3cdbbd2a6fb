/**
 * A page of alerts newest first, keyset on id, filtered by status (or only the active ones: open
 * or acknowledged), rule (`kind`) and the sku / location the alert is about (`GET /v1/alerts`).
 * sku and location match the alert's details (every cell rule writes both there).
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface AlertFilter {
  status?: 'open' | 'acknowledged' | 'resolved';
  /** Only open or acknowledged alerts. */
  active?: boolean;
  kind?: string;
  sku?: string;
  location?: string;
}

export interface AlertRow {
  id: number;
  kind: string;
  subject: string;
  status: string;
  details: Record<string, unknown>;
  opened_at: string;
  last_seen_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

/**
 * @example
 * await listAlertPage(pool, { status: 'open', sku: 'SKU-1' }, { limit: 101 })
 */
export async function listAlertPage(db: Queryable, filter: AlertFilter, page: { after?: number; limit: number }): Promise<AlertRow[]> {
  try {
    const { rows } = await db.query<AlertRow>(
      `SELECT id::int AS id, kind, subject, status, details, ${isoUtc('opened_at')} AS opened_at, ${isoUtc('last_seen_at')} AS last_seen_at,
              ${isoUtc('acknowledged_at')} AS acknowledged_at, acknowledged_by, ${isoUtc('resolved_at')} AS resolved_at
       FROM alerts t
       WHERE ($1::bigint IS NULL OR id < $1)
         AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR kind = $3)
         AND ($4::text IS NULL OR details->>'sku' = $4)
         AND ($5::text IS NULL OR details->>'location' = $5)
         AND (NOT $7::boolean OR status <> 'resolved')
       -- t.id, the bigint column: a bare id is the output's id::int, which no index holds (a sort of every row).
       ORDER BY t.id DESC
       LIMIT $6`,
      [page.after ?? null, filter.status ?? null, filter.kind ?? null, filter.sku ?? null, filter.location ?? null, page.limit, filter.active === true],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing alerts');
  }
}
