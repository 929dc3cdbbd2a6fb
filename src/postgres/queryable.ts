/** What a read operation needs of a connection: a pool or a checked-out client both do. */
import type { Pool } from './pool.ts';

export type Queryable = Pick<Pool, 'query'>;

/** SQL for a timestamptz column as ISO-8601 UTC with microseconds (exact, sortable, a valid cursor). */
export function isoUtc(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
