import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAlerts } from '../../../src/jobs/tasks/check-alerts.ts';
import { listAlerts } from '../../../src/postgres/alerts/list-alerts.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

let db: DailyDb;
before(async () => {
  db = await openDailyDb('checkalerts', { RFID_ALERT_DLQ_PER_HOUR: '0' });
});
after(() => db.close());

test('checkAlerts: every rule synced; a second check changes nothing; the ingest-lag rule reads its reader', async () => {
  await db.pool.query("INSERT INTO inventory_current (sku, location, qty_on_hand) VALUES ('N', 'L1', -1)");
  let lag = 500_000;
  const ctx = { ...db.ctx, readIngestLag: async () => lag };
  assert.equal(await checkAlerts(ctx), 2);
  assert.equal(await checkAlerts(ctx), 0);
  assert.deepEqual((await listAlerts(db.pool, { active: true, limit: 10 })).map((a) => [a.kind, a.subject]).sort(), [
    ['ingest_lag', db.t.config.topics.events],
    ['negative_stock', 'N|L1'],
  ]);
  lag = 10;
  await db.pool.query("UPDATE inventory_current SET qty_on_hand = 2 WHERE sku = 'N'");
  assert.equal(await checkAlerts(ctx), 2);
  assert.deepEqual(await listAlerts(db.pool, { active: true, limit: 10 }), []);
});
