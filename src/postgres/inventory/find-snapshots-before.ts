/**
 * For each cell, its latest `inventory_snapshot_daily` row that can be trusted for an as-of
 * answer: dated at or before `lastDay`, and before the earliest day the daily layer still has to
 * restate (`daily_dirty_days`: a late event on day X makes the snapshots of X and later stale
 * until they are recomputed). Cells without such a row are absent from the answer.
 *
 * `daily_dirty_days` belongs to the daily layer's migrations; where it does not exist (yet),
 * every snapshot counts. Whether it exists is asked once per pool.
 */
import { postgresError } from '../postgres-error.ts';
import type { Queryable } from '../queryable.ts';

export interface CellSnapshot {
  sku: string;
  location: string;
  /** YYYY-MM-DD: the business day whose end the quantity is. */
  date: string;
  qty_on_hand: number;
}

const hasDirtyDays = new WeakMap<Queryable, Promise<boolean>>();

function dirtyDaysTableExists(db: Queryable): Promise<boolean> {
  let known = hasDirtyDays.get(db);
  if (known === undefined) {
    known = db.query<{ present: boolean }>("SELECT to_regclass('daily_dirty_days') IS NOT NULL AS present").then((r) => r.rows[0]!.present);
    known.catch(() => hasDirtyDays.delete(db)); // ask again after an outage
    hasDirtyDays.set(db, known);
  }
  return known;
}

export async function findSnapshotsBefore(db: Queryable, cells: ReadonlyArray<{ sku: string; location: string }>, lastDay: string): Promise<CellSnapshot[]> {
  if (cells.length === 0) return [];
  try {
    const dirty = (await dirtyDaysTableExists(db)) ? '(SELECT min(day) FROM daily_dirty_days)' : 'NULL::date';
    const { rows } = await db.query<CellSnapshot>(
      `SELECT c.sku, c.location, s.date::text AS date, s.qty_on_hand
       FROM unnest($1::text[], $2::text[]) AS c(sku, location)
       CROSS JOIN LATERAL (
         SELECT date, qty_on_hand FROM inventory_snapshot_daily s
         WHERE s.sku = c.sku AND s.location = c.location
           AND s.date <= $3::date AND s.date < coalesce(${dirty}, 'infinity'::date)
         ORDER BY s.date DESC LIMIT 1) s`,
      [cells.map((c) => c.sku), cells.map((c) => c.location), lastDay],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'reading snapshots');
  }
}
