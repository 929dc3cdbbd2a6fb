import type { Command } from 'commander';
import { addDays, businessDayOf, daysBetween, type Day } from '../../domain/business-day.ts';
import { RfidError } from '../../errors.ts';
import { backfillDays } from '../../jobs/backfill-days.ts';
import { DAILY_JOB_NAMES, isDailyJobName, type DailyJobName } from '../../jobs/daily-jobs.ts';
import type { JobContext } from '../../jobs/job-context.ts';
import { runJobByHand } from '../../jobs/run-job-by-hand.ts';
import { listJobRuns } from '../../postgres/daily/list-job-runs.ts';
import { cliContext, openMigratedPool, say } from '../context.ts';
import { progressReporter, type Progress } from '../progress.ts';

function parseDay(value: string, option: string): Day {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new RfidError('INVALID_INPUT', `${option} ${JSON.stringify(value)}: must be a day YYYY-MM-DD, e.g. ${option} 2026-11-22`);
  }
  return value;
}

function parseJob(name: string): DailyJobName {
  if (!isDailyJobName(name)) throw new RfidError('INVALID_INPUT', `unknown job ${JSON.stringify(name)}: one of ${DAILY_JOB_NAMES.join(', ')}`);
  return name;
}

async function withJobContext<T>(name: string, fn: (ctx: JobContext) => Promise<T>): Promise<T> {
  const { config, logger } = cliContext(name);
  const pool = await openMigratedPool(config, { max: 3, applicationName: `rfid-${name}` });
  try {
    return await fn({ pool, config, logger, workerId: `cli-${config.ingest.workerId}` });
  } finally {
    await pool.end();
  }
}

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description(`run the daily jobs by hand (${DAILY_JOB_NAMES.join(', ')}) and read their history`);

  jobs
    .command('run')
    .description('run one job for one business day now (default: yesterday in RFID_TIMEZONE)')
    .argument('<job>', DAILY_JOB_NAMES.join('|'))
    .option('--date <YYYY-MM-DD>', 'the business day')
    .option('--day <YYYY-MM-DD>', 'same as --date')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (name: string, options: { date?: string; day?: string; json?: boolean }) => {
      const job = parseJob(name);
      const given = options.date ?? options.day;
      const chosen = given !== undefined ? parseDay(given, options.date !== undefined ? '--date' : '--day') : undefined;
      await withJobContext('jobs', async (plain) => {
        const day = chosen ?? addDays(businessDayOf(Date.now(), plain.config.timeZone), -1);
        // The forecast and reorder jobs report cells done: a bar on stderr.
        let progress: Progress | undefined;
        let cells = 0;
        const ctx: JobContext = {
          ...plain,
          onProgress: (step, done, total) => {
            progress ??= progressReporter(`${step} ${day} cells`, total);
            progress.update(done);
            cells = done;
          },
        };
        const started = Date.now();
        const rows = await runJobByHand(ctx, job, day);
        progress?.finish(cells);
        if (options.json) process.stdout.write(`${JSON.stringify({ job, day, rows, ms: Date.now() - started })}\n`);
        else say(`✔ ${job} ${day}: ${rows.toLocaleString('en-US')} rows in ${Date.now() - started} ms`);
      });
    });

  jobs
    .command('backfill')
    .description('run snapshot, forecast and reorder for every day from --from to --to in order, then the alert check (run again, it restates)')
    .argument('[job]', `only this job (${DAILY_JOB_NAMES.join('|')})`)
    .requiredOption('--from <YYYY-MM-DD>', 'first business day')
    .requiredOption('--to <YYYY-MM-DD>', 'last business day')
    .option('--json', 'print the per-day results as JSON on stdout')
    .action(async (name: string | undefined, options: { from: string; to: string; json?: boolean }) => {
      const from = parseDay(options.from, '--from');
      const to = parseDay(options.to, '--to');
      if (daysBetween(from, to) < 0) throw new RfidError('INVALID_INPUT', `--to ${to} is before --from ${from}`);
      const only = name === undefined ? undefined : [parseJob(name)];
      await withJobContext('jobs', async (ctx) => {
        const progress = progressReporter(`backfill ${from}..${to}`, daysBetween(from, to) + 1);
        const started = Date.now();
        const days = await backfillDays(ctx, { from, to, ...(only ? { jobs: only } : {}) }, (done) => progress.update(done));
        progress.finish(days.length);
        if (options.json) process.stdout.write(`${JSON.stringify({ from, to, ms: Date.now() - started, days })}\n`);
        else say(`✔ ${days.length} day(s) ${from}..${to} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });

  jobs
    .command('list')
    .description('the run history, newest first')
    .option('--job <name>', `only day|${DAILY_JOB_NAMES.join('|')}`)
    .option('--limit <n>', 'rows', '30')
    .option('--json', 'JSON lines on stdout')
    .action(async (options: { job?: string; limit: string; json?: boolean }) => {
      await withJobContext('jobs', async (ctx) => {
        const runs = await listJobRuns(ctx.pool, { ...(options.job ? { job: options.job } : {}), limit: Math.max(1, Number(options.limit) || 30) });
        for (const r of runs) {
          process.stdout.write(
            options.json
              ? `${JSON.stringify(r)}\n`
              : `${r.started_at.toISOString()}  ${r.job.padEnd(8)} ${r.day}  ${r.trigger.padEnd(8)} ${r.status.padEnd(7)} #${r.attempt}  ${String(r.rows ?? '').padStart(9)} rows  ${String(r.duration_ms ?? '').padStart(7)} ms${r.error ? `  ${r.error}` : ''}\n`,
          );
        }
      });
    });
}
