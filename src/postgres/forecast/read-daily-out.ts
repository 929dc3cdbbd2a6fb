import { dayEndMs, dayStartMs, daysBetween, type Day } from '../../domain/business-day.ts';
import type { Queryable } from '../daily/queryable.ts';

/**
 * Daily OUT quantity per cell over the business days `from`..`to` (both included) in
 * `timeZone`, zero-filled: result[i][k] is cell i's shipments on day from + k. One round trip
 * for all the cells: `unnest` of the cells joined to the ledger's (sku, location, event_ts) index.
 *
 * @example
 * await readDailyOut(pool, [{ sku: 'A', location: 'L1' }], '2026-11-16', '2026-11-22', 'UTC') // [[0, 3, 0, 0, 1, 0, 2]]
 */
export async function readDailyOut(
  db: Queryable,
  cells: ReadonlyArray<{ sku: string; location: string }>,
  from: Day,
  to: Day,
  timeZone: string,
): Promise<number[][]> {
  const days = daysBetween(from, to) + 1;
  const out = cells.map(() => new Array<number>(days).fill(0));
  if (cells.length === 0 || days <= 0) return out;
  const r = await db.query<{ i: number; k: number; qty: number }>(
    `SELECT c.i::int AS i, ((e.event_ts AT TIME ZONE $5)::date - $6::date) AS k, sum(e.qty)::int AS qty
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(sku, location, i)
     JOIN rfid_events e ON e.sku = c.sku AND e.location = c.location AND e.event_ts >= $3 AND e.event_ts < $4
     WHERE e.event_type = 'OUT'
     GROUP BY 1, 2`,
    [cells.map((c) => c.sku), cells.map((c) => c.location), new Date(dayStartMs(from, timeZone)), new Date(dayEndMs(to, timeZone)), timeZone, from],
  );
  for (const row of r.rows) out[row.i - 1]![row.k] = row.qty;
  return out;
}
