import type { Day } from '../daily/queryable.ts';
import { copyNumber, copyText } from '../copy-text.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import type { ReorderSignal } from '../../domain/reorder.ts';

export interface CellSignal {
  sku: string;
  location: string;
  onHand: number;
  leadTimeDays: number;
  signal: ReorderSignal;
}

const r4 = (v: number): number => Math.round(v * 10_000) / 10_000;

/**
 * Replaces the reorder signals of business day `day` for one page of cells (given in key order):
 * the page's key range of the day deleted (nothing, the first time), then the rows COPYed in, on
 * the caller's transaction. Values rounded to 4 decimals. Returns rows written.
 *
 * @example
 * await withTransaction(pool, (client) => writeReorderPage(client, '2026-11-22', 0.95, signals))
 */
export async function writeReorderPage(client: PoolClient, day: Day, serviceLevel: number, rows: readonly CellSignal[]): Promise<number> {
  if (rows.length === 0) return 0;
  const first = rows[0]!;
  const last = rows.at(-1)!;
  await client.query(`DELETE FROM reorder_signals WHERE day = $1 AND (sku, location) >= ($2::text, $3::text) AND (sku, location) <= ($4::text, $5::text)`, [
    day,
    first.sku,
    first.location,
    last.sku,
    last.location,
  ]);
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!;
    const s = x.signal;
    parts[i] =
      `${day}\t${copyText(x.sku)}\t${copyText(x.location)}\t${x.onHand}\t${r4(s.meanDaily)}\t${r4(s.sdDaily)}\t${x.leadTimeDays}\t${serviceLevel}\t` +
      `${r4(s.z)}\t${r4(s.safetyStock)}\t${r4(s.reorderPoint)}\t${s.daysOfCover === null ? '\\N' : copyNumber(r4(s.daysOfCover))}\t` +
      `${s.stockoutDate ?? '\\N'}\t${s.belowReorderPoint ? 't' : 'f'}\n`;
  }
  await copyIn(
    client,
    `COPY reorder_signals (day, sku, location, on_hand, mean_daily, sd_daily, lead_time_days, service_level, z, safety_stock, reorder_point,
       days_of_cover, stockout_date, below_reorder_point) FROM STDIN`,
    Buffer.from(parts.join('')),
  );
  return rows.length;
}
