/**
 * Conflicts (same event_id, other content: not applied, kept for a person): GET /v1/conflicts
 * (status open | resolved | all, keyset pages, newest first) and POST /v1/conflicts/{id}/resolve
 * (admin) with a note; 404 for an unknown id, 409 for one already resolved.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { listConflicts, type ConflictRow, type ConflictStatus } from '../../postgres/conflicts/list-conflicts.ts';
import { resolveConflict } from '../../postgres/conflicts/resolve-conflict.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { CONFLICT_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { BAD_CURSOR, decodeCursor, DEFAULT_LIMIT, page, PageQuery } from '../keyset-cursor.ts';
import { ErrorResponse, sendProblem } from '../ops-problem.ts';
import { IdParam, NoteText } from '../schemas.ts';

const Conflict = Type.Object({
  id: Type.Integer(),
  event_id: Type.String(),
  received: Type.Unknown({ description: 'the event as received the second time (not applied)' }),
  applied: Type.Unknown({ description: 'the ledger row with the same event_id (what was applied)' }),
  origin: Type.Object({ topic: Type.String(), partition: Type.Integer(), offset: Type.Integer() }),
  detected_at: Type.String({ format: 'date-time' }),
  resolved_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolution_note: Type.Union([Type.String(), Type.Null()]),
});

function conflictItem(r: ConflictRow) {
  return {
    id: r.id,
    event_id: r.event_id,
    received: r.received,
    applied: r.applied,
    origin: { topic: r.source_topic, partition: r.source_partition, offset: r.source_offset },
    detected_at: r.detected_at.toISOString(),
    resolved_at: r.resolved_at ? r.resolved_at.toISOString() : null,
    resolution_note: r.resolution_note,
  };
}

export function registerConflictRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool } = deps;
  app.get(
    '/v1/conflicts',
    {
      config: { role: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'conflicting events (same event_id, other content), newest first (?format=csv|xlsx: all as a file)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(Type.Object({ items: Type.Array(Conflict), next_cursor: Type.Union([Type.String(), Type.Null()]) })), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const q = request.query as { status?: ConflictStatus; cursor?: string; limit?: number };
      const file = exportIfAsked(request, reply, deps.config.timeZone, {
        fileName: 'rfid-conflicts',
        sheetName: 'conflicts',
        columns: CONFLICT_COLUMNS,
        pages: keysetPages(
          (before: number | null) => listConflicts(pool, q.status ?? 'open', before, EXPORT_PAGE_ROWS),
          (r) => r.id,
        ),
      });
      if (file) return file;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const key = q.cursor ? decodeCursor<{ id: number }>(q.cursor, (v) => Number.isSafeInteger(v.id)) : null;
      if (key === undefined) return sendProblem(reply, 400, BAD_CURSOR);
      const rows = await listConflicts(pool, q.status ?? 'open', key?.id ?? null, limit + 1);
      return page(rows, limit, conflictItem, (r) => ({ id: r.id }));
    },
  );

  app.post(
    '/v1/conflicts/:id/resolve',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'mark a conflict resolved with a note (the ledger is not changed: corrections are new events)',
        params: Type.Object({ id: IdParam() }),
        body: Type.Object({ note: NoteText(2000, { minLength: 1 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ id: Type.Integer(), resolved_at: Type.String({ format: 'date-time' }), resolution_note: Type.String() }),
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const { note } = request.body as { note: string };
      const outcome = await resolveConflict(pool, id, note);
      if (outcome.status === 'missing') return sendProblem(reply, 404, { title: 'Not Found', detail: `no conflict ${id}` });
      if (outcome.status === 'already-resolved')
        return sendProblem(reply, 409, { title: 'Conflict', detail: `conflict ${id} was already resolved at ${outcome.resolved_at.toISOString()}` });
      return { id, resolved_at: outcome.resolved_at.toISOString(), resolution_note: note };
    },
  );
}
