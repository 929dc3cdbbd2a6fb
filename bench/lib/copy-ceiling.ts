/**
 * The ceiling an ingest pipeline is measured against: the same rows written by the fastest path
 * Postgres has — `COPY … FROM STDIN (FORMAT binary)` in batches of the pipeline's size, one
 * transaction each — into a copy of the ledger table with the same indexes and constraints.
 * Nothing else: no stock, no offsets, no de-duplication, no Kafka, no Redis. Encoding happens
 * before the clock starts, so the figure is Postgres's alone.
 */
import type { PlacedEvent } from '../../src/domain/ingest-batch.ts';
import { encodeStagedEvents } from '../../src/postgres/ingest/apply-events.ts';
import { copyIn } from '../../src/postgres/copy-in.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import { withTransaction } from '../../src/postgres/transaction.ts';
import { postgresCpuSeconds } from './proc-cpu.ts';

export interface CeilingResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  postgresCpuSeconds: number;
}

const COLUMNS = '(event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, source_partition, source_offset)';

export async function copyCeiling(pool: Pool, events: Iterable<PlacedEvent>, batchSize: number): Promise<CeilingResult> {
  await pool.query('DROP TABLE IF EXISTS ledger_ceiling');
  await pool.query('CREATE TABLE ledger_ceiling (LIKE rfid_events INCLUDING ALL)');
  const chunks: Buffer[] = [];
  let batch: PlacedEvent[] = [];
  let n = 0;
  for (const e of events) {
    batch.push(e);
    n++;
    if (batch.length === batchSize) {
      chunks.push(encodeStagedEvents(batch));
      batch = [];
    }
  }
  if (batch.length > 0) chunks.push(encodeStagedEvents(batch));
  const cpuBefore = postgresCpuSeconds();
  const started = performance.now();
  for (const chunk of chunks) {
    await withTransaction(pool, (client) => copyIn(client, `COPY ledger_ceiling ${COLUMNS} FROM STDIN (FORMAT binary)`, chunk));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = postgresCpuSeconds() - cpuBefore;
  await pool.query('DROP TABLE ledger_ceiling');
  return { events: n, seconds, eventsPerSecond: n / seconds, postgresCpuSeconds: cpu };
}
