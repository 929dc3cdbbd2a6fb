import type { Day, Queryable } from './queryable.ts';

export interface DemandWindowState {
  /** First day every cell's window is complete from; null while it has never been built (or is being rebuilt). */
  validFrom: Day | null;
  /** The window's length in days when it was built. */
  days: number;
}

/**
 * Whether `daily_demand_window` may be read, and from which day.
 *
 * @example
 * await readDemandWindowState(pool) // { validFrom: '2026-08-17', days: 98 }
 */
export async function readDemandWindowState(db: Queryable): Promise<DemandWindowState> {
  const r = await db.query<{ valid_from: string | null; days: number }>('SELECT valid_from::text AS valid_from, days FROM daily_demand_window_state');
  const row = r.rows[0];
  return { validFrom: row?.valid_from ?? null, days: row?.days ?? 0 };
}
