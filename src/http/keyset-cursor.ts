/**
 * Keyset pagination for list routes (issue 11's shared contract): `cursor` is the base64url of
 * the JSON of the last row's sort key, opaque to clients; `limit` defaults to 100, at most 1000.
 * A page is `{ items, next_cursor }`, `next_cursor` null on the last page.
 *
 * @example
 * const cursor = encodeCursor({ id: 42 })
 * decodeCursor(cursor, (v) => typeof v.id === 'number') // { id: 42 }
 * decodeCursor('bad', (v) => typeof v.id === 'number') // undefined
 */
import Type from 'typebox';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The query-string fields every keyset list takes. */
export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'opaque: the next_cursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
};

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key in a cursor, or undefined when it is not one this list wrote (answer 400). */
export function decodeCursor<T extends Record<string, unknown>>(cursor: string, isKey: (value: Record<string, unknown>) => boolean): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isKey(value as Record<string, unknown>)) return undefined;
  return value as T;
}

/** The page's items and the cursor after its last one, when a page of `limit` came back full. */
export function page<R, I>(
  rows: readonly R[],
  limit: number,
  item: (row: R) => I,
  key: (row: R) => Record<string, unknown>,
): { items: I[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(item), next_cursor: more ? encodeCursor(key(shown[shown.length - 1]!)) : null };
}

export const BAD_CURSOR = { title: 'Bad Request', detail: 'cursor is not one this list returned: pass next_cursor back unchanged' } as const;
