import { describeError } from '../../errors.ts';
import type { AlertCondition, AlertKind } from '../../postgres/alerts/alert-kinds.ts';
import { findDlqRate } from '../../postgres/alerts/find-dlq-rate.ts';
import { findNegativeStock } from '../../postgres/alerts/find-negative-stock.ts';
import { findReorderBreaches } from '../../postgres/alerts/find-reorder-breaches.ts';
import { findSilentDevices } from '../../postgres/alerts/find-silent-devices.ts';
import { syncAlerts } from '../../postgres/alerts/sync-alerts.ts';
import type { JobContext } from '../job-context.ts';

/**
 * The `alerts` job (every minute in `rfid worker`, and after each daily run): evaluates every
 * enabled rule and syncs its alerts (open new, refresh active, resolve cleared). A rule switched
 * off (threshold 0) finds nothing, so its active alerts resolve. Returns alerts opened + resolved.
 *
 * @example
 * await checkAlerts(ctx) // 3
 */
export async function checkAlerts(ctx: JobContext): Promise<number> {
  const { pool, config } = ctx;
  const rules = config.daily.alerts;
  const reorder = await findReorderBreaches(pool, { timeZone: config.timeZone, stockoutWithinDays: rules.stockoutWithinDays });
  const found: Array<[AlertKind, AlertCondition[]]> = [
    ['negative_stock', await findNegativeStock(pool)],
    ['below_reorder_point', reorder.belowReorderPoint],
    ['stockout_soon', reorder.stockoutSoon],
    ['device_silent', rules.deviceSilentMinutes > 0 ? await findSilentDevices(pool, rules.deviceSilentMinutes) : []],
    ['dlq_rate', rules.dlqPerHour > 0 ? await findDlqRate(pool, rules.dlqPerHour) : []],
  ];
  if (ctx.readIngestLag && rules.ingestLagMessages > 0) {
    // Kafka down must not hold back the other rules: the lag rule then leaves its alerts as they are.
    const lag = await ctx.readIngestLag().catch((error: unknown) => {
      ctx.logger.warn({ err: describeError(error) }, 'ingest lag unknown: Kafka not answering');
      return null;
    });
    if (lag !== null)
      found.push([
        'ingest_lag',
        lag > rules.ingestLagMessages ? [{ subject: config.topics.events, details: { lag, threshold: rules.ingestLagMessages } }] : [],
      ]);
  } else if (rules.ingestLagMessages === 0) {
    found.push(['ingest_lag', []]);
  }
  let changed = 0;
  for (const [kind, conditions] of found) {
    const { opened, resolved } = await syncAlerts(pool, kind, conditions);
    if (opened + resolved > 0) ctx.logger.info({ kind, opened, resolved }, 'alerts changed');
    changed += opened + resolved;
  }
  return changed;
}
