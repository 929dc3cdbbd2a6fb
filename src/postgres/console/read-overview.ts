/**
 * The console's Overview figures in one round trip (`GET /v1/overview`): stock totals from
 * `inventory_current`, active alerts, dead letters, open conflicts and the sum of the offsets
 * ingest stored (the console turns two readings of it into events/s).
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface OverviewRow {
  skus: number;
  cells: number;
  units_on_hand: number;
  negative_cells: number;
  below_reorder_cells: number;
  open_alerts: number;
  acknowledged_alerts: number;
  dead_letters: number;
  open_conflicts: number;
  consumed_offsets: number;
  last_event_ts: string | null;
}

/**
 * @example
 * const o = await readOverview(pool, 'rfid_events') // { skus: 120, cells: 900, units_on_hand: 51234, … }
 */
export async function readOverview(db: Queryable, eventsTopic: string): Promise<OverviewRow> {
  try {
    // One statement, several scalar sub-selects: each reads its own table once; bigint sums
    // come back as text from pg and are turned into numbers below (they stay far below 2^53).
    const { rows } = await db.query<Record<keyof OverviewRow, string | null>>(
      `SELECT s.skus, s.cells, s.units_on_hand, s.negative_cells, s.below_reorder_cells, s.last_event_ts,
              (SELECT count(*) FROM alerts WHERE status = 'open') AS open_alerts,
              (SELECT count(*) FROM alerts WHERE status = 'acknowledged') AS acknowledged_alerts,
              (SELECT count(*) FROM ingest_dead_letters) AS dead_letters,
              (SELECT count(*) FROM rfid_event_conflicts WHERE resolved_at IS NULL) AS open_conflicts,
              (SELECT coalesce(sum(next_offset), 0) FROM ingest_offsets WHERE topic = $1) AS consumed_offsets
       FROM (SELECT count(DISTINCT c.sku) AS skus, count(*) AS cells, coalesce(sum(c.qty_on_hand), 0) AS units_on_hand,
                    count(*) FILTER (WHERE c.qty_on_hand < 0) AS negative_cells,
                    count(*) FILTER (WHERE c.qty_on_hand <= m.reorder_point) AS below_reorder_cells,
                    ${isoUtc('max(c.last_event_ts)')} AS last_event_ts
             FROM inventory_current c LEFT JOIN sku_master m ON m.sku = c.sku) s`,
      [eventsTopic],
    );
    const r = rows[0]!;
    const n = (v: string | null) => Number(v ?? 0);
    return {
      skus: n(r.skus),
      cells: n(r.cells),
      units_on_hand: n(r.units_on_hand),
      negative_cells: n(r.negative_cells),
      below_reorder_cells: n(r.below_reorder_cells),
      open_alerts: n(r.open_alerts),
      acknowledged_alerts: n(r.acknowledged_alerts),
      dead_letters: n(r.dead_letters),
      open_conflicts: n(r.open_conflicts),
      consumed_offsets: n(r.consumed_offsets),
      last_event_ts: r.last_event_ts,
    };
  } catch (error) {
    throw postgresError(error, 'reading the overview');
  }
}
