import { describeError, RfidError } from '../errors.ts';
import { postgresError } from '../postgres/postgres-error.ts';
import type { Day } from '../postgres/daily/queryable.ts';
import { finishJobRun } from '../postgres/daily/finish-job-run.ts';
import { startJobRun, type JobRunJob, type JobRunTrigger } from '../postgres/daily/start-job-run.ts';
import type { JobContext } from './job-context.ts';

/**
 * Runs `work` as one entry of the run history: `running` first, then `done` with its row count,
 * or `failed` with the error (rethrown as an `RfidError`, so the caller's retry policy sees its code).
 *
 * @example
 * await runRecorded(ctx, { job: 'snapshot', day: '2026-11-22', trigger: 'cli' }, () => snapshotDay(ctx, '2026-11-22'))
 */
export async function runRecorded(ctx: JobContext, run: { job: JobRunJob; day: Day; trigger: JobRunTrigger }, work: () => Promise<number>): Promise<number> {
  const { id } = await startJobRun(ctx.pool, { ...run, workerId: ctx.workerId });
  let rows: number;
  const started = performance.now();
  try {
    rows = await work();
    ctx.onPhase?.(run.job, 'whole step', performance.now() - started);
  } catch (error) {
    await finishJobRun(ctx.pool, id, { status: 'failed', error: describeError(error) }).catch(() => {});
    throw asRfidError(error, `${run.job} ${run.day}`);
  }
  await finishJobRun(ctx.pool, id, { status: 'done', rows });
  ctx.logger.info({ job: run.job, day: run.day, trigger: run.trigger, rows }, 'daily job done');
  return rows;
}

/** A driver error (SQLSTATE or errno in `code`) by its retry class; anything else not ours is a bug. */
function asRfidError(error: unknown, what: string): RfidError {
  if (error instanceof RfidError) return error;
  if (typeof (error as { code?: unknown } | null)?.code === 'string') return postgresError(error, what);
  return new RfidError('INTERNAL', `${what} failed`, { cause: error });
}
