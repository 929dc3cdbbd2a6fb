/**
 * What a streamed export knows about its columns: a header, a type and how to read the value
 * from a row. CSV writes every value as text (timestamps ISO-8601 UTC); XLSX writes typed cells
 * (integers as numbers, timestamps as Excel dates in RFID_TIMEZONE).
 *
 * @example
 * const columns: ExportColumn<{ qty: number }>[] = [{ header: 'qty', kind: 'integer', value: (r) => r.qty }]
 */
export type ExportKind = 'text' | 'integer' | 'timestamp';

export interface ExportColumn<R> {
  header: string;
  kind: ExportKind;
  value: (row: R) => string | number | Date | null;
  /** Excel column width in characters (XLSX only). */
  width?: number;
}

/** The formats a list route can stream, with their MIME types. */
export const EXPORT_FORMATS = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Rows in pages (each page one keyset query); an empty page is never yielded. */
export type RowPages<R> = AsyncIterable<readonly R[]>;
