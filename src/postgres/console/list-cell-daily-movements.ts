/**
 * One cell's movements per business day (`GET /v1/cell-daily`): units in, out and adjusted, and
 * the on-hand at the end of each day, from the ledger alone (so a late event shows at once, as
 * in the as-of answer). Days without events are included (zero movement, on-hand carried).
 */
import { postgresError } from '../postgres-error.ts';
import type { Queryable } from '../queryable.ts';

export interface CellDailyRow {
  date: string;
  qty_in: number;
  qty_out: number;
  qty_adjust: number;
  events: number;
  on_hand_end: number;
}

/**
 * @example
 * await listCellDailyMovements(pool, { sku: 'SKU-1', location: 'W1-A01', from: '2026-11-01', to: '2026-11-22', timeZone: 'Asia/Seoul' })
 */
export async function listCellDailyMovements(
  db: Queryable,
  q: { sku: string; location: string; from: string; to: string; timeZone: string },
): Promise<CellDailyRow[]> {
  try {
    // The opening balance sums every event before the first day; the (sku, location, event_ts)
    // index covers both that sum and the range.
    const { rows } = await db.query<{ date: string; qty_in: string; qty_out: string; qty_adjust: string; events: string; on_hand_end: string }>(
      `WITH bounds AS (SELECT ($3::date)::timestamp AT TIME ZONE $5 AS t0, ($4::date + 1)::timestamp AT TIME ZONE $5 AS t1),
            opening AS (
              SELECT coalesce(sum(CASE WHEN e.event_type = 'OUT' THEN -e.qty ELSE e.qty END), 0) AS qty
              FROM rfid_events e, bounds b WHERE e.sku = $1 AND e.location = $2 AND e.event_ts < b.t0),
            per_day AS (
              SELECT (e.event_ts AT TIME ZONE $5)::date AS date,
                     sum(e.qty) FILTER (WHERE e.event_type = 'IN') AS qty_in,
                     sum(e.qty) FILTER (WHERE e.event_type = 'OUT') AS qty_out,
                     sum(e.qty) FILTER (WHERE e.event_type = 'ADJUST') AS qty_adjust,
                     count(*) AS events
              FROM rfid_events e, bounds b
              WHERE e.sku = $1 AND e.location = $2 AND e.event_ts >= b.t0 AND e.event_ts < b.t1
              GROUP BY 1)
       SELECT d::date::text AS date, coalesce(p.qty_in, 0) AS qty_in, coalesce(p.qty_out, 0) AS qty_out,
              coalesce(p.qty_adjust, 0) AS qty_adjust, coalesce(p.events, 0) AS events,
              (SELECT qty FROM opening) + sum(coalesce(p.qty_in, 0) - coalesce(p.qty_out, 0) + coalesce(p.qty_adjust, 0)) OVER (ORDER BY d) AS on_hand_end
       FROM generate_series($3::date, $4::date, interval '1 day') d
       LEFT JOIN per_day p ON p.date = d::date
       ORDER BY d`,
      [q.sku, q.location, q.from, q.to, q.timeZone],
    );
    return rows.map((r) => ({
      date: r.date,
      qty_in: Number(r.qty_in),
      qty_out: Number(r.qty_out),
      qty_adjust: Number(r.qty_adjust),
      events: Number(r.events),
      on_hand_end: Number(r.on_hand_end),
    }));
  } catch (error) {
    throw postgresError(error, "reading a cell's daily movements");
  }
}
