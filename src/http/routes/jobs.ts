/**
 * The daily jobs over HTTP: `GET /v1/jobs` (the run history, newest first, keyset on id) and
 * `POST /v1/jobs/{name}/run` (admin), which starts one job for one business day through the
 * same code as `rfid jobs run` and answers 202 at once: the run shows in the history, `running`
 * and then `done` or `failed`. The server waits for runs it started before it closes.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { addDays, businessDayOf } from '../../domain/business-day.ts';
import { RfidError } from '../../errors.ts';
import { DAILY_JOB_NAMES, isDailyJobName } from '../../jobs/daily-jobs.ts';
import { runJobByHand } from '../../jobs/run-job-by-hand.ts';
import { listJobRunPage } from '../../postgres/daily/list-job-run-page.ts';
import { JOB_RUN_JOBS } from '../../postgres/daily/start-job-run.ts';
import type { ApiDeps } from '../api-deps.ts';
import { readDay } from '../day-input.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { JOB_RUN_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { PageOf, PageQuery, fetchLimit, readPageQuery, toPage } from '../pagination.ts';
import { bodyOptional } from '../body-optional.ts';
import { problemResponse } from '../problem.ts';
import { DayParam } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const JobRun = Type.Object({
  id: Type.Integer(),
  job: Type.String({ description: `day (a whole business day) or one of ${DAILY_JOB_NAMES.join(', ')}` }),
  day: Type.String({ description: 'the business day it ran for' }),
  trigger: Type.String({ description: 'schedule, restate, cli (a person: `rfid jobs run` or this API) or backfill' }),
  status: Type.String({ description: 'running, done or failed' }),
  attempt: Type.Integer(),
  worker_id: Type.String(),
  started_at: Type.String(),
  finished_at: Nullable(Type.String()),
  duration_ms: Nullable(Type.Integer()),
  rows: Nullable(Type.Number()),
  error: Nullable(Type.String()),
});

const isId = (v: unknown): v is [number] => Array.isArray(v) && v.length === 1 && Number.isSafeInteger(v[0]) && (v[0] as number) > 0;

export function registerJobRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool, config, logger } = deps;
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.get(
    '/v1/jobs',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'the daily jobs’ run history, newest first, keyset-paginated on id (?format=csv|xlsx: all as a file)',
        querystring: Type.Object({
          job: Type.Optional(Type.Union(JOB_RUN_JOBS.map((j) => Type.Literal(j)))),
          status: Type.Optional(Type.Union(['running', 'done', 'failed'].map((s) => Type.Literal(s)))),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(JobRun)), 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') },
      },
    },
    async (request, reply) => {
      const q = request.query as { job?: string; status?: string; limit?: number; cursor?: string };
      const filter = { ...(q.job !== undefined ? { job: q.job } : {}), ...(q.status !== undefined ? { status: q.status } : {}) };
      const file = exportIfAsked(request, reply, config.timeZone, {
        fileName: 'rfid-jobs',
        sheetName: 'job runs',
        columns: JOB_RUN_COLUMNS,
        pages: keysetPages(
          (key: number | null) => listJobRunPage(pool, filter, { ...(key !== null ? { after: key } : {}), limit: EXPORT_PAGE_ROWS }),
          (r) => r.id,
        ),
      });
      if (file) return file;
      const { limit, after } = readPageQuery(q, isId);
      const rows = await listJobRunPage(pool, filter, { ...(after ? { after: after[0] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.id]);
    },
  );

  app.post(
    '/v1/jobs/:name/run',
    {
      config: { role: 'admin' },
      preValidation: bodyOptional,
      schema: {
        tags: ['daily'],
        summary: 'run one daily job for one business day now (as `rfid jobs run`); 202, then see GET /v1/jobs',
        params: Type.Object({ name: Type.String({ maxLength: 40, description: DAILY_JOB_NAMES.join(', ') }) }),
        body: Type.Object({ date: Type.Optional(DayParam('the business day (default: yesterday in RFID_TIMEZONE)')) }, { additionalProperties: false }),
        response: {
          202: Type.Object({ job: Type.String(), day: Type.String(), trigger: Type.Literal('cli'), status: Type.Literal('started') }),
          400: problemResponse('unknown job or bad date'),
          503: problemResponse('Postgres is unavailable'),
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      if (!isDailyJobName(name))
        throw new RfidError('INVALID_INPUT', `unknown job ${JSON.stringify(name)}: one of ${DAILY_JOB_NAMES.join(', ')}`, { field: 'params.name' });
      const given = readDay('body.date', (request.body as { date?: string } | undefined)?.date);
      const day = given ?? addDays(businessDayOf(Date.now(), config.timeZone), -1);
      // Not awaited: a forecast over many cells takes minutes. runRecorded records a failure in the history.
      const run = runJobByHand({ pool, config, logger, workerId: `api-${config.ingest.workerId}` }, name, day)
        .catch((error: unknown) => logger.error({ err: error, job: name, day }, 'daily job started over HTTP failed'))
        .finally(() => running.delete(run));
      running.add(run);
      return reply.status(202).send({ job: name, day, trigger: 'cli' as const, status: 'started' as const });
    },
  );
}
