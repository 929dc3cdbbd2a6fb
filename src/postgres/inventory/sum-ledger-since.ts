/**
 * For each cell, the sum of ledger deltas (IN +qty, OUT −qty, ADJUST +qty) with
 * `since ≤ event_ts ≤ at` (`since` null = from the beginning), the number of those rows, and
 * whether the cell exists in `inventory_current` at all. One statement for any number of cells;
 * each cell is a range read on the ledger's (sku, location, event_ts) index.
 *
 * `since` is the end of a snapshot's day, i.e. the first instant of the next day: the snapshot
 * holds every event before it, so an event exactly at that instant belongs here.
 */
import { postgresError } from '../postgres-error.ts';
import type { Queryable } from '../queryable.ts';

export interface LedgerSum {
  sku: string;
  location: string;
  delta: number;
  events: number;
  known: boolean;
}

export async function sumLedgerSince(
  db: Queryable,
  cells: ReadonlyArray<{ sku: string; location: string; since: string | null }>,
  at: string,
): Promise<LedgerSum[]> {
  if (cells.length === 0) return [];
  try {
    const { rows } = await db.query<LedgerSum>(
      `SELECT c.sku, c.location, coalesce(l.delta, 0)::int AS delta, l.events::int AS events,
              EXISTS (SELECT 1 FROM inventory_current i WHERE i.sku = c.sku AND i.location = c.location) AS known
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS c(sku, location, since, n)
       CROSS JOIN LATERAL (
         SELECT sum(CASE e.event_type WHEN 'OUT' THEN -e.qty ELSE e.qty END) AS delta, count(*) AS events
         FROM rfid_events e
         WHERE e.sku = c.sku AND e.location = c.location
           AND e.event_ts >= coalesce(c.since, '-infinity'::timestamptz) AND e.event_ts <= $4::timestamptz) l
       ORDER BY c.n`,
      [cells.map((c) => c.sku), cells.map((c) => c.location), cells.map((c) => c.since), at],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'summing the ledger');
  }
}
