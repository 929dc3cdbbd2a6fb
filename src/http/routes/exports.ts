/**
 * GET /v1/exports/events.csv and /v1/exports/events.xlsx: the ledger, streamed, with the ledger
 * list's filters (sku, location, event_type, from, to on event_ts), in (event_ts, event_id)
 * order. Read in keyset pages of 5,000 rows: memory stays flat for any row count
 * (bench/export-memory.ts).
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { listLedgerEvents, type LedgerRow } from '../../postgres/ledger/list-ledger-events.ts';
import type { ApiDeps } from '../api-deps.ts';
import type { ExportColumn, ExportFormat } from '../export/export-columns.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { sendExport } from '../export/send-export.ts';
import { ErrorResponse } from '../ops-problem.ts';
import { TextParam } from '../schemas.ts';

export const LedgerExportQuery = Type.Object({
  sku: Type.Optional(TextParam(256)),
  location: Type.Optional(TextParam(256)),
  event_type: Type.Optional(Type.Union([Type.Literal('IN'), Type.Literal('OUT'), Type.Literal('ADJUST')])),
  device_id: Type.Optional(TextParam(256)),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'event_ts at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'event_ts before' })),
});

export const LEDGER_COLUMNS: ExportColumn<LedgerRow>[] = [
  { header: 'event_id', kind: 'text', value: (r) => r.event_id, width: 38 },
  { header: 'event_ts', kind: 'timestamp', value: (r) => new Date(r.event_ts) },
  { header: 'event_type', kind: 'text', value: (r) => r.event_type, width: 10 },
  { header: 'sku', kind: 'text', value: (r) => r.sku },
  { header: 'location', kind: 'text', value: (r) => r.location },
  { header: 'qty', kind: 'integer', value: (r) => r.qty, width: 8 },
  { header: 'device_id', kind: 'text', value: (r) => r.device_id },
  { header: 'ref_event_id', kind: 'text', value: (r) => r.ref_event_id, width: 38 },
  { header: 'ingested_ts', kind: 'timestamp', value: (r) => new Date(r.ingested_ts) },
  { header: 'source_partition', kind: 'integer', value: (r) => r.source_partition },
  { header: 'source_offset', kind: 'integer', value: (r) => r.source_offset },
];

const MEDIA_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export function registerExportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config, pool } = deps;
  for (const format of ['csv', 'xlsx'] as const satisfies readonly ExportFormat[]) {
    app.get(
      `/v1/exports/events.${format}`,
      {
        config: { role: 'read' },
        schema: {
          tags: ['exports'],
          summary: `the ledger as ${format.toUpperCase()}, streamed (filters as GET /v1/events)`,
          querystring: LedgerExportQuery,
          produces: [MEDIA_TYPES[format]],
          // Streamed by hand (not serialized): the schema only documents the file for OpenAPI.
          response: {
            200: { description: `every matching ledger row as ${format.toUpperCase()}`, content: { [MEDIA_TYPES[format]]: { schema: Type.String() } } },
            400: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const q = request.query as { sku?: string; location?: string; event_type?: string; device_id?: string; from?: string; to?: string };
        // The same reader as GET /v1/events, oldest first; event_ts comes back as UTC text to the
        // microsecond, so the keyset neither repeats nor skips rows sharing a millisecond.
        const filter = {
          ...(q.sku ? { sku: q.sku } : {}),
          ...(q.location ? { location: q.location } : {}),
          ...(q.event_type ? { eventType: q.event_type } : {}),
          ...(q.device_id ? { deviceId: q.device_id } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        };
        const pages = keysetPages(
          (after: readonly [string, string] | null) => listLedgerEvents(pool, filter, { ...(after ? { after } : {}), limit: EXPORT_PAGE_ROWS, order: 'asc' }),
          (r) => [r.event_ts, r.event_id] as const,
        );
        return sendExport(request, reply, format, { fileName: 'rfid-events', sheetName: 'events', columns: LEDGER_COLUMNS, pages, timeZone: config.timeZone });
      },
    );
  }
}
