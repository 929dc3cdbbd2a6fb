/** Small TypeBox building blocks the query routes share. */
import Type from 'typebox';

// Postgres text cannot hold U+0000: refusing it here keeps such input a 400, not a server error.
const NO_NUL = '^[^\\u0000]*$';

/** A non-empty text parameter of at most `max` characters. */
export function TextParam(max: number, description?: string) {
  return Type.String({ minLength: 1, maxLength: max, pattern: NO_NUL, ...(description ? { description } : {}) });
}

/** An ISO-8601 instant with an offset, e.g. 2026-03-08T12:00:00-05:00. */
export function InstantParam(description: string) {
  return Type.String({ maxLength: 40, description, examples: ['2026-03-08T12:00:00Z'] });
}

/** `true` / `false` in a query string. */
export function FlagParam(description: string) {
  return Type.Boolean({ description });
}

/** A business day, YYYY-MM-DD (checked to be a real date by `readDay` in the route). */
export function DayParam(description: string) {
  return Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, examples: ['2026-11-22'] });
}

/**
 * A row id in a path or body: a positive integer Postgres' bigint and JavaScript both hold
 * exactly (without the maximum, 99999999999999999999 and 1e309 passed the schema and failed in
 * SQL as a 500).
 */
export function IdParam(description?: string) {
  return Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) });
}

/** Free text stored or compared in Postgres: at most `max` characters, no U+0000 (a 400, not a SQL error). */
export function NoteText(max: number, options: { minLength?: number; description?: string } = {}) {
  return Type.String({ maxLength: max, pattern: NO_NUL, ...options });
}
