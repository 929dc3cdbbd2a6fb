import { describeError } from '../../errors.ts';
import { claimDeliveries, type AlertDelivery } from '../../postgres/alerts/claim-deliveries.ts';
import { finishDelivery } from '../../postgres/alerts/finish-delivery.ts';
import { stopIfAborted, type JobContext } from '../job-context.ts';

const BATCH = 20;
const TIMEOUT_MS = 10_000;
// Longer than a batch can take (20 × 10 s): a claimed delivery is not claimed again while in hand.
const LEASE_SECONDS = 300;

/**
 * Posts due alert transitions to RFID_ALERT_WEBHOOK_URL as JSON, each once: a 2xx marks it
 * delivered; anything else is retried with backoff up to RFID_ALERT_WEBHOOK_MAX_ATTEMPTS. Each
 * request carries `Idempotency-Key: rfid-alert-delivery-<id>`: a worker dying between the
 * receiver's 2xx and the mark re-sends after the lease, and the key lets the receiver drop it.
 * Returns how many were delivered.
 *
 * @example
 * await deliverAlertWebhooks(ctx) // 2
 */
export async function deliverAlertWebhooks(ctx: JobContext): Promise<number> {
  const url = ctx.config.daily.alerts.webhookUrl;
  if (url === undefined) return 0;
  let delivered = 0;
  for (;;) {
    const batch = await claimDeliveries(ctx.pool, { limit: BATCH, maxAttempts: ctx.config.daily.alerts.webhookMaxAttempts, leaseSeconds: LEASE_SECONDS });
    for (const d of batch) {
      // A claimed delivery left unposted is claimed again after its lease.
      stopIfAborted(ctx);
      const error = await post(url, d);
      await finishDelivery(ctx.pool, d.id, error === null ? { ok: true } : { ok: false, error });
      if (error === null) delivered++;
      else ctx.logger.warn({ delivery: d.id, attempt: d.attempts, error }, 'alert webhook failed; will retry');
    }
    if (batch.length < BATCH) return delivered;
  }
}

async function post(url: string, d: AlertDelivery): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `rfid-alert-delivery-${d.id}` },
      body: JSON.stringify({ delivery_id: d.id, transition: d.transition, attempt: d.attempts, alert: d.alert }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (error) {
    return describeError(error);
  }
}
