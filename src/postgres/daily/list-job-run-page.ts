/**
 * A page of the daily jobs' run history newest first, keyset on id, filtered by job and status
 * (`GET /v1/jobs`). Timestamps as ISO-8601 UTC text.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';

export interface JobRunFilter {
  job?: string;
  status?: string;
}

export interface JobRunRow {
  id: number;
  job: string;
  day: string;
  trigger: string;
  status: string;
  attempt: number;
  worker_id: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  rows: number | null;
  error: string | null;
}

/**
 * @example
 * await listJobRunPage(pool, { job: 'snapshot' }, { limit: 101 })
 */
export async function listJobRunPage(db: Queryable, filter: JobRunFilter, page: { after?: number; limit: number }): Promise<JobRunRow[]> {
  try {
    const { rows } = await db.query<JobRunRow>(
      `SELECT id::int AS id, job, day::text AS day, trigger, status, attempt, worker_id, ${isoUtc('started_at')} AS started_at,
              ${isoUtc('finished_at')} AS finished_at, duration_ms, rows::float8 AS rows, error
       FROM daily_job_runs t
       WHERE ($1::bigint IS NULL OR id < $1)
         AND ($2::text IS NULL OR job = $2)
         AND ($3::text IS NULL OR status = $3)
       -- t.id, the bigint column: a bare id is the output's id::int, which no index holds (a sort of every row).
       ORDER BY t.id DESC
       LIMIT $4`,
      [page.after ?? null, filter.job ?? null, filter.status ?? null, page.limit],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing job runs');
  }
}
