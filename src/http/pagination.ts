/**
 * Keyset pagination for list routes: `?limit=` (default 100, at most 1000) and an opaque
 * `?cursor=` — base64url of the JSON of the last row's sort key — answered as
 * `{ items, next_cursor }` (`null` on the last page). Keyset rather than OFFSET: a page costs the
 * same at row 10 and row 10 million, and rows inserted meanwhile never shift a page (no row is
 * repeated or skipped that existed when the first page was read).
 *
 * A route asks for one row more than `limit` (`fetchLimit`) and hands the rows to `toPage`,
 * which trims them and makes the next cursor from the last row kept.
 *
 * @example
 * const { limit, after } = readPageQuery(request.query, isStringPair)
 * const rows = await listCells(pool, { after, limit: fetchLimit(limit) })
 * return toPage(rows, limit, (r) => [r.sku, r.location])
 */
import Type, { type TSchema } from 'typebox';
import { RfidError } from '../errors.ts';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

/** Query-string members every paginated route takes (spread into its querystring schema). */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: `rows per page (1–${MAX_PAGE_LIMIT})` })),
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'next_cursor of the previous page (opaque)' })),
};

/** The response schema of a page of `item`. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as ?cursor= for the next page; null on the last page' }),
  });
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * The opaque text of a sort key.
 *
 * @example
 * encodeCursor(['SKU-1', 'A-01']) // 'WyJTS1UtMSIsIkEtMDEiXQ'
 */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key in a cursor, checked by `isKey`; a cursor that is not one of ours is a 400 naming
 * the `cursor` parameter, never a 500.
 *
 * @example
 * decodeCursor(encodeCursor(['a', 'b']), isStringTuple(2)) // ['a', 'b']
 */
export function decodeCursor<K>(cursor: string, isKey: (value: unknown) => value is K): K {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new RfidError('INVALID_INPUT', 'cursor is not a cursor this API returned', {
      cause,
      field: 'querystring.cursor',
      hint: 'pass next_cursor from the previous page unchanged',
    });
  }
  if (!isKey(value))
    throw new RfidError('INVALID_INPUT', 'cursor is not a cursor this route returned', {
      field: 'querystring.cursor',
      hint: 'pass next_cursor from the previous page of the same route unchanged',
    });
  return value;
}

/** A guard for a key of `n` strings. */
export function isStringTuple(n: number): (value: unknown) => value is string[] {
  return (value: unknown): value is string[] => Array.isArray(value) && value.length === n && value.every((v) => typeof v === 'string');
}

/** Rows to ask the database for: one more than the page, to know whether another page follows. */
export function fetchLimit(limit: number): number {
  return limit + 1;
}

/**
 * The page answer from up to `limit + 1` rows in sort order.
 *
 * @example
 * toPage([{ k: 'a' }, { k: 'b' }], 1, (r) => [r.k]) // { items: [{ k: 'a' }], next_cursor: encodeCursor(['a']) }
 */
export function toPage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => readonly unknown[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next_cursor: rows.length > limit && items.length > 0 ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}

/** `limit` and the decoded `cursor` of a request's query. */
export function readPageQuery<K>(query: { limit?: number; cursor?: string }, isKey: (value: unknown) => value is K): { limit: number; after: K | undefined } {
  return { limit: query.limit ?? DEFAULT_PAGE_LIMIT, after: query.cursor === undefined || query.cursor === '' ? undefined : decodeCursor(query.cursor, isKey) };
}
