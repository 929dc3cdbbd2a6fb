import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ackAlert } from '../../../src/postgres/alerts/ack-alert.ts';
import { findDlqRate } from '../../../src/postgres/alerts/find-dlq-rate.ts';
import { findNegativeStock } from '../../../src/postgres/alerts/find-negative-stock.ts';
import { findReorderBreaches } from '../../../src/postgres/alerts/find-reorder-breaches.ts';
import { findSilentDevices } from '../../../src/postgres/alerts/find-silent-devices.ts';
import { listAlerts } from '../../../src/postgres/alerts/list-alerts.ts';
import { syncAlerts } from '../../../src/postgres/alerts/sync-alerts.ts';
import { insertEvents, openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('alerts');
});
after(() => db.close());

test('syncAlerts: opens once per rule and subject, refreshes instead of duplicating, resolves when the condition clears, opens anew after', async () => {
  const cell = { subject: 'A|L1', details: { qty_on_hand: -2 } };
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', [cell]), { opened: 1, resolved: 0 });
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', [{ ...cell, details: { qty_on_hand: -3 } }]), { opened: 0, resolved: 0 });
  // The same subject under another rule is another alert.
  assert.deepEqual(await syncAlerts(db.pool, 'below_reorder_point', [cell]), { opened: 1, resolved: 0 });
  let active = await listAlerts(db.pool, { active: true, limit: 10 });
  assert.equal(active.length, 2);
  assert.deepEqual(active.find((a) => a.kind === 'negative_stock')!.details, { qty_on_hand: -3 });
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', []), { opened: 0, resolved: 1 });
  active = await listAlerts(db.pool, { active: true, limit: 10 });
  assert.deepEqual(
    active.map((a) => a.kind),
    ['below_reorder_point'],
  );
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', [cell]), { opened: 1, resolved: 0 });
  const all = await listAlerts(db.pool, { active: false, limit: 10 });
  assert.deepEqual(
    all.filter((a) => a.kind === 'negative_stock').map((a) => a.status),
    ['open', 'resolved'],
  );
});

test('ackAlert: open → acknowledged (still active, not reopened by the next check), then resolved when it clears; unknown id → null', async () => {
  const open = (await listAlerts(db.pool, { active: true, limit: 10 })).find((a) => a.kind === 'negative_stock')!;
  const acked = await ackAlert(db.pool, open.id, 'ops@example.com');
  assert.equal(acked!.status, 'acknowledged');
  assert.equal(acked!.acknowledged_by, 'ops@example.com');
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', [{ subject: 'A|L1', details: {} }]), { opened: 0, resolved: 0 });
  assert.equal((await ackAlert(db.pool, open.id, 'someone-else'))!.acknowledged_by, 'ops@example.com');
  assert.deepEqual(await syncAlerts(db.pool, 'negative_stock', []), { opened: 0, resolved: 1 });
  assert.equal((await ackAlert(db.pool, open.id, 'late'))!.status, 'resolved');
  assert.equal(await ackAlert(db.pool, 999_999, 'x'), null);
});

test('findNegativeStock: cells of inventory_current below zero', async () => {
  await db.pool.query("INSERT INTO inventory_current (sku, location, qty_on_hand) VALUES ('N', 'L1', -4), ('P', 'L1', 0), ('Q', 'L1', 3)");
  assert.deepEqual(await findNegativeStock(db.pool), [{ subject: 'N|L1', details: { sku: 'N', location: 'L1', qty_on_hand: -4 } }]);
});

test('findReorderBreaches: current on-hand below the newest signal’s reorder point; projected stockout within N days', async () => {
  await db.pool.query(
    `INSERT INTO reorder_signals (day, sku, location, on_hand, mean_daily, sd_daily, lead_time_days, service_level, z, safety_stock, reorder_point, days_of_cover, stockout_date, below_reorder_point) VALUES
       (current_date - 2, 'Q', 'L1', 3, 1, 1, 5, 0.95, 1.64, 3, 8, 3, current_date + 1, true),
       (current_date - 1, 'Q', 'L1', 3, 1, 1, 5, 0.95, 1.64, 3, 8, 3, current_date + 30, true),
       (current_date - 1, 'P', 'L1', 9, 1, 1, 5, 0.95, 1.64, 3, 8, 9, current_date + 5, false),
       (current_date - 1, 'R', 'L1', 50, 1, 1, 5, 0.95, 1.64, 3, 8, 50, null, false)`,
  );
  // P has 0 now (below 8) though the signal said 9; Q is below; R (no inventory_current row) uses the signal's 50.
  const found = await findReorderBreaches(db.pool, { timeZone: 'UTC', stockoutWithinDays: 7 });
  assert.deepEqual(found.belowReorderPoint.map((x) => x.subject).sort(), ['P|L1', 'Q|L1']);
  assert.deepEqual(
    found.stockoutSoon.map((x) => x.subject),
    ['P|L1'],
  );
});

test('findSilentDevices: devices last heard before the threshold', async () => {
  const now = Date.now();
  await insertEvents(db.pool, [
    { event_ts: new Date(now - 5 * 60_000).toISOString(), event_type: 'IN', sku: 'D', location: 'L1', qty: 1, device_id: 'gate-1' },
    { event_ts: new Date(now - 1 * 60_000).toISOString(), event_type: 'IN', sku: 'D', location: 'L1', qty: 1, device_id: 'gate-2' },
  ]);
  assert.deepEqual(await findSilentDevices(db.pool, 60), []);
  // A device heard from 2 hours ago (ingested then).
  await db.pool.query("INSERT INTO reader_devices (device_id, last_seen_at) VALUES ('gate-old', now() - interval '2 hours')");
  assert.deepEqual(
    (await findSilentDevices(db.pool, 60)).map((x) => x.subject),
    ['gate-old'],
  );
});

test('findDlqRate: dead letters of the last hour per topic above the threshold', async () => {
  await db.pool.query(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, worker_id, dead_at)
     SELECT 'rfid_events', 0, g, 'INVALID_JSON', 'bad', 'w', now() - (g % 2) * interval '2 hours' FROM generate_series(1, 8) g`,
  );
  assert.deepEqual(await findDlqRate(db.pool, 5), []);
  assert.deepEqual(await findDlqRate(db.pool, 3), [{ subject: 'rfid_events', details: { last_hour: 4, threshold: 3 } }]);
});
