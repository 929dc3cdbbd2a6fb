import type { Day } from '../../postgres/daily/queryable.ts';
import { writeSnapshot } from '../../postgres/daily/write-snapshot.ts';
import type { JobContext } from '../job-context.ts';

/**
 * The `snapshot` job: on-hand per cell at the end of business day `day` in RFID_TIMEZONE.
 * Idempotent; returns rows written.
 *
 * @example
 * await snapshotDay(ctx, '2026-11-22') // 1234
 */
export async function snapshotDay(ctx: JobContext, day: Day): Promise<number> {
  return writeSnapshot(ctx.pool, day, ctx.config.timeZone);
}
