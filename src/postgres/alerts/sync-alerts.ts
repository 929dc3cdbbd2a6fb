import type { Queryable } from '../daily/queryable.ts';
import type { AlertCondition, AlertKind } from './alert-kinds.ts';

/**
 * Makes the alerts of one rule match what the rule found now: a subject without an active
 * alert gets one (`open`); an active one (open or acknowledged) is refreshed, never duplicated
 * (a partial unique index allows one active alert per rule and subject); an active alert whose
 * subject the rule no longer finds is resolved. One statement, so a check sees one consistent state.
 *
 * @example
 * await syncAlerts(pool, 'negative_stock', [{ subject: 'A|L1', details: { qty_on_hand: -2 } }]) // { opened: 1, resolved: 0 }
 */
export async function syncAlerts(db: Queryable, kind: AlertKind, found: readonly AlertCondition[]): Promise<{ opened: number; resolved: number }> {
  const r = await db.query<{ opened: number; resolved: number }>(
    `WITH found AS (SELECT * FROM unnest($2::text[], $3::jsonb[]) AS f(subject, details)),
     upserted AS (
       INSERT INTO alerts AS a (kind, subject, status, details)
       SELECT $1, subject, 'open', details FROM found
       ON CONFLICT (kind, subject) WHERE status <> 'resolved'
       DO UPDATE SET details = excluded.details, last_seen_at = now()
       RETURNING (xmax = 0) AS inserted),
     resolved AS (
       UPDATE alerts SET status = 'resolved', resolved_at = now()
       WHERE kind = $1 AND status <> 'resolved' AND subject NOT IN (SELECT subject FROM found)
       RETURNING 1)
     SELECT (SELECT count(*) FROM upserted WHERE inserted)::int AS opened, (SELECT count(*) FROM resolved)::int AS resolved`,
    [kind, found.map((f) => f.subject), found.map((f) => JSON.stringify(f.details))],
  );
  return r.rows[0]!;
}
