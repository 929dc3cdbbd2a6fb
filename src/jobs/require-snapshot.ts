import { dayEndMs, type Day } from '../domain/business-day.ts';
import { RfidError } from '../errors.ts';
import { hasLedgerBefore } from '../postgres/daily/has-ledger-before.ts';
import { countSnapshotCells } from '../postgres/forecast/count-snapshot-cells.ts';
import type { JobContext } from './job-context.ts';

/**
 * The number of cells in day `day`'s snapshot, which the forecast and reorder jobs read; fails
 * when the day has no snapshot although the ledger has events by its end (the snapshot job has
 * not run), rather than writing nothing and reporting success.
 *
 * @example
 * await requireSnapshot(ctx, '2026-11-22') // 100000
 */
export async function requireSnapshot(ctx: JobContext, day: Day): Promise<number> {
  const cells = await countSnapshotCells(ctx.pool, day);
  if (cells === 0 && (await hasLedgerBefore(ctx.pool, new Date(dayEndMs(day, ctx.config.timeZone))))) {
    throw new RfidError('NOT_FOUND', `no snapshot of ${day}`, { hint: `run \`rfid jobs run snapshot --date ${day}\` first (or \`rfid jobs backfill\`)` });
  }
  return cells;
}
