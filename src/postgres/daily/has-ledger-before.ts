import type { Queryable } from './queryable.ts';

/**
 * Whether the ledger has any event before an instant (one probe of the `event_ts` index).
 *
 * @example
 * await hasLedgerBefore(pool, new Date('2026-11-23T00:00:00Z')) // true
 */
export async function hasLedgerBefore(db: Queryable, instant: Date): Promise<boolean> {
  const r = await db.query<{ yes: boolean }>('SELECT EXISTS (SELECT 1 FROM rfid_events WHERE event_ts < $1) AS yes', [instant]);
  return r.rows[0]!.yes;
}
