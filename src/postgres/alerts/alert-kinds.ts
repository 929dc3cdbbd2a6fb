/** The alert rules (the `alerts.kind` check constraint lists the same names). */
export const ALERT_KINDS = ['negative_stock', 'below_reorder_point', 'stockout_soon', 'device_silent', 'dlq_rate', 'ingest_lag'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A rule's finding: the subject (a cell `sku|location`, a device id, a topic) and what to show. */
export interface AlertCondition {
  subject: string;
  details: Record<string, unknown>;
}
