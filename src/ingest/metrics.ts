/** Ingest metrics (prom-client); the registry is exposed on /metrics by the worker and the API. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createIngestMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    applied: new Counter({ name: 'rfid_events_applied_total', help: 'events inserted into the ledger and applied to stock', registers: [registry] }),
    duplicates: new Counter({
      name: 'rfid_events_duplicate_total',
      help: 'events ignored because their event_id was already applied with the same content',
      registers: [registry],
    }),
    conflicts: new Counter({
      name: 'rfid_events_conflict_total',
      help: 'events whose event_id was already applied with other content (kept, not applied)',
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'rfid_events_dlq_total',
      help: 'messages sent to the DLQ, by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    redelivered: new Counter({
      name: 'rfid_records_already_applied_total',
      help: 'records skipped because their offset was already applied (redelivery)',
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'rfid_ingest_batch_size',
      help: 'records per batch',
      buckets: [1, 10, 100, 500, 1000, 2000, 5000, 10000],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'rfid_ingest_batch_duration_seconds',
      help: 'time to apply one batch (transaction + cache + change feed)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    applyLatency: new Histogram({
      name: 'rfid_ingest_apply_latency_seconds',
      help: 'Kafka record timestamp to commit of the batch that applied it',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'rfid_ingest_lag',
      help: 'records not yet applied, per partition (log end − stored offset)',
      labelNames: ['partition'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'rfid_ingest_retries_total',
      help: 'batch attempts retried because a dependency failed',
      labelNames: ['dependency'] as const,
      registers: [registry],
    }),
    phaseSeconds: new Histogram({
      name: 'rfid_ingest_phase_seconds',
      help: 'time per batch spent in each phase: fetch (waiting for records), lock, plan, dlq, ledger_and_stock, conflicts, encode_changes, outbox_and_offsets, commit, publish_wait (for the previous publication), redis, changes',
      labelNames: ['phase'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    cacheRebuilds: new Counter({ name: 'rfid_cache_rebuilds_total', help: 'full Redis rebuilds from inventory_current', registers: [registry] }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
