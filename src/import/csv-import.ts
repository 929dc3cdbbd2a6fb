/**
 * Streaming CSV import: a file of any size in bounded memory. Pass 1 hashes the file and checks
 * that it parses as CSV (an unbalanced quote fails the import with its line number before
 * anything reaches Kafka). Pass 2 validates each row with the shared event rules and produces the
 * valid ones in batches, awaiting Kafka's acknowledgement. Rows without an event_id get a UUID v5
 * of the file's SHA-256 and the line number, so importing the same file twice adds nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { v5 as uuidv5 } from 'uuid';
import { validateEvent, type RfidEvent, type ValidationLimits } from '../domain/rfid-event.ts';
import { RfidError } from '../errors.ts';
import { resolveColumns, rowToCandidate, type ColumnMap } from './csv-columns.ts';
import type { CsvImportReport, RejectedRow } from '../domain/import-report.ts';

/** Namespace of the deterministic event ids given to CSV rows without one. */
export const CSV_EVENT_NAMESPACE = '7d1c8a4e-2f7b-5c3d-9e61-0b8a4f2d6c15';

export interface CsvImportOptions {
  fileName?: string;
  send: (events: RfidEvent[]) => Promise<void>;
  limits: ValidationLimits;
  batchSize?: number;
  maxRejectsKept?: number;
  nowMs?: () => number;
  /** Called after each batch with rows done and the total from pass 1. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** Every rejected row, also beyond `maxRejectsKept` (e.g. to stream them to a file). */
  onReject?: (row: RejectedRow) => void;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

function parser() {
  // relax_column_count: a short or long row is one rejected row, not a failed file.
  return parse({ bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true });
}

function csvFailure(error: unknown, file: string): RfidError {
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new RfidError('INVALID_INPUT', `${file} is not valid CSV${line ? ` (line ${line})` : ''}: ${error.message}`, {
      cause: error,
      hint: 'check quoting: a field containing a comma, quote or line break must be wrapped in double quotes, and quotes inside it doubled',
    });
  }
  return error instanceof RfidError ? error : new RfidError('INVALID_INPUT', `cannot read ${file}`, { cause: error });
}

/** Pass 1: SHA-256 of the bytes and the number of data rows; throws on CSV that does not parse. */
export async function scanCsvFile(file: string): Promise<{ sha256: string; rows: number }> {
  const hash = createHash('sha256');
  const input = createReadStream(file);
  input.on('data', (chunk) => hash.update(chunk));
  let rows = -1; // the header is not a data row
  try {
    for await (const _ of input.pipe(parser())) rows++;
  } catch (error) {
    input.destroy();
    throw csvFailure(error, file);
  }
  return { sha256: hash.digest('hex'), rows: Math.max(0, rows) };
}

export async function importCsvFile(file: string, options: CsvImportOptions): Promise<CsvImportReport> {
  const started = Date.now();
  const fileName = options.fileName ?? file;
  const batchSize = options.batchSize ?? 2_000;
  const maxRejectsKept = options.maxRejectsKept ?? 10_000;
  const now = options.nowMs ?? Date.now;
  const { sha256, rows } = await scanCsvFile(file);
  const report: CsvImportReport = { fileName, sha256, rowsRead: 0, accepted: 0, rejected: 0, rejects: [], rejectsTruncated: false, seconds: 0 };
  const reject = (row: RejectedRow) => {
    report.rejected++;
    options.onReject?.(row);
    if (report.rejects.length < maxRejectsKept) report.rejects.push(row);
    else report.rejectsTruncated = true;
  };
  let columns: ColumnMap | undefined;
  let width = 0;
  let batch: RfidEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    await options.send(sending);
    report.accepted += sending.length;
    options.onProgress?.(report.rowsRead, rows);
  };
  const input = createReadStream(file);
  try {
    for await (const parsed of input.pipe(parser()) as AsyncIterable<ParsedRecord>) {
      const line = parsed.info.lines;
      if (columns === undefined) {
        columns = resolveColumns(parsed.record);
        width = parsed.record.length;
        continue;
      }
      report.rowsRead++;
      const raw = parsed.raw.replace(/\r?\n$/, '');
      if (parsed.record.length !== width) {
        reject({ line, code: 'BAD_ROW', message: `${parsed.record.length} columns; the header has ${width}`, raw });
        continue;
      }
      const candidate = rowToCandidate(columns, parsed.record, () => uuidv5(`${sha256}:${line}`, CSV_EVENT_NAMESPACE));
      const result = validateEvent(candidate, now(), options.limits);
      if (!result.ok) {
        reject({ line, code: result.error.code, ...(result.error.field ? { field: result.error.field } : {}), message: result.error.message, raw });
        continue;
      }
      batch.push(result.event);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    input.destroy();
    throw csvFailure(error, fileName);
  }
  if (columns === undefined) throw new RfidError('INVALID_INPUT', `${fileName} is empty: expected a header line and rows`);
  options.onProgress?.(report.rowsRead, rows);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
