/**
 * Answers a list request with a streamed file: which format a request asks for (`?format=` or the
 * Accept header), and the response headers and body for it. A failure after the first bytes
 * cannot become an error status any more: the download is cut short (and logged), so the client
 * sees an incomplete file rather than a complete-looking one.
 *
 * @example
 * const format = exportFormatOf(query.format, request.headers.accept)
 * if (format) return sendExport(request, reply, format, { fileName: 'dead-letters', sheetName: 'dead letters', columns, pages, timeZone })
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../../errors.ts';
import { csvExport } from './csv-export.ts';
import { EXPORT_FORMATS, type ExportColumn, type ExportFormat, type RowPages } from './export-columns.ts';
import { writeXlsx } from './xlsx-export.ts';

/** `format=csv|xlsx` (`json`: JSON), else an Accept header whose first type is one of the two. */
export function exportFormatOf(format: string | undefined, accept: string | undefined): ExportFormat | undefined {
  if (format === 'csv' || format === 'xlsx') return format;
  if (format === 'json' || accept === undefined) return undefined;
  const first = accept.split(',')[0]!.trim().split(';')[0]!.trim().toLowerCase();
  if (first === 'text/csv') return 'csv';
  if (first === EXPORT_FORMATS.xlsx) return 'xlsx';
  return undefined;
}

export function sendExport<R>(
  request: FastifyRequest,
  reply: FastifyReply,
  format: ExportFormat,
  spec: { fileName: string; sheetName: string; columns: readonly ExportColumn<R>[]; pages: RowPages<R>; timeZone: string },
): FastifyReply {
  void reply
    .header('content-type', EXPORT_FORMATS[format])
    .header('content-disposition', `attachment; filename="${spec.fileName}.${format}"`)
    .header('cache-control', 'no-store');
  if (format === 'csv') {
    const body = csvExport(spec.columns, spec.pages);
    body.on('error', (error) => request.log.error({ err: describeError(error) }, 'CSV export failed mid-stream'));
    return reply.send(body);
  }
  const body = new PassThrough();
  writeXlsx(spec.columns, spec.pages, body, { sheetName: spec.sheetName, timeZone: spec.timeZone }).then(
    () => body.end(),
    (error: unknown) => {
      if (!body.destroyed) request.log.error({ err: describeError(error) }, 'XLSX export failed mid-stream');
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return reply.send(body);
}
