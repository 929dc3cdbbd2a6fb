/**
 * Rows for `COPY … FROM STDIN` in its text format (tab-separated, `\N` for NULL), for tables
 * whose values are easier to send as text than in the binary format (numeric and numeric[]:
 * Postgres parses `0.4286` and `{0.4286,0.5}` as it would from a query parameter).
 *
 * @example
 * copyText('A\tB') // 'A\\tB'
 */

// Characters COPY's text format gives a meaning to: they must reach Postgres escaped.
const SPECIAL = /[\\\t\n\r]/;

/** A text value escaped for COPY's text format. */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A number for a numeric column; null, NaN and ±Infinity become NULL (numeric has no room for an undefined ratio). */
export function copyNumber(value: number | null): string {
  return value !== null && Number.isFinite(value) ? String(value) : '\\N';
}
