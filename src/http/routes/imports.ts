/**
 * CSV imports over HTTP: POST /v1/imports (multipart, field `file`) streams the upload to a temp
 * file (bounded by RFID_IMPORT_MAX_BYTES → 413), imports it like `rfid import`, and answers with
 * the report; GET /v1/imports/:id and GET /v1/imports/:id/rejects.csv read it back later.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { UUID_PATTERN } from '../../domain/rfid-event.ts';
import { importCsvFile } from '../../import/csv-import.ts';
import { rejectsToCsv } from '../../import/rejects-csv.ts';
import { failImport, finishImport, getImport, importRejects, startImport } from '../../postgres/event-imports.ts';
import { RfidError, describeError } from '../../errors.ts';
import type { ApiDeps } from '../api-deps.ts';
import { problemResponse, sendProblem } from '../problem.ts';

const MAX_REJECTS_STORED = 100_000;

const ImportReport = Type.Object({
  import_id: Type.String(),
  file_name: Type.String(),
  sha256: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  rows_read: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  rejects_truncated: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()]),
  rejects_url: Type.String(),
});

/** A multipart parsing failure as a client error (keeping a plugin's own 4xx, e.g. 413). */
function uploadError(error: unknown): unknown {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return new RfidError('INVALID_INPUT', `the upload is not valid multipart/form-data: ${describeError(error)}`, {
    cause: error,
    hint: 'send the CSV in a field named "file"',
  });
}

export function registerImportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config, pool } = deps;
  const limits = config.ingest.validation;

  app.post(
    '/v1/imports',
    {
      config: { role: 'ingest' },
      schema: {
        tags: ['imports'],
        summary: 'import events from an uploaded CSV file (multipart field "file")',
        consumes: ['multipart/form-data'],
        response: {
          201: ImportReport,
          400: problemResponse('not CSV, or a required column is missing'),
          413: problemResponse('upload over RFID_IMPORT_MAX_BYTES'),
          415: problemResponse('not multipart/form-data'),
          503: problemResponse('Kafka did not acknowledge: retry'),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        return sendProblem(reply, 415, {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          title: 'Unsupported Media Type',
          detail: 'send the CSV as multipart/form-data with a field named "file"',
        });
      }
      const upload = await request.file().catch((error: unknown) => {
        throw uploadError(error);
      });
      if (!upload) throw new RfidError('INVALID_INPUT', 'no file in the upload: send it in a field named "file"');
      const dir = await mkdtemp(path.join(tmpdir(), 'rfid-import-'));
      const file = path.join(dir, 'upload.csv');
      const importId = randomUUID();
      try {
        // A broken upload (cut short, bad boundary) fails the request stream: the client's
        // mistake, a 400; a failure writing the temp file stays a server error.
        let clientError: unknown;
        upload.file.once('error', (error: unknown) => (clientError = error));
        await pipeline(upload.file, createWriteStream(file)).catch((error: unknown) => {
          throw clientError === undefined ? error : uploadError(clientError);
        });
        // The multipart parser stops at the limit and marks the stream truncated: refuse, import nothing.
        if (upload.file.truncated) {
          return sendProblem(reply, 413, {
            code: 'FILE_TOO_LARGE',
            title: 'Content Too Large',
            detail: `the upload is larger than ${config.http.importMaxBytes} bytes (RFID_IMPORT_MAX_BYTES)`,
          });
        }
        await startImport(pool, importId, upload.filename || 'upload.csv');
        try {
          const report = await importCsvFile(file, {
            fileName: upload.filename,
            send: (events) => deps.events.send(events),
            limits,
            maxRejectsKept: MAX_REJECTS_STORED,
          });
          await finishImport(pool, importId, report);
        } catch (error) {
          await failImport(pool, importId, describeError(error)).catch(() => {});
          throw error;
        }
        const record = (await getImport(pool, importId))!;
        return reply
          .status(201)
          .header('location', `/v1/imports/${importId}`)
          .send({ ...record, rejects_url: `/v1/imports/${importId}/rejects.csv` });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'an import report',
        params: Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) }),
        response: { 200: ImportReport, 400: problemResponse('the id is not a UUID'), 404: problemResponse('no such import') },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const record = await getImport(pool, id);
      if (!record) throw new RfidError('NOT_FOUND', `no import ${id}`);
      return { ...record, rejects_url: `/v1/imports/${id}/rejects.csv` };
    },
  );

  app.get(
    '/v1/imports/:id/rejects.csv',
    {
      schema: {
        tags: ['imports'],
        summary: 'the rejected rows of an import as CSV (line, code, field, reason, row)',
        params: Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) }),
        produces: ['text/csv'],
        response: {
          200: { description: 'CSV: line, code, field, reason, row', content: { 'text/csv': { schema: Type.String() } } },
          400: problemResponse('the id is not a UUID'),
          404: problemResponse('no such import'),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await getImport(pool, id))) throw new RfidError('NOT_FOUND', `no import ${id}`);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${id}-rejects.csv"`)
        .send(rejectsToCsv(await importRejects(pool, id)));
    },
  );
}
