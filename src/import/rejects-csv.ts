/** Rejected CSV rows as a CSV a person opens in a spreadsheet: line, code, field, reason, the row. */
import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { RejectedRow } from '../domain/import-report.ts';

const COLUMNS = ['line', 'code', 'field', 'reason', 'row'];

const toRecord = (r: RejectedRow) => [r.line, r.code, r.field ?? '', r.message, r.raw];

export function rejectsToCsv(rows: readonly RejectedRow[]): string {
  return stringifySync([COLUMNS, ...rows.map(toRecord)]);
}

/** A file writer for rejects as they happen (bounded memory for any number of rejects). */
export function rejectsFileWriter(file: string): { write: (row: RejectedRow) => void; close: () => Promise<void> } {
  const out = createWriteStream(file);
  const csv = stringify();
  csv.pipe(out);
  csv.write(COLUMNS);
  return {
    write: (row) => void csv.write(toRecord(row)),
    close: () =>
      new Promise((resolve, reject) => {
        out.once('finish', resolve);
        out.once('error', reject);
        csv.end();
      }),
  };
}
