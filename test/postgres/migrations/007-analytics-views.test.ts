import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backfillDays } from '../../../src/jobs/backfill-days.ts';
import { upsertLocations, upsertSkus } from '../../../src/postgres/master-data.ts';
import { syncAlerts } from '../../../src/postgres/alerts/sync-alerts.ts';
import { insertEvents, openDailyDb, type DailyDb, type LedgerEvent } from '../../support/daily-db.ts';

const ZONE = 'Asia/Tokyo';
let db: DailyDb;
const events: LedgerEvent[] = [
  { event_ts: '2026-09-01T01:00:00Z', event_type: 'IN', sku: 'A', location: 'L1', qty: 20 },
  { event_ts: '2026-09-01T14:30:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 3 }, // 23:30 JST 09-01
  { event_ts: '2026-09-01T15:30:00Z', event_type: 'OUT', sku: 'A', location: 'L1', qty: 4 }, // 00:30 JST 09-02
  { event_ts: '2026-09-02T02:00:00Z', event_type: 'ADJUST', sku: 'A', location: 'L1', qty: -1 },
  { event_ts: '2026-09-02T02:00:00Z', event_type: 'IN', sku: 'B', location: 'L2', qty: 5 },
];
before(async () => {
  db = await openDailyDb('analytics', { RFID_TIMEZONE: ZONE, RFID_FORECAST_HORIZON_DAYS: '2' });
  await insertEvents(db.pool, events);
  await db.pool.query("INSERT INTO inventory_current (sku, location, qty_on_hand) VALUES ('A', 'L1', 12), ('B', 'L2', 5)");
  await upsertSkus(db.pool, [{ sku: 'A', name: 'Apple crate', category: 'fruit', lead_time_days: 1, reorder_point: null, reorder_qty: null }]);
  await upsertLocations(db.pool, [{ location: 'L1', name: 'Dock 1', warehouse: 'W1', zone: 'Z' }]);
  await backfillDays(db.ctx, { from: '2026-09-01', to: '2026-09-03' });
});
after(() => db.close());

const q = async (sql: string) => (await db.pool.query(sql)).rows;

test('analytics.current_stock: on-hand with master-data names (null where unknown)', async () => {
  assert.deepEqual(await q('SELECT sku, sku_name, location, location_name, warehouse, qty_on_hand FROM analytics.current_stock ORDER BY sku'), [
    { sku: 'A', sku_name: 'Apple crate', location: 'L1', location_name: 'Dock 1', warehouse: 'W1', qty_on_hand: 12 },
    { sku: 'B', sku_name: null, location: 'L2', location_name: null, warehouse: null, qty_on_hand: 5 },
  ]);
});

test('analytics.daily_movements: totals per business day in the zone', async () => {
  assert.deepEqual(
    await q(
      "SELECT day::text, sku, in_qty::int, out_qty::int, adjust_qty::int, net_qty::int, events::int FROM analytics.daily_movements WHERE sku = 'A' ORDER BY day",
    ),
    [
      { day: '2026-09-01', sku: 'A', in_qty: 20, out_qty: 3, adjust_qty: null, net_qty: 17, events: 2 },
      { day: '2026-09-02', sku: 'A', in_qty: null, out_qty: 4, adjust_qty: -1, net_qty: -5, events: 2 },
    ],
  );
});

test('analytics.snapshot_trend: end-of-day on-hand and its change', async () => {
  assert.deepEqual(await q("SELECT day::text, qty_on_hand, change_from_previous FROM analytics.snapshot_trend WHERE sku = 'A' ORDER BY day"), [
    { day: '2026-09-01', qty_on_hand: 17, change_from_previous: null },
    { day: '2026-09-02', qty_on_hand: 12, change_from_previous: -5 },
    { day: '2026-09-03', qty_on_hand: 12, change_from_previous: 0 },
  ]);
});

test('analytics.forecast_vs_actual: each origin’s forecast per lead next to the shipped quantity', async () => {
  const rows = await q(
    "SELECT origin_day::text, lead_days, day::text, forecast_qty::float8 AS forecast, actual_qty::int AS actual, actual_known FROM analytics.forecast_vs_actual WHERE sku = 'A' AND method = 'ma7' AND origin_day = '2026-09-01' ORDER BY lead_days",
  );
  assert.deepEqual(rows, [
    { origin_day: '2026-09-01', lead_days: 1, day: '2026-09-02', forecast: 0.4286, actual: 4, actual_known: true },
    { origin_day: '2026-09-01', lead_days: 2, day: '2026-09-03', forecast: 0.4286, actual: 0, actual_known: true },
  ]);
});

test('analytics.forecast_accuracy_by_method: one row per method with the auto choices counted', async () => {
  const rows = await q('SELECT method, series::int, chosen_by_auto::int FROM analytics.forecast_accuracy_by_method ORDER BY method');
  assert.equal(rows.length, 6);
  assert.ok(rows.every((r) => r.series === 2));
  assert.equal(
    rows.reduce((s, r) => s + (r.chosen_by_auto as number), 0),
    2,
  );
});

test('analytics.reorder_status: the newest signals with names and the on-hand now', async () => {
  const rows = await q('SELECT day::text, sku, sku_name, qty_on_hand_now, qty_on_hand_at_day_end, lead_time_days FROM analytics.reorder_status ORDER BY sku');
  assert.deepEqual(rows, [
    { day: '2026-09-03', sku: 'A', sku_name: 'Apple crate', qty_on_hand_now: 12, qty_on_hand_at_day_end: 12, lead_time_days: 1 },
    { day: '2026-09-03', sku: 'B', sku_name: null, qty_on_hand_now: 5, qty_on_hand_at_day_end: 5, lead_time_days: 7 },
  ]);
});

test('analytics.open_alerts: only active alerts', async () => {
  await syncAlerts(db.pool, 'dlq_rate', [{ subject: 'rfid_events', details: { last_hour: 9 } }]);
  await syncAlerts(db.pool, 'negative_stock', [{ subject: 'X|L', details: {} }]);
  await syncAlerts(db.pool, 'negative_stock', []);
  assert.deepEqual(await q("SELECT kind, subject, status FROM analytics.open_alerts WHERE kind IN ('dlq_rate', 'negative_stock')"), [
    { kind: 'dlq_rate', subject: 'rfid_events', status: 'open' },
  ]);
});

test('analytics.dlq_summary: dead letters per business day, topic and code', async () => {
  await db.pool.query(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, worker_id, dead_at) VALUES
       ('rfid_events', 0, 1, 'INVALID_JSON', 'x', 'w', '2026-09-01T14:00:00Z'),
       ('rfid_events', 0, 2, 'INVALID_JSON', 'x', 'w', '2026-09-01T16:00:00Z'),
       ('rfid_events', 0, 3, 'BAD_TIMESTAMP', 'x', 'w', '2026-09-01T16:00:00Z')`,
  );
  assert.deepEqual(await q('SELECT day::text, code, messages::int FROM analytics.dlq_summary ORDER BY day, code'), [
    { day: '2026-09-01', code: 'INVALID_JSON', messages: 1 },
    { day: '2026-09-02', code: 'BAD_TIMESTAMP', messages: 1 },
    { day: '2026-09-02', code: 'INVALID_JSON', messages: 1 },
  ]);
});

test('every analytics view has a comment', async () => {
  const r = await q(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'analytics' AND c.relkind = 'v' AND obj_description(c.oid, 'pg_class') IS NULL",
  );
  assert.deepEqual(r, []);
});
