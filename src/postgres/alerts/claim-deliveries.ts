import type { Queryable } from '../daily/queryable.ts';

export interface AlertDelivery {
  id: number;
  transition: string;
  attempts: number;
  alert: {
    id: number;
    kind: string;
    subject: string;
    status: string;
    details: Record<string, unknown>;
    opened_at: Date;
    acknowledged_at: Date | null;
    resolved_at: Date | null;
  };
}

/**
 * Claims up to `limit` due, undelivered webhook deliveries (oldest first) for `leaseSeconds`: their
 * next attempt moves past the lease, so another worker skips them (SKIP LOCKED while claiming) and
 * a worker that dies mid-delivery leaves them to be claimed again after it. Counts the attempt.
 *
 * @example
 * await claimDeliveries(pool, { limit: 20, maxAttempts: 10, leaseSeconds: 300 })
 */
export async function claimDeliveries(db: Queryable, options: { limit: number; maxAttempts: number; leaseSeconds: number }): Promise<AlertDelivery[]> {
  const r = await db.query<AlertDelivery>(
    `WITH due AS (
       SELECT id FROM alert_deliveries
       WHERE delivered_at IS NULL AND next_attempt_at <= now() AND attempts < $2
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + $3 * interval '1 second'
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.alert_id, d.transition, d.attempts)
     SELECT c.id, c.transition, c.attempts,
       json_build_object('id', a.id, 'kind', a.kind, 'subject', a.subject, 'status', a.status, 'details', a.details,
         'opened_at', a.opened_at, 'acknowledged_at', a.acknowledged_at, 'resolved_at', a.resolved_at) AS alert
     FROM claimed c JOIN alerts a ON a.id = c.alert_id ORDER BY c.id`,
    [options.limit, options.maxAttempts, options.leaseSeconds],
  );
  return r.rows;
}
