/**
 * One batch, one Postgres transaction: lock the partitions' stored offsets, plan (skip what was
 * applied, validate, de-duplicate), send the invalid records to the DLQ (acknowledged before the
 * commit that moves the offset past them), insert the ledger and upsert the stock, keep
 * conflicts, write the outbox row with the batch's change records (encoded once, here), advance
 * the offsets, commit.
 *
 * Exactly-once effects rest on one rule: Postgres holds the next offset of every partition,
 * written in the same transaction as the ledger and the stock, and every batch skips records
 * below it (DESIGN.md §2). event_id uniqueness in the ledger is the second line of defence.
 */
import type { Config } from '../config/config.ts';
import { batchOutcome, type BatchOutcome } from '../domain/batch-outcome.ts';
import { encodeChanges } from '../domain/change-record.ts';
import type { ChangedCell } from '../domain/changed-cell.ts';
import { planBatch, type BatchPlan, type PlacedEvent, type RejectedRecord } from '../domain/ingest-batch.ts';
import type { MasterData } from '../domain/master-data.ts';
import { applyEvents } from '../postgres/ingest/apply-events.ts';
import { findConflicts } from '../postgres/ingest/find-conflicts.ts';
import { finishBatch } from '../postgres/ingest/finish-batch.ts';
import { insertConflicts } from '../postgres/ingest/insert-conflicts.ts';
import { insertDeadLetters } from '../postgres/ingest/insert-dead-letters.ts';
import { lockOffsets } from '../postgres/ingest/lock-offsets.ts';
import type { Pool } from '../postgres/pool.ts';
import { withTransaction } from '../postgres/transaction.ts';
import type { IngestRecord } from './group-member.ts';
import type { PhaseTimer } from './phase-timer.ts';

export interface ApplyBatchDeps {
  config: Config;
  pool: Pool;
  /** Produces the DLQ records and resolves once the broker acknowledged them (acks=all). */
  sendDeadLetters(rejected: readonly RejectedRecord[]): Promise<void>;
  masterData(): MasterData;
  phases: PhaseTimer;
}

export interface AppliedBatch {
  outcome: BatchOutcome;
  plan: BatchPlan;
  cells: ChangedCell[];
  /** The batch's change records, encoded once: the outbox row and the change-feed values. */
  changes: Buffer;
  outboxId: number | undefined;
}

export async function applyBatch(deps: ApplyBatchDeps, records: readonly IngestRecord[]): Promise<AppliedBatch> {
  const { config, phases } = deps;
  const topic = config.topics.events;
  const partitions = [...new Set(records.map((r) => r.partition))].sort((a, b) => a - b);
  let mark = phases.now();
  const batch = await withTransaction(
    deps.pool,
    async (client) => {
      mark = phases.now();
      const stored = await lockOffsets(client, topic, partitions);
      mark = phases.lap('lock', mark);
      const plan = planBatch(records, stored, Date.now(), config.ingest.validation);
      mark = phases.lap('plan', mark);
      if (plan.rejected.length > 0) {
        await deps.sendDeadLetters(plan.rejected);
        await insertDeadLetters(client, topic, config.ingest.workerId, plan.rejected);
        mark = phases.lap('dlq', mark);
      }
      const applied = await applyEvents(client, plan.candidates);
      mark = phases.lap('ledger_and_stock', mark);
      const conflicting: PlacedEvent[] = [...plan.inBatchConflicts];
      if (applied.inserted < plan.candidates.length) {
        for (const i of await findConflicts(client, plan.candidates)) conflicting.push(plan.candidates[i]!);
      }
      if (conflicting.length > 0) {
        await insertConflicts(client, topic, conflicting);
        mark = phases.lap('conflicts', mark);
      }
      const changes = encodeChanges(applied.cells, deps.masterData());
      mark = phases.lap('encode_changes', mark);
      const outboxId = await finishBatch(client, topic, plan.nextOffsets, changes);
      mark = phases.lap('outbox_and_offsets', mark);
      const outcome = batchOutcome({ records: records.length, plan, inserted: applied.inserted, conflicting: conflicting.length, cells: applied.cells.length });
      return { outcome, plan, cells: applied.cells, changes, outboxId };
    },
    'applying a batch',
  );
  phases.lap('commit', mark);
  return batch;
}
