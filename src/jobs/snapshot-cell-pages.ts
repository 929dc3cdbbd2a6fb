/**
 * The cells of a day's snapshot in pages of RFID_DAILY_CHUNK_CELLS, in key order (keyset on
 * (sku, location)), for the jobs that work cell by cell. Stops with SHUTTING_DOWN between pages
 * when the worker is asked to stop.
 *
 * @example
 * for await (const cells of snapshotCellPages(ctx, '2026-11-22')) await work(cells)
 */
import type { Day } from '../domain/business-day.ts';
import { readCellPage, type SnapshotCell } from '../postgres/forecast/read-cell-page.ts';
import { stopIfAborted, type JobContext } from './job-context.ts';

export async function* snapshotCellPages(ctx: JobContext, day: Day): AsyncGenerator<SnapshotCell[]> {
  let after: { sku: string; location: string } | null = null;
  for (;;) {
    stopIfAborted(ctx);
    const cells = await readCellPage(ctx.pool, day, after, ctx.config.daily.chunkCells);
    if (cells.length === 0) return;
    yield cells;
    const last = cells.at(-1)!;
    after = { sku: last.sku, location: last.location };
  }
}
