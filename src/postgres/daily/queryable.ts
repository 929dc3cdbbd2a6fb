/** What a daily-layer SQL operation needs: a pool or a checked-out client (it never owns a pool). */
import type pg from 'pg';

export type Queryable = Pick<pg.ClientBase, 'query'>;

// SQL `date` values are always read back as `::text` ('YYYY-MM-DD'), never as a JS Date in server time.
export type { Day } from '../../domain/business-day.ts';
