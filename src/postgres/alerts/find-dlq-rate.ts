import type { Queryable } from '../daily/queryable.ts';
import type { AlertCondition } from './alert-kinds.ts';

/**
 * The dead letters of the last hour, per source topic, where more than `perHour` arrived.
 *
 * @example
 * await findDlqRate(pool, 100) // [{ subject: 'rfid_events', details: { last_hour: 250, threshold: 100 } }]
 */
export async function findDlqRate(db: Queryable, perHour: number): Promise<AlertCondition[]> {
  const r = await db.query<AlertCondition>(
    `SELECT source_topic AS subject, jsonb_build_object('last_hour', count(*), 'threshold', $1::int) AS details
     FROM ingest_dead_letters WHERE dead_at > now() - interval '1 hour'
     GROUP BY source_topic HAVING count(*) > $1`,
    [perHour],
  );
  return r.rows;
}
