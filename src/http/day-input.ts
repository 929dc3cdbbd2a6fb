/**
 * A business day given to the API (`?from=`, `{ date }`): the schema checks the shape
 * YYYY-MM-DD, this checks it is a real date (2026-02-30 is a 400 naming the field, not a 500
 * from Postgres).
 *
 * @example
 * readDay('querystring.from', '2026-11-22') // '2026-11-22'
 */
import { RfidError } from '../errors.ts';

export function readDay(field: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const at = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text)
    throw new RfidError('INVALID_INPUT', `${field.split('.').pop()}=${JSON.stringify(text.slice(0, 40))} is not a day YYYY-MM-DD, e.g. 2026-11-22`, { field });
  return text;
}
