/**
 * Pages of a keyset query, one query per page, until a short page: the way exports read any
 * number of rows without a long-open cursor or transaction (each page is a fresh, index-ordered
 * query after the last key seen).
 *
 * @example
 * for await (const rows of keysetPages((after) => listLedgerEvents(pool, filter, { after, limit: 5000, order: 'asc' }), (r) => r.key, 5000)) …
 */
export const EXPORT_PAGE_ROWS = 5_000;

export async function* keysetPages<R, K>(
  read: (after: K | null) => Promise<readonly R[]>,
  keyOf: (row: R) => K,
  pageRows = EXPORT_PAGE_ROWS,
): AsyncGenerator<readonly R[]> {
  let after: K | null = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
