/**
 * The one way every list route exports: `?format=csv|xlsx` (or an Accept header naming one of the
 * two) streams every row matching the list's filters as a file, read in keyset pages of 5,000
 * (`cursor` and `limit` are for JSON pages and are ignored). A route spreads `FormatQuery` into its
 * querystring, documents its 200 with `listOrFile`, and starts its handler with `exportIfAsked`.
 *
 * @example
 * const file = exportIfAsked(request, reply, config.timeZone, { fileName: 'rfid-alerts', sheetName: 'alerts', columns: ALERT_COLUMNS,
 *   pages: keysetPages((after) => listAlertPage(pool, filter, { after, limit: EXPORT_PAGE_ROWS }), (r) => r.id) })
 * if (file) return file
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { EXPORT_FORMATS, type ExportColumn, type RowPages } from './export-columns.ts';
import { exportFormatOf, sendExport } from './send-export.ts';

/** The querystring member of every exportable list. */
export const FormatQuery = {
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
      description:
        'json (default): one page; csv or xlsx: every row matching the filters as a streamed file (cursor and limit ignored). Accept: text/csv or the xlsx type does the same',
    }),
  ),
};

/** A list route's 200 for OpenAPI: the JSON page, or the file. */
export function listOrFile<T extends TSchema>(page: T, description = 'a page of the list (JSON), or every matching row as CSV or XLSX') {
  return {
    description,
    content: {
      'application/json': { schema: page },
      'text/csv': { schema: Type.String({ description: 'a header row, then one line per row (RFC 4180)' }) },
      [EXPORT_FORMATS.xlsx]: { schema: Type.String({ format: 'binary', description: 'one sheet, a frozen header row, typed cells' }) },
    },
  };
}

export interface ListExport<R> {
  /** The download's name without extension, e.g. `rfid-alerts`. */
  fileName: string;
  sheetName: string;
  columns: readonly ExportColumn<R>[];
  pages: RowPages<R>;
}

/**
 * The streamed file when the request asks for one, else undefined (answer JSON). `pages` is
 * only iterated when a file is sent, so building it for a JSON request costs nothing.
 */
export function exportIfAsked<R>(request: FastifyRequest, reply: FastifyReply, timeZone: string, list: ListExport<R>): FastifyReply | undefined {
  const format = exportFormatOf((request.query as { format?: string }).format, request.headers.accept);
  if (format === undefined) return undefined;
  return sendExport(request, reply, format, { ...list, timeZone });
}
