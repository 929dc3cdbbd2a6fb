/**
 * The columns of each list's CSV / XLSX export, one definition per list, in the order and with
 * the names of the JSON items (nested JSON, such as an alert's details, as JSON text). The
 * ledger's are in routes/exports.ts and the dead letters' in routes/dlq.ts, beside their routes.
 */
import type { AlertRow } from '../../postgres/alerts/list-alert-page.ts';
import type { ConflictRow } from '../../postgres/conflicts/list-conflicts.ts';
import type { JobRunRow } from '../../postgres/daily/list-job-run-page.ts';
import type { SnapshotRow } from '../../postgres/daily/list-snapshots.ts';
import type { AccuracyRow } from '../../postgres/forecast/list-forecast-accuracy.ts';
import type { ForecastRow } from '../../postgres/forecast/list-forecasts.ts';
import type { StockListRow } from '../../postgres/inventory/list-stock-cells.ts';
import type { ReorderRow } from '../../postgres/reorder/list-latest-reorder-signals.ts';
import { type ExportColumn, instantOf } from './export-columns.ts';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export const STOCK_COLUMNS: ExportColumn<StockListRow>[] = [
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'qty_on_hand', kind: 'integer', value: (r) => r.qty_on_hand },
  { header: 'version', kind: 'integer', value: (r) => r.version },
  { header: 'updated_at', kind: 'timestamp', value: (r) => instantOf(r.updated_at) },
  { header: 'last_event_ts', kind: 'timestamp', value: (r) => instantOf(r.last_event_ts) },
  { header: 'warehouse', kind: 'text', value: (r) => r.warehouse },
  { header: 'zone', kind: 'text', value: (r) => r.zone },
  { header: 'reorder_point', kind: 'integer', value: (r) => r.reorder_point },
];

/** One cell of `GET /v1/inventory/as-of`. */
export interface AsOfExportRow {
  sku: string;
  location: string;
  at: string;
  qty_on_hand: number;
  snapshot_date: string | null;
  ledger_events: number;
}

export const AS_OF_COLUMNS: ExportColumn<AsOfExportRow>[] = [
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'at', kind: 'timestamp', value: (r) => instantOf(r.at) },
  { header: 'qty_on_hand', kind: 'integer', value: (r) => r.qty_on_hand },
  { header: 'snapshot_date', kind: 'day', value: (r) => r.snapshot_date },
  { header: 'ledger_events', kind: 'integer', value: (r) => r.ledger_events },
];

export const SNAPSHOT_COLUMNS: ExportColumn<SnapshotRow>[] = [
  { header: 'date', kind: 'day', value: (r) => r.date },
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'qty_on_hand', kind: 'integer', value: (r) => r.qty_on_hand },
  { header: 'computed_at', kind: 'timestamp', value: (r) => instantOf(r.computed_at) },
];

export const FORECAST_COLUMNS: ExportColumn<ForecastRow>[] = [
  { header: 'date', kind: 'day', value: (r) => r.date },
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'method', kind: 'text', value: (r) => r.method },
  { header: 'forecast_qty', kind: 'number', value: (r) => r.forecast_qty },
  { header: 'origin_day', kind: 'day', value: (r) => r.origin_day },
  { header: 'computed_at', kind: 'timestamp', value: (r) => instantOf(r.computed_at) },
];

export const ACCURACY_COLUMNS: ExportColumn<AccuracyRow>[] = [
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'method', kind: 'text', value: (r) => r.method },
  { header: 'origin_day', kind: 'day', value: (r) => r.origin_day },
  { header: 'wape', kind: 'number', value: (r) => r.wape },
  { header: 'mase', kind: 'number', value: (r) => r.mase },
  { header: 'bias', kind: 'number', value: (r) => r.bias },
  { header: 'points', kind: 'integer', value: (r) => r.points },
  { header: 'origins', kind: 'integer', value: (r) => r.origins },
  { header: 'chosen_by_auto', kind: 'boolean', value: (r) => r.chosen_by_auto },
  { header: 'computed_at', kind: 'timestamp', value: (r) => instantOf(r.computed_at) },
];

export const REORDER_COLUMNS: ExportColumn<ReorderRow>[] = [
  { header: 'day', kind: 'day', value: (r) => r.day },
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'on_hand', kind: 'integer', value: (r) => r.on_hand },
  { header: 'mean_daily', kind: 'number', value: (r) => r.mean_daily },
  { header: 'sd_daily', kind: 'number', value: (r) => r.sd_daily },
  { header: 'lead_time_days', kind: 'integer', value: (r) => r.lead_time_days },
  { header: 'service_level', kind: 'number', value: (r) => r.service_level },
  { header: 'z', kind: 'number', value: (r) => r.z },
  { header: 'safety_stock', kind: 'number', value: (r) => r.safety_stock },
  { header: 'reorder_point', kind: 'number', value: (r) => r.reorder_point },
  { header: 'days_of_cover', kind: 'number', value: (r) => r.days_of_cover },
  { header: 'stockout_date', kind: 'day', value: (r) => r.stockout_date },
  { header: 'below_reorder_point', kind: 'boolean', value: (r) => r.below_reorder_point },
  { header: 'computed_at', kind: 'timestamp', value: (r) => instantOf(r.computed_at) },
];

export const ALERT_COLUMNS: ExportColumn<AlertRow>[] = [
  { header: 'id', kind: 'integer', value: (r) => r.id },
  { header: 'kind', kind: 'text', value: (r) => r.kind },
  { header: 'subject', kind: 'text', value: (r) => r.subject, width: 30 },
  { header: 'status', kind: 'text', value: (r) => r.status },
  { header: 'details', kind: 'text', value: (r) => json(r.details), width: 60 },
  { header: 'opened_at', kind: 'timestamp', value: (r) => instantOf(r.opened_at) },
  { header: 'last_seen_at', kind: 'timestamp', value: (r) => instantOf(r.last_seen_at) },
  { header: 'acknowledged_at', kind: 'timestamp', value: (r) => instantOf(r.acknowledged_at) },
  { header: 'acknowledged_by', kind: 'text', value: (r) => r.acknowledged_by },
  { header: 'resolved_at', kind: 'timestamp', value: (r) => instantOf(r.resolved_at) },
];

export const CONFLICT_COLUMNS: ExportColumn<ConflictRow>[] = [
  { header: 'id', kind: 'integer', value: (r) => r.id },
  { header: 'event_id', kind: 'text', value: (r) => r.event_id, width: 38 },
  { header: 'received', kind: 'text', value: (r) => json(r.received), width: 60 },
  { header: 'applied', kind: 'text', value: (r) => json(r.applied), width: 60 },
  { header: 'origin_topic', kind: 'text', value: (r) => r.source_topic },
  { header: 'origin_partition', kind: 'integer', value: (r) => r.source_partition },
  { header: 'origin_offset', kind: 'integer', value: (r) => r.source_offset },
  { header: 'detected_at', kind: 'timestamp', value: (r) => r.detected_at },
  { header: 'resolved_at', kind: 'timestamp', value: (r) => r.resolved_at },
  { header: 'resolution_note', kind: 'text', value: (r) => r.resolution_note, width: 40 },
];

export const JOB_RUN_COLUMNS: ExportColumn<JobRunRow>[] = [
  { header: 'id', kind: 'integer', value: (r) => r.id },
  { header: 'job', kind: 'text', value: (r) => r.job },
  { header: 'day', kind: 'day', value: (r) => r.day },
  { header: 'trigger', kind: 'text', value: (r) => r.trigger },
  { header: 'status', kind: 'text', value: (r) => r.status },
  { header: 'attempt', kind: 'integer', value: (r) => r.attempt },
  { header: 'worker_id', kind: 'text', value: (r) => r.worker_id },
  { header: 'started_at', kind: 'timestamp', value: (r) => instantOf(r.started_at) },
  { header: 'finished_at', kind: 'timestamp', value: (r) => instantOf(r.finished_at) },
  { header: 'duration_ms', kind: 'integer', value: (r) => r.duration_ms },
  { header: 'rows', kind: 'number', value: (r) => r.rows },
  { header: 'error', kind: 'text', value: (r) => r.error, width: 50 },
];
