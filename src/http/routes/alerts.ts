/**
 * Alerts of the daily layer: `GET /v1/alerts` (newest first, keyset on id; active ones by
 * default) and `POST /v1/alerts/{id}/ack`. Acknowledging needs only the `ingest` role: warehouse
 * operators see and acknowledge alerts without admin rights.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { LIMITS } from '../../domain/rfid-event.ts';
import { RfidError } from '../../errors.ts';
import { ackAlert } from '../../postgres/alerts/ack-alert.ts';
import { ALERT_KINDS } from '../../postgres/alerts/alert-kinds.ts';
import { type AlertFilter, listAlertPage } from '../../postgres/alerts/list-alert-page.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { ALERT_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { actorOf } from '../ops-problem.ts';
import { PageOf, PageQuery, fetchLimit, readPageQuery, toPage } from '../pagination.ts';
import { bodyOptional } from '../body-optional.ts';
import { problemResponse, sendProblem } from '../problem.ts';
import { IdParam, TextParam } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NOTE_MAX_LENGTH = 2000;

const Alert = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'the rule' }),
  subject: Type.String({ description: 'what it is about: sku|location for cell rules, a device id, …' }),
  status: Type.String({ description: 'open, acknowledged or resolved' }),
  details: Type.Record(Type.String(), Type.Unknown()),
  opened_at: Type.String(),
  last_seen_at: Type.String(),
  acknowledged_at: Nullable(Type.String()),
  acknowledged_by: Nullable(Type.String()),
  resolved_at: Nullable(Type.String()),
});

const AckedAlert = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  subject: Type.String(),
  status: Type.String(),
  acknowledged_at: Nullable(Type.String()),
  acknowledged_by: Nullable(Type.String()),
});

const isId = (v: unknown): v is [number] => Array.isArray(v) && v.length === 1 && Number.isSafeInteger(v[0]) && (v[0] as number) > 0;

export function registerAlertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool } = deps;

  app.get(
    '/v1/alerts',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'alerts newest first, keyset-paginated on id (?format=csv|xlsx: all as a file)',
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union(
              ['active', 'open', 'acknowledged', 'resolved', 'all'].map((s) => Type.Literal(s)),
              { default: 'active', description: 'active (open or acknowledged, the default), open, acknowledged, resolved or all' },
            ),
          ),
          rule: Type.Optional(
            Type.Union(
              ALERT_KINDS.map((k) => Type.Literal(k)),
              { description: 'the alert kind' },
            ),
          ),
          sku: Type.Optional(TextParam(LIMITS.skuMaxLength)),
          location: Type.Optional(TextParam(LIMITS.locationMaxLength)),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(Alert)), 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') },
      },
    },
    async (request, reply) => {
      const q = request.query as { status?: string; rule?: string; sku?: string; location?: string; limit?: number; cursor?: string };
      const status = q.status ?? 'active';
      const filter: AlertFilter = {
        ...(status === 'open' || status === 'acknowledged' || status === 'resolved' ? { status } : {}),
        ...(status === 'active' ? { active: true } : {}),
        ...(q.rule !== undefined ? { kind: q.rule } : {}),
        ...(q.sku !== undefined ? { sku: q.sku } : {}),
        ...(q.location !== undefined ? { location: q.location } : {}),
      };
      const file = exportIfAsked(request, reply, deps.config.timeZone, {
        fileName: 'rfid-alerts',
        sheetName: 'alerts',
        columns: ALERT_COLUMNS,
        pages: keysetPages(
          (key: number | null) => listAlertPage(pool, filter, { ...(key !== null ? { after: key } : {}), limit: EXPORT_PAGE_ROWS }),
          (r) => r.id,
        ),
      });
      if (file) return file;
      const { limit, after } = readPageQuery(q, isId);
      const rows = await listAlertPage(pool, filter, { ...(after ? { after: after[0] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.id]);
    },
  );

  app.post(
    '/v1/alerts/:id/ack',
    {
      config: { role: 'ingest' },
      preValidation: bodyOptional,
      schema: {
        tags: ['daily'],
        summary: 'acknowledge an open alert (role ingest): it stays active until its condition clears',
        params: Type.Object({ id: IdParam() }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: NOTE_MAX_LENGTH, pattern: '^[^\\u0000]*$' })) }, { additionalProperties: false }),
        response: {
          200: AckedAlert,
          400: problemResponse('the id or body is not valid'),
          404: problemResponse('no such alert'),
          409: problemResponse('the alert is already resolved'),
          503: problemResponse('Postgres is unavailable'),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const note = (request.body as { note?: string } | undefined)?.note;
      const acked = await ackAlert(pool, id, actorOf(request), note);
      if (acked === null) throw new RfidError('NOT_FOUND', `no alert ${id}`);
      if (acked.status === 'resolved')
        return sendProblem(reply, 409, {
          code: 'CONFLICT',
          title: 'Conflict',
          detail: `alert ${id} is already resolved: its condition cleared`,
          hint: 'nothing to acknowledge',
        });
      return {
        ...acked,
        acknowledged_at: acked.acknowledged_at === null ? null : acked.acknowledged_at.toISOString(),
      };
    },
  );
}
