import type { Queryable } from '../daily/queryable.ts';
import type { AlertCondition } from './alert-kinds.ts';

/**
 * Readers not heard from for `silentMinutes`: first records when each device was last ingested
 * (`reader_devices`, read incrementally from the ledger by `event_ts` since the last check, so a
 * check costs what arrived since the one before: an event read more than 10 minutes after its
 * `event_ts` does not count as the reader being alive), then lists the devices silent longer than
 * that. A device is known from its first event in the day before the rule first ran.
 *
 * @example
 * await findSilentDevices(pool, 60) // [{ subject: 'gate-3', details: { last_seen_at: '…', silent_minutes: 60 } }]
 */
export async function findSilentDevices(db: Queryable, silentMinutes: number): Promise<AlertCondition[]> {
  await db.query(
    `WITH mark AS (SELECT coalesce(max(last_seen_at), now() - interval '1 day') AS since FROM reader_devices)
     INSERT INTO reader_devices AS d (device_id, last_seen_at)
     SELECT device_id, max(ingested_ts) FROM rfid_events, mark
     WHERE device_id IS NOT NULL
       AND event_ts >= mark.since - interval '10 minutes'
       AND ingested_ts > mark.since - interval '1 minute'
     GROUP BY device_id
     ON CONFLICT (device_id) DO UPDATE SET last_seen_at = greatest(d.last_seen_at, excluded.last_seen_at)`,
  );
  const r = await db.query<AlertCondition>(
    `SELECT device_id AS subject, jsonb_build_object('last_seen_at', last_seen_at, 'silent_minutes', $1::int) AS details
     FROM reader_devices WHERE last_seen_at < now() - $1 * interval '1 minute'`,
    [silentMinutes],
  );
  return r.rows;
}
