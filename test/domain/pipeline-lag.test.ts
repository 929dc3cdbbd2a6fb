import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionLags } from '../../src/domain/pipeline-lag.ts';

test('lag counts from the stored offset; Kafka lag from the committed one; never below the log start', () => {
  const lags = partitionLags(
    [0n, 5n, 100n],
    [10n, 20n, 150n],
    new Map([
      [0, 4n],
      [2, 50n],
    ]),
    new Map([[0, 3n]]),
  );
  assert.deepEqual(
    lags.map((l) => [l.partition, l.lag, l.kafka_lag, l.stored_offset, l.committed_offset]),
    [
      [0, 6, 7, 4, 3],
      [1, 15, 15, null, null],
      // Stored 50 but the log starts at 100 (retention): 50 records are left, not 100.
      [2, 50, 50, 50, null],
    ],
  );
  assert.equal(partitionLags([0n], [10n], new Map([[0, 10n]]), new Map([[0, 10n]]))[0]!.lag, 0);
});
