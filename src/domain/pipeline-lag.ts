/**
 * Lag per partition of the events topic (seed 004: lag = log-end − committed). Postgres' stored
 * offset is the truth about what the stock contains (it moves in the same transaction as the
 * ledger), so `lag` counts from it; Kafka's committed offset is shown beside it for tools that
 * read only Kafka, and may trail Postgres by a batch (it is committed after the database).
 *
 * @example
 * partitionLags([0n, 5n], [10n, 20n], new Map([[0, 4n]]), new Map([[0, 3n]]))
 * // [{ partition: 0, log_start: 0, log_end: 10, stored_offset: 4, committed_offset: 3, lag: 6, kafka_lag: 7 },
 * //  { partition: 1, log_start: 5, log_end: 20, stored_offset: null, committed_offset: null, lag: 15, kafka_lag: 15 }]
 */

export interface PartitionLag {
  partition: number;
  log_start: number;
  log_end: number;
  /** Postgres `ingest_offsets.next_offset`: the next record not yet applied; null = never applied. */
  stored_offset: number | null;
  /** The consumer group's committed offset in Kafka; null = none committed. */
  committed_offset: number | null;
  /** log_end − stored (from log_start when nothing is stored): records not yet in the stock. */
  lag: number;
  /** log_end − committed, as Kafka-only tools compute it. */
  kafka_lag: number;
}

function behind(end: bigint, start: bigint, position: bigint | undefined): number {
  // An offset below the log start (records deleted by retention) counts from the log start.
  const from = position === undefined || position < start ? start : position;
  return Number(end > from ? end - from : 0n);
}

export function partitionLags(
  start: readonly bigint[],
  end: readonly bigint[],
  stored: ReadonlyMap<number, bigint>,
  committed: ReadonlyMap<number, bigint>,
): PartitionLag[] {
  return end.map((logEnd, partition) => {
    const logStart = start[partition] ?? 0n;
    const s = stored.get(partition);
    const c = committed.get(partition);
    return {
      partition,
      log_start: Number(logStart),
      log_end: Number(logEnd),
      stored_offset: s === undefined ? null : Number(s),
      committed_offset: c === undefined ? null : Number(c),
      lag: behind(logEnd, logStart, s),
      kafka_lag: behind(logEnd, logStart, c),
    };
  });
}
