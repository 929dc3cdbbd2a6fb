/**
 * Streams rows as CSV (csv-stringify, RFC 4180 quoting, a header row): pages are pulled one at a
 * time and only when the client has read the previous one (the stream's backpressure), so memory
 * stays at about one page whatever the row count.
 *
 * @example
 * const body = csvExport(columns, pages) // a Readable for reply.send(body)
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ExportColumn, RowPages } from './export-columns.ts';

function cell<R>(column: ExportColumn<R>, row: R): string | number | null {
  const v = column.value(row);
  if (v instanceof Date) return v.toISOString();
  // csv-stringify would write true as 1 and false as an empty field.
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

export function csvExport<R>(columns: readonly ExportColumn<R>[], pages: RowPages<R>): Readable {
  const csv = stringify({ header: true, columns: columns.map((c) => c.header) });
  const source = Readable.from(
    (async function* () {
      for await (const page of pages) for (const row of page) yield columns.map((c) => cell(c, row));
    })(),
  );
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
