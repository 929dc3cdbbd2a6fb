import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addOutcome, batchOutcome, ZERO_OUTCOME } from '../../src/domain/batch-outcome.ts';

const plan = (candidates: number, dups: number, conflicts: number, rejected: number, alreadyApplied = 0) => ({
  candidates: new Array(candidates).fill(null),
  inBatchDuplicates: new Array(dups).fill(null),
  inBatchConflicts: new Array(conflicts).fill(null),
  rejected: new Array(rejected).fill(null),
  alreadyApplied,
});

test('batchOutcome: candidates not inserted are duplicates unless found conflicting', () => {
  // 10 candidates, 7 inserted, 3 not: 1 of those conflicts with the ledger; plus 2 in-batch duplicates, 1 in-batch conflict
  const o = batchOutcome({ records: 20, plan: plan(10, 2, 1, 4, 3) as never, inserted: 7, conflicting: 2, cells: 5 });
  assert.deepEqual(o, { records: 20, applied: 7, duplicates: 2 + 2, conflicts: 2, deadLettered: 4, alreadyApplied: 3, cells: 5 });
});

test('batchOutcome: inconsistent counts are refused', () => {
  assert.throws(() => batchOutcome({ records: 1, plan: plan(1, 0, 0, 0) as never, inserted: 1, conflicting: 1, cells: 1 }), RangeError);
  assert.throws(() => batchOutcome({ records: 1, plan: plan(1, 0, 2, 0) as never, inserted: 1, conflicting: 1, cells: 1 }), RangeError);
});

test('addOutcome sums every field', () => {
  const totals = { ...ZERO_OUTCOME };
  addOutcome(totals, { records: 1, applied: 2, duplicates: 3, conflicts: 4, deadLettered: 5, alreadyApplied: 6, cells: 7 });
  addOutcome(totals, { records: 1, applied: 1, duplicates: 1, conflicts: 1, deadLettered: 1, alreadyApplied: 1, cells: 1 });
  assert.deepEqual(totals, { records: 2, applied: 3, duplicates: 4, conflicts: 5, deadLettered: 6, alreadyApplied: 7, cells: 8 });
  assert.equal(ZERO_OUTCOME.records, 0, 'the zero value is not mutated');
});
