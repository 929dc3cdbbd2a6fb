/**
 * The query API benchmarks' data set (issues 11 and 12), written straight into Postgres with
 * set-based statements (as bench/daily-run.ts does), not through Kafka: `cells` stock cells
 * (`cells / 20` SKUs × 20 locations in 4 warehouses × 5 zones, master data for both), a ledger of
 * `ledgerRows` events spread evenly over the last `days` business days before today, the stock
 * of each cell equal to its ledger sum, and dense daily snapshots (every cell, every day) for the
 * last `snapshotDays` days, computed from the ledger in one window query.
 *
 * The ledger's indexes are dropped for the load and built again after it (one sort per index
 * instead of 10M random B-tree inserts into a uuid primary key); the late-day trigger is off for
 * the load, so no day is marked for restatement and the as-of answers may start from snapshots.
 * About 2% of the cells end negative, about half at or below their SKU's reorder point.
 */
import { addDays, businessDayOf } from '../../src/domain/business-day.ts';
import type { Pool } from '../../src/postgres/pool.ts';

export const LOCATIONS_PER_SKU = 20;

export interface DataSetOptions {
  cells: number;
  ledgerRows: number;
  days: number;
  snapshotDays: number;
  zone: string;
}

export interface DataSet extends DataSetOptions {
  skus: number;
  /** First and last business day of the ledger (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  /** First day with snapshots. */
  firstSnapshotDay: string;
  snapshotRows: number;
  timingsMs: Record<string, number>;
}

export const skuName = (s: number): string => `SKU-${String(s).padStart(6, '0')}`;
export const locationName = (l: number): string => `WH${l % 4}-Z${l % 5}-${String(l).padStart(2, '0')}`;
export const warehouseName = (w: number): string => `WH${w}`;

const LEDGER_INDEXES = [
  'ALTER TABLE rfid_events ADD PRIMARY KEY (event_id)',
  'CREATE INDEX rfid_events_cell_ts_idx ON rfid_events (sku, location, event_ts)',
  'CREATE INDEX rfid_events_ts_idx ON rfid_events (event_ts)',
  'CREATE INDEX rfid_events_ref_idx ON rfid_events (ref_event_id) WHERE ref_event_id IS NOT NULL',
];

export async function loadApiDataSet(pool: Pool, o: DataSetOptions, log: (line: string) => void): Promise<DataSet> {
  const skus = Math.ceil(o.cells / LOCATIONS_PER_SKU);
  const cells = skus * LOCATIONS_PER_SKU;
  const lastDay = addDays(businessDayOf(Date.now(), o.zone), -1);
  const firstDay = addDays(lastDay, -(o.days - 1));
  const firstSnapshotDay = addDays(lastDay, -(o.snapshotDays - 1));
  const perCell = Math.max(1, Math.floor(o.ledgerRows / cells));
  const timingsMs: Record<string, number> = {};
  const client = await pool.connect();
  const step = async (name: string, sql: string, params: unknown[] = []): Promise<number> => {
    const t = Date.now();
    const r = await client.query(sql, params);
    timingsMs[name] = Date.now() - t;
    log(`  ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s${r.rowCount ? ` (${r.rowCount.toLocaleString('en-US')} rows)` : ''}`);
    return r.rowCount ?? 0;
  };
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SET work_mem = '1GB'");
    await step(
      'sku_master',
      `INSERT INTO sku_master (sku, name, category, lead_time_days, reorder_point, reorder_qty)
       SELECT 'SKU-' || lpad(s::text, 6, '0'), 'item ' || s, 'cat-' || (s % 12), 3 + s % 5, 100 + s % 200, 200
       FROM generate_series(0, $1::int - 1) s`,
      [skus],
    );
    await step(
      'location_master',
      `INSERT INTO location_master (location, name, warehouse, zone)
       SELECT 'WH' || (l % 4) || '-Z' || (l % 5) || '-' || lpad(l::text, 2, '0'), 'bay ' || l, 'WH' || (l % 4), 'Z' || (l % 5)
       FROM generate_series(0, $1::int - 1) l`,
      [LOCATIONS_PER_SKU],
    );
    await client.query('ALTER TABLE rfid_events DISABLE TRIGGER rfid_events_late_days');
    await client.query('ALTER TABLE rfid_events DROP CONSTRAINT rfid_events_pkey');
    for (const index of ['rfid_events_cell_ts_idx', 'rfid_events_ts_idx', 'rfid_events_ref_idx']) await client.query(`DROP INDEX ${index}`);
    // Event k of cell c: slot k of the cell's perCell slots over the days, a per-cell offset
    // inside the slot; every 10th event a receipt (small for 1 cell in 50: those go negative),
    // every 10th + 9 an adjustment, the rest shipments.
    const ledgerRows = await step(
      'ledger insert (no indexes)',
      `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, source_partition, source_offset)
       SELECT gen_random_uuid(),
              ($1::date)::timestamp AT TIME ZONE $2 + (k * $3::float8 / $4 + (c % 97) * ($3::float8 / $4 / 97)) * interval '1 second',
              CASE k % 10 WHEN 0 THEN 'IN' WHEN 9 THEN 'ADJUST' ELSE 'OUT' END,
              'SKU-' || lpad((c / 20)::text, 6, '0'),
              'WH' || (c % 20 % 4) || '-Z' || (c % 20 % 5) || '-' || lpad((c % 20)::text, 2, '0'),
              CASE k % 10 WHEN 0 THEN CASE WHEN c % 50 = 0 THEN 10 ELSE 30 + c % 40 END
                          WHEN 9 THEN CASE WHEN (c + k) % 2 = 0 THEN 1 ELSE -1 END
                          ELSE 1 + (c + k) % 6 END,
              'reader-' || (c % 37), c % 6, k
       FROM generate_series(0, $4::int - 1) k, generate_series(0, $5::int - 1) c`,
      [firstDay, o.zone, o.days * 86_400, perCell, cells],
    );
    for (const sql of LEDGER_INDEXES) await step(sql.replace(/ ON .*| \(.*/, ''), sql);
    await client.query('ALTER TABLE rfid_events ENABLE TRIGGER rfid_events_late_days');
    await step(
      'inventory_current from the ledger',
      `INSERT INTO inventory_current (sku, location, qty_on_hand, version, updated_at, last_event_ts)
       SELECT sku, location, sum(CASE event_type WHEN 'OUT' THEN -qty ELSE qty END), count(*), now(), max(event_ts)
       FROM rfid_events GROUP BY sku, location`,
    );
    // Dense snapshots, cumulative per cell: the first snapshot day holds the whole ledger before it.
    // Written day by day in no cell order, as the daily job writes them (one day per statement,
    // hash-join order), so a cell's or a location's rows lie on as many pages as in production.
    const snapshotRows = await step(
      'snapshots (dense, window sum)',
      `INSERT INTO inventory_snapshot_daily (date, sku, location, qty_on_hand)
       WITH daily AS (
         SELECT sku, location, greatest((event_ts AT TIME ZONE $3)::date, $1::date) AS day,
                sum(CASE event_type WHEN 'OUT' THEN -qty ELSE qty END)::int AS delta
         FROM rfid_events GROUP BY 1, 2, 3)
       SELECT d.day::date, c.sku, c.location,
              sum(coalesce(m.delta, 0)) OVER (PARTITION BY c.sku, c.location ORDER BY d.day)
       FROM inventory_current c
       CROSS JOIN generate_series($1::date, $2::date, interval '1 day') d(day)
       LEFT JOIN daily m ON m.sku = c.sku AND m.location = c.location AND m.day = d.day::date
       ORDER BY d.day, hashtext(c.sku || c.location)`,
      [firstSnapshotDay, lastDay, o.zone],
    );
    await step('ANALYZE', 'ANALYZE');
    return { ...o, cells, skus, ledgerRows, firstDay, lastDay, firstSnapshotDay, snapshotRows, timingsMs };
  } finally {
    client.release();
  }
}

/** Operations rows the console pages list: dead letters, conflicts and job runs. */
export async function loadOperationsRows(pool: Pool, rows: { deadLetters: number; conflicts: number; jobRuns: number }): Promise<void> {
  await pool.query(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, record_value, record_ts, worker_id, dead_at)
     SELECT 'rfid_events', n % 6, n, (ARRAY['NOT_JSON', 'SCHEMA', 'BAD_QTY', 'UNKNOWN_TYPE'])[1 + n % 4], 'bench dead letter ' || n,
            convert_to('{"bad": ' || n || '}', 'UTF8'), now() - n * interval '1 second', 'bench', now() - n * interval '1 second'
     FROM generate_series(1, $1::int) n`,
    [rows.deadLetters],
  );
  await pool.query(
    `INSERT INTO rfid_event_conflicts (event_id, received, source_topic, source_partition, source_offset, detected_at, resolved_at)
     SELECT gen_random_uuid(), jsonb_build_object('n', n), 'rfid_events', n % 6, 1000000 + n, now() - n * interval '1 minute',
            CASE WHEN n % 3 = 0 THEN now() END
     FROM generate_series(1, $1::int) n`,
    [rows.conflicts],
  );
  await pool.query(
    `INSERT INTO daily_job_runs (job, day, trigger, status, worker_id, started_at, finished_at, duration_ms, rows)
     SELECT (ARRAY['snapshot', 'forecast', 'reorder', 'alerts'])[1 + n % 4], current_date - 1 - n / 4, 'cli', 'done', 'bench',
            now() - n * interval '1 hour', now() - n * interval '1 hour' + interval '2 seconds', 2000, 100000
     FROM generate_series(1, $1::int) n`,
    [rows.jobRuns],
  );
  await pool.query('ANALYZE ingest_dead_letters, rfid_event_conflicts, daily_job_runs');
}
