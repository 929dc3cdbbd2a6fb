/**
 * What a streamed export knows about its columns: a header, a type and how to read the value
 * from a row. CSV writes every value as text (timestamps ISO-8601 UTC, days YYYY-MM-DD, booleans
 * true/false); XLSX writes typed cells (integers and decimals as numbers, timestamps as Excel
 * dates in RFID_TIMEZONE, business days as Excel dates, booleans as booleans).
 *
 * @example
 * const columns: ExportColumn<{ qty: number }>[] = [{ header: 'qty', kind: 'integer', value: (r) => r.qty }]
 */
export type ExportKind = 'text' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'day';

export type ExportValue = string | number | boolean | Date | null;

export interface ExportColumn<R> {
  header: string;
  /** `day` values are 'YYYY-MM-DD' text (a business day: no zone to convert); `timestamp` values are Dates. */
  kind: ExportKind;
  value: (row: R) => ExportValue;
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

/** A timestamp column's value from the API's ISO-8601 UTC text (null stays null). */
export function instantOf(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}
