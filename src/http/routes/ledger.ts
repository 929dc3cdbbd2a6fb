/**
 * The ledger, read-only: `GET /v1/events` (filters; keyset pagination on (event_ts, event_id),
 * newest first unless `order=asc`) and `GET /v1/events/{event_id}` with its corrections (events
 * whose ref_event_id points at it) and any conflicts recorded for its id.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { EVENT_TYPES, LIMITS, UUID_PATTERN } from '../../domain/rfid-event.ts';
import { parseInstant } from '../../domain/stock-as-of.ts';
import { RfidError } from '../../errors.ts';
import { findLedgerEvent } from '../../postgres/ledger/find-ledger-event.ts';
import { listLedgerEvents } from '../../postgres/ledger/list-ledger-events.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { PageOf, PageQuery, fetchLimit, readPageQuery, toPage } from '../pagination.ts';
import { problemResponse } from '../problem.ts';
import { InstantParam, TextParam } from '../schemas.ts';
import { LEDGER_COLUMNS } from './exports.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const LedgerEvent = Type.Object({
  event_id: Type.String(),
  event_ts: Type.String({ description: 'UTC, microseconds' }),
  event_type: Type.String(),
  sku: Type.String(),
  location: Type.String(),
  qty: Type.Integer(),
  device_id: Nullable(Type.String()),
  ref_event_id: Nullable(Type.String()),
  ingested_ts: Type.String(),
  source_partition: Nullable(Type.Integer()),
  source_offset: Nullable(Type.Integer()),
});

const Conflict = Type.Object({
  id: Type.Integer(),
  received: Type.Unknown({ description: 'the event as received the second time, with other content' }),
  source_topic: Type.String(),
  source_partition: Type.Integer(),
  source_offset: Type.Integer(),
  detected_at: Type.String(),
  resolved_at: Nullable(Type.String()),
  resolution_note: Nullable(Type.String()),
});

const EventDetail = Type.Object({ ...LedgerEvent.properties, corrections: Type.Array(LedgerEvent), conflicts: Type.Array(Conflict) });

const ListQuery = Type.Object({
  sku: Type.Optional(TextParam(LIMITS.skuMaxLength)),
  location: Type.Optional(TextParam(LIMITS.locationMaxLength)),
  type: Type.Optional(
    Type.Union(
      EVENT_TYPES.map((t) => Type.Literal(t)),
      { description: 'IN, OUT or ADJUST' },
    ),
  ),
  device_id: Type.Optional(TextParam(LIMITS.deviceIdMaxLength)),
  from: Type.Optional(InstantParam('event_ts at or after this instant')),
  to: Type.Optional(InstantParam('event_ts before this instant')),
  order: Type.Optional(
    Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc', description: 'by (event_ts, event_id); newest first by default' }),
  ),
  ...PageQuery,
  ...FormatQuery,
});

const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID_RE = new RegExp(UUID_PATTERN);
const isLedgerKey = (v: unknown): v is [string, string] =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[0] === 'string' &&
  CURSOR_TS.test(v[0]) &&
  parseInstant(v[0]) !== undefined &&
  typeof v[1] === 'string' &&
  UUID_RE.test(v[1]);

function instant(name: 'from' | 'to', text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const at = parseInstant(text);
  if (at === undefined)
    throw new RfidError(
      'INVALID_INPUT',
      `${name}=${JSON.stringify(text.slice(0, 60))} is not an ISO-8601 instant with an offset (years 1000–9999), e.g. 2026-03-08T12:00:00Z`,
      { field: `querystring.${name}` },
    );
  return at.sql;
}

export function registerLedgerRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool } = deps;

  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['ledger'],
        summary: 'ledger events, filtered, keyset-paginated on (event_ts, event_id) (?format=csv|xlsx: all as a file, in the same order)',
        querystring: ListQuery,
        response: { 200: listOrFile(PageOf(LedgerEvent)), 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        sku?: string;
        location?: string;
        type?: string;
        device_id?: string;
        from?: string;
        to?: string;
        order?: 'asc' | 'desc';
        limit?: number;
        cursor?: string;
      };
      const from = instant('from', q.from);
      const to = instant('to', q.to);
      const filter = {
        ...(q.sku !== undefined ? { sku: q.sku } : {}),
        ...(q.location !== undefined ? { location: q.location } : {}),
        ...(q.type !== undefined ? { eventType: q.type } : {}),
        ...(q.device_id !== undefined ? { deviceId: q.device_id } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
      const order = q.order ?? 'desc';
      const file = exportIfAsked(request, reply, deps.config.timeZone, {
        fileName: 'rfid-events',
        sheetName: 'events',
        columns: LEDGER_COLUMNS,
        pages: keysetPages(
          (key: readonly [string, string] | null) => listLedgerEvents(pool, filter, { ...(key ? { after: key } : {}), limit: EXPORT_PAGE_ROWS, order }),
          (r) => [r.event_ts, r.event_id] as const,
        ),
      });
      if (file) return file;
      const { limit, after } = readPageQuery(q, isLedgerKey);
      const rows = await listLedgerEvents(pool, filter, { ...(after ? { after } : {}), limit: fetchLimit(limit), order });
      return toPage(rows, limit, (r) => [r.event_ts, r.event_id]);
    },
  );

  app.get(
    '/v1/events/:event_id',
    {
      schema: {
        tags: ['ledger'],
        summary: 'one ledger event with its corrections and recorded conflicts',
        params: Type.Object({ event_id: Type.String({ pattern: UUID_PATTERN, description: 'UUID' }) }),
        response: {
          200: EventDetail,
          400: problemResponse('event_id is not a UUID'),
          404: problemResponse('no such event in the ledger'),
          503: problemResponse('Postgres is unavailable'),
        },
      },
    },
    async (request) => {
      const { event_id } = request.params as { event_id: string };
      const detail = await findLedgerEvent(pool, event_id);
      if (detail === undefined) throw new RfidError('NOT_FOUND', `no event ${event_id} in the ledger`);
      return detail;
    },
  );
}
