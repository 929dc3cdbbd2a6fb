import type { Queryable } from '../daily/queryable.ts';

/**
 * Records a delivery's outcome: delivered (never posted again), or failed with the next attempt
 * after min(30·2^(attempts−1), 3600) s.
 *
 * @example
 * await finishDelivery(pool, 7, { ok: true })
 */
export async function finishDelivery(db: Queryable, id: number, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries SET
       delivered_at = CASE WHEN $2 THEN now() END,
       last_error = $3,
       next_attempt_at = CASE WHEN $2 THEN next_attempt_at ELSE now() + least(30 * power(2, attempts - 1), 3600) * interval '1 second' END
     WHERE id = $1`,
    [id, outcome.ok, outcome.ok ? null : outcome.error],
  );
}
