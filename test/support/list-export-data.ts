/**
 * Rows in every table a list route reads, for the export tests: 5,500 stock cells and 5,200
 * alerts (more than one 5,000-row export page), ledger events, snapshots, forecasts, backtest
 * accuracy, reorder signals, dead letters, conflicts and job runs, with nulls, quotes and commas
 * where a CSV writer could go wrong.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from '../../src/postgres/pool.ts';

export async function seedEveryList(db: Pool, eventsTopic: string): Promise<void> {
  // 5,500 cells: more than one 5,000-row export page.
  await db.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version, last_event_ts)
     SELECT 'S-' || lpad((i / 10)::text, 4, '0'), 'L-' || (i % 10), i % 37 - 10, i + 1,
            CASE WHEN i % 3 = 0 THEN NULL ELSE '2026-11-01T00:00:00Z'::timestamptz + i * interval '1 minute 1 microsecond' END
     FROM generate_series(0, 5499) i`,
  );
  await db.query(`INSERT INTO location_master (location, warehouse, zone) VALUES ('L-1', 'WH1', 'A'), ('L-2', 'WH1', 'B')`);
  await db.query(`INSERT INTO sku_master (sku, reorder_point) SELECT 'S-' || lpad(i::text, 4, '0'), i % 20 FROM generate_series(0, 300) i`);
  await db.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, source_partition, source_offset)
     SELECT gen_random_uuid(), '2026-11-01T00:00:00Z'::timestamptz + i * interval '7 minutes 3 microseconds', (ARRAY['IN','OUT','ADJUST'])[1 + i % 3],
            'S-' || lpad((i % 12)::text, 4, '0'), 'L-1', 1 + i % 4, CASE WHEN i % 2 = 0 THEN 'dev "1", x' END, i % 3, i
     FROM generate_series(0, 299) i`,
  );
  const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
  await db.query(
    `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand)
     SELECT d::date, s, l, length(s) + extract(day FROM d::date)::int - 3 FROM unnest($1::text[]) d, unnest(ARRAY['S-A','S-B']) s, unnest(ARRAY['L-1','L-2']) l`,
    [days],
  );
  await db.query(
    `INSERT INTO shipment_forecast_settled (date, sku, location, method, forecast_qty, origin_day)
     SELECT d::date, s, 'L-1', m, 0.43 * length(m), CASE WHEN m = 'ses' THEN '2026-10-31'::date END
     FROM unnest($1::text[]) d, unnest(ARRAY['S-A','S-B']) s, unnest(ARRAY['ma7','ses']) m`,
    [days],
  );
  // Methods by name, as the forecast job writes them: croston, ma7, ses (wape NULL); auto chose ses for S-A only.
  await db.query(
    `INSERT INTO forecast_backtest_cells (sku, location, origin_day, methods, wape, mase, bias, points, origins, auto_method, auto_reason)
     SELECT s, 'L-1', '2026-11-04', '{croston,ma7,ses}', '{0.25,0.25,NULL}', '{0.9,0.9,0.9}', '{-0.1,-0.1,-0.1}', '{28,28,28}', '{4,4,4}',
            CASE WHEN s = 'S-A' THEN 'ses' END, CASE WHEN s = 'S-A' THEN 'lowest MASE' END
     FROM unnest(ARRAY['S-A','S-B']) s`,
  );
  await db.query(
    `INSERT INTO reorder_signals (day, sku, location, on_hand, mean_daily, sd_daily, lead_time_days, service_level, z, safety_stock,
                                  reorder_point, days_of_cover, stockout_date, below_reorder_point)
     SELECT '2026-11-04', s, l, CASE WHEN s = 'S-B' THEN 2 ELSE 50 END, 1.5, 0.5, 3, 0.95, 1.645, 1.4, 5.9,
            CASE WHEN s = 'S-B' THEN 1.3 END, CASE WHEN s = 'S-B' THEN '2026-11-06'::date END, s = 'S-B'
     FROM unnest(ARRAY['S-A','S-B','S-C']) s, unnest(ARRAY['L-1','L-2']) l`,
  );
  // 5,200 alerts: more than one export page.
  await db.query(
    `INSERT INTO alerts (kind, subject, status, details, acknowledged_at, acknowledged_by)
     SELECT (ARRAY['negative_stock','below_reorder_point','stockout_soon'])[1 + i % 3], 'S-' || i || '|L-1', (ARRAY['open','acknowledged','resolved'])[1 + i % 3],
            jsonb_build_object('sku', 'S-' || i, 'location', 'L-1', 'note', 'a, "b"'),
            CASE WHEN i % 3 = 1 THEN '2026-11-02T03:04:05.123456Z'::timestamptz END, CASE WHEN i % 3 = 1 THEN 'op' END
     FROM generate_series(0, 5199) i`,
  );
  for (let i = 0; i < 3; i++)
    await db.query(
      `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, record_value, worker_id, dead_at, record_ts)
       VALUES ($1, 1, $2, $3, 'bad, "really"', 'x', 'w', '2026-11-02T00:00:00Z', CASE WHEN $4::boolean THEN '2026-11-01T23:00:00Z'::timestamptz END)`,
      [eventsTopic, i, i === 1 ? 'NOT_JSON' : 'QTY_ZERO', i > 0],
    );
  const eventId = randomUUID();
  await db.query(`INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES ($1, '2026-11-05T10:00:00Z', 'IN', 'S-C', 'L-C', 5)`, [
    eventId,
  ]);
  for (let i = 0; i < 3; i++)
    await db.query(
      `INSERT INTO rfid_event_conflicts (event_id, received, source_topic, source_partition, source_offset, resolved_at, resolution_note)
       VALUES ($1, $2, $3, 0, $4, CASE WHEN $5::boolean THEN now() END, CASE WHEN $5::boolean THEN 'fixed, "ok"' END)`,
      [eventId, JSON.stringify({ event_id: eventId, qty: 50 + i }), eventsTopic, i, i === 1],
    );
  await db.query(
    `INSERT INTO daily_job_runs (job, day, trigger, status, worker_id, finished_at, duration_ms, rows, error)
     SELECT (ARRAY['forecast','reorder'])[1 + n % 2], '2026-11-01'::date + n, 'schedule', CASE WHEN n = 2 THEN 'failed' ELSE 'done' END, 'w',
            now(), 100 + n, 10 * n, CASE WHEN n = 2 THEN 'boom, "x"' END
     FROM generate_series(0, 5) n`,
  );
}
