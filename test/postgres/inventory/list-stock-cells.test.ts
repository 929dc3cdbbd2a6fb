import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listStockCells, type StockFilter } from '../../../src/postgres/inventory/list-stock-cells.ts';
import { openDailyDb, type DailyDb } from '../../support/daily-db.ts';

// SKUs chosen to trip a prefix search: LIKE metacharacters, a backslash, a SKU equal to the
// prefix, neighbours just before and after the prefix's range, and non-ASCII.
const SKUS = ['A', 'A%1', 'A_1', 'AB', 'A\\1', 'A1', 'A2', '@9', 'B', 'Ä1', 'Ä', 'Z'];
const LOCATIONS = ['L0', 'L1', 'L2', 'L3', 'L4'];
const MASTER: Record<string, { warehouse: string; zone: string }> = {
  L0: { warehouse: 'W0', zone: 'Z0' },
  L1: { warehouse: 'W1', zone: 'Z0' },
  L2: { warehouse: 'W0', zone: 'Z1' },
  L3: { warehouse: 'W1', zone: 'Z1' },
}; // L4 has no master row
const REORDER: Record<string, number> = { A: 0, AB: 5, B: -2 };

interface Cell {
  sku: string;
  location: string;
  qty: number;
}
const cells: Cell[] = [];
for (const [i, sku] of SKUS.entries()) for (const [j, location] of LOCATIONS.entries()) cells.push({ sku, location, qty: ((i * 7 + j * 3) % 11) - 4 });

let db: DailyDb;
before(async () => {
  db = await openDailyDb('liststock');
  await db.pool.query(
    `INSERT INTO inventory_current (sku, location, qty_on_hand, version) SELECT s, l, q, 1 FROM unnest($1::text[], $2::text[], $3::int[]) AS x(s, l, q)`,
    [cells.map((c) => c.sku), cells.map((c) => c.location), cells.map((c) => c.qty)],
  );
  for (const [location, m] of Object.entries(MASTER))
    await db.pool.query('INSERT INTO location_master (location, warehouse, zone) VALUES ($1, $2, $3)', [location, m.warehouse, m.zone]);
  for (const [sku, point] of Object.entries(REORDER)) await db.pool.query('INSERT INTO sku_master (sku, reorder_point) VALUES ($1, $2)', [sku, point]);
});
after(() => db.close());

/** Every page of `limit` after each other, as the API walks them. */
async function walk(filter: StockFilter, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: readonly [string, string] | undefined;
  for (;;) {
    const rows = await listStockCells(db.pool, filter, { ...(after ? { after } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    seen.push(...page.map((r) => `${r.sku}|${r.location}`));
    if (rows.length <= limit) return seen;
    after = [page[page.length - 1]!.sku, page[page.length - 1]!.location];
  }
}

/** The oracle: the same filter in plain TypeScript, in the database's order (code points here). */
function expected(keep: (c: Cell) => boolean): string[] {
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return cells
    .filter(keep)
    .sort((a, b) => byCodePoint(a.sku, b.sku) || byCodePoint(a.location, b.location))
    .map((c) => `${c.sku}|${c.location}`);
}

test('listStockCells: a SKU prefix matches literally (%, _, backslash, non-ASCII), on every page size', async () => {
  for (const prefix of ['A', 'A%', 'A_', 'A\\', 'AB', 'Ä', '@', 'Q'])
    for (const limit of [1, 3, 100])
      assert.deepEqual(
        await walk({ skuPrefix: prefix }, limit),
        expected((c) => c.sku.startsWith(prefix)),
        `prefix ${prefix}, limit ${limit}`,
      );
});

test('listStockCells: warehouse and zone filters, alone and together, across keyset pages', async () => {
  const m = (c: Cell) => MASTER[c.location];
  assert.deepEqual(
    await walk({ warehouse: 'W0' }, 4),
    expected((c) => m(c)?.warehouse === 'W0'),
  );
  assert.deepEqual(
    await walk({ zone: 'Z1' }, 4),
    expected((c) => m(c)?.zone === 'Z1'),
  );
  assert.deepEqual(
    await walk({ warehouse: 'W1', zone: 'Z1' }, 2),
    expected((c) => m(c)?.warehouse === 'W1' && m(c)?.zone === 'Z1'),
  );
  assert.deepEqual(await walk({ warehouse: 'nowhere' }, 4), []);
  assert.deepEqual(
    await walk({ warehouse: 'W0', skuPrefix: 'A', negative: true }, 2),
    expected((c) => m(c)?.warehouse === 'W0' && c.sku.startsWith('A') && c.qty < 0),
  );
});

test('listStockCells: below_reorder compares with the SKU master; master data comes back beside each cell', async () => {
  assert.deepEqual(
    await walk({ belowReorder: true }, 3),
    expected((c) => REORDER[c.sku] !== undefined && c.qty <= REORDER[c.sku]!),
  );
  const rows = await listStockCells(db.pool, { skuPrefix: 'AB' }, { limit: 10 });
  assert.deepEqual(
    rows.map((r) => [r.location, r.warehouse, r.zone, r.reorder_point]),
    LOCATIONS.map((l) => [l, MASTER[l]?.warehouse ?? null, MASTER[l]?.zone ?? null, 5]),
  );
});
