import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverAlertWebhooks } from '../../../src/jobs/tasks/deliver-alert-webhooks.ts';
import { ackAlert } from '../../../src/postgres/alerts/ack-alert.ts';
import { syncAlerts } from '../../../src/postgres/alerts/sync-alerts.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

interface Received {
  key: string;
  body: { delivery_id: number; transition: string; attempt: number; alert: { kind: string; subject: string; status: string } };
}

let db: DailyDb;
let server: Server;
const received: Received[] = [];
let failNext = 0;
before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(body) as Received['body'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  db = await openDailyDb('webhook', { RFID_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, RFID_ALERT_WEBHOOK_MAX_ATTEMPTS: '3' });
});
after(async () => {
  server.close();
  await db.close();
});

test('each alert transition is posted once; a refused post is retried after its backoff; re-checks post nothing new', async () => {
  await syncAlerts(db.pool, 'negative_stock', [{ subject: 'A|L1', details: { qty_on_hand: -1 } }]);
  failNext = 1;
  assert.equal(await deliverAlertWebhooks(db.ctx), 0);
  assert.equal(received.length, 0);
  const row = await db.pool.query<{ attempts: number; last_error: string; wait: number }>(
    'SELECT attempts, last_error, extract(epoch FROM next_attempt_at - now())::float8 AS wait FROM alert_deliveries',
  );
  assert.equal(row.rows[0]!.attempts, 1);
  assert.equal(row.rows[0]!.last_error, 'HTTP 503');
  assert.ok(row.rows[0]!.wait > 20 && row.rows[0]!.wait <= 30, String(row.rows[0]!.wait));
  // Within the backoff nothing is posted.
  assert.equal(await deliverAlertWebhooks(db.ctx), 0);
  await db.pool.query("UPDATE alert_deliveries SET next_attempt_at = now() - interval '1 second'");
  assert.equal(await deliverAlertWebhooks(db.ctx), 1);
  // The same condition again, an ack, then the condition clears: acknowledged and resolved, once each.
  await syncAlerts(db.pool, 'negative_stock', [{ subject: 'A|L1', details: { qty_on_hand: -2 } }]);
  const id = (await db.pool.query<{ id: number }>('SELECT id FROM alerts')).rows[0]!.id;
  await ackAlert(db.pool, id, 'ops');
  await ackAlert(db.pool, id, 'ops');
  await syncAlerts(db.pool, 'negative_stock', []);
  assert.equal(await deliverAlertWebhooks(db.ctx), 2);
  assert.equal(await deliverAlertWebhooks(db.ctx), 0);
  assert.deepEqual(
    received.map((r) => [r.body.transition, r.body.attempt, r.body.alert.subject]),
    [
      ['opened', 2, 'A|L1'],
      ['acknowledged', 1, 'A|L1'],
      ['resolved', 1, 'A|L1'],
    ],
  );
  assert.deepEqual(
    received.map((r) => r.key),
    received.map((r) => `rfid-alert-delivery-${r.body.delivery_id}`),
  );
});

test('a delivery refused every time stops after RFID_ALERT_WEBHOOK_MAX_ATTEMPTS', async () => {
  await syncAlerts(db.pool, 'dlq_rate', [{ subject: 'rfid_events', details: {} }]);
  failNext = 100;
  for (let i = 0; i < 5; i++) {
    await deliverAlertWebhooks(db.ctx);
    await db.pool.query("UPDATE alert_deliveries SET next_attempt_at = now() - interval '1 second' WHERE delivered_at IS NULL");
  }
  const r = await db.pool.query<{ attempts: number }>("SELECT attempts FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.kind = 'dlq_rate'");
  assert.deepEqual(r.rows, [{ attempts: 3 }]);
  failNext = 0;
});
