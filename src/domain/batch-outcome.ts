/**
 * What one applied batch did, counted from the plan and what the ledger insert reported. Pure
 * arithmetic, kept apart from the transaction so it is tested on its own.
 *
 * @example
 * batchOutcome({ records: 10, plan, inserted: 6, conflicting: 1, cells: 4 }).duplicates
 */
import type { BatchPlan } from './ingest-batch.ts';

export interface BatchOutcome {
  /** Records fetched in the batch. */
  records: number;
  /** New ledger rows (events applied to stock). */
  applied: number;
  /** Same event_id and same content as an applied event: ignored. */
  duplicates: number;
  /** Same event_id, other content: kept in rfid_event_conflicts, not applied. */
  conflicts: number;
  deadLettered: number;
  /** Records below the stored offset: applied by an earlier run, skipped. */
  alreadyApplied: number;
  /** Cells whose stock changed. */
  cells: number;
}

export const ZERO_OUTCOME: Readonly<BatchOutcome> = Object.freeze({
  records: 0,
  applied: 0,
  duplicates: 0,
  conflicts: 0,
  deadLettered: 0,
  alreadyApplied: 0,
  cells: 0,
});

export interface OutcomeInput {
  records: number;
  plan: Pick<BatchPlan, 'candidates' | 'inBatchDuplicates' | 'inBatchConflicts' | 'rejected' | 'alreadyApplied'>;
  /** Candidates the ledger insert took (the rest were already in the ledger). */
  inserted: number;
  /** Every conflicting event of the batch: in-batch ones plus candidates found in the ledger with other content. */
  conflicting: number;
  cells: number;
}

export function batchOutcome(input: OutcomeInput): BatchOutcome {
  const { plan } = input;
  // Candidates not inserted were already in the ledger: a duplicate unless found conflicting.
  const conflictsAmongCandidates = input.conflicting - plan.inBatchConflicts.length;
  const notInserted = plan.candidates.length - input.inserted;
  if (conflictsAmongCandidates < 0 || conflictsAmongCandidates > notInserted) {
    throw new RangeError(`inconsistent batch counts: ${notInserted} candidates not inserted, ${conflictsAmongCandidates} conflicting among them`);
  }
  return {
    records: input.records,
    applied: input.inserted,
    duplicates: notInserted - conflictsAmongCandidates + plan.inBatchDuplicates.length,
    conflicts: input.conflicting,
    deadLettered: plan.rejected.length,
    alreadyApplied: plan.alreadyApplied,
    cells: input.cells,
  };
}

/** Adds `outcome` into `totals` (in place). */
export function addOutcome(totals: BatchOutcome, outcome: Readonly<BatchOutcome>): void {
  for (const k of Object.keys(outcome) as Array<keyof BatchOutcome>) totals[k] += outcome[k];
}
