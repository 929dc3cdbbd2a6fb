/**
 * A page of `inventory_current` in (sku, location) order after a keyset, with optional filters;
 * master data (warehouse, zone, reorder point) beside each cell, null where unknown.
 * Absent filters are NULL parameters: node-postgres sends unnamed statements, which Postgres
 * plans with the actual values, so `$n IS NULL` folds away and the primary key serves the order.
 *
 * Shaped for the primary key (issue 11's p99 ≤ 20 ms on 200,000 cells): master data is looked up
 * per returned row (a join let the planner merge-join all of `sku_master` up to a deep page's
 * cursor); warehouse and zone become the list of their locations, which the index scan checks
 * on index entries before it reads a row. Where the database's collation orders text by code
 * point (C, C.UTF-8, the stack's default), a SKU prefix is a range of the primary key,
 * [prefix, prefix || U+10FFFF), so the page starts at the prefix (`starts_with` scanned from the
 * first SKU: 118 ms median per search on 200,000 cells); a SKU whose next character is the
 * noncharacter U+10FFFF would be missed. Under other collations it stays a LIKE filter.
 */
import { postgresError } from '../postgres-error.ts';
import { isoUtc, type Queryable } from '../queryable.ts';
import type { StockRow } from './read-stock-cell.ts';

export interface StockFilter {
  skuPrefix?: string;
  location?: string;
  warehouse?: string;
  zone?: string;
  /** Only cells below zero. */
  negative?: boolean;
  /** Only cells at or below their SKU's reorder point (`sku_master.reorder_point`). */
  belowReorder?: boolean;
}

export interface StockListRow extends StockRow {
  warehouse: string | null;
  zone: string | null;
  reorder_point: number | null;
}

export async function listStockCells(db: Queryable, filter: StockFilter, page: { after?: readonly [string, string]; limit: number }): Promise<StockListRow[]> {
  try {
    const prefixRange = filter.skuPrefix !== undefined && (await ordersByCodePoint(db));
    const { rows } = await db.query<StockListRow>(
      `SELECT c.sku, c.location, c.qty_on_hand, c.version, ${isoUtc('c.updated_at')} AS updated_at, ${isoUtc('c.last_event_ts')} AS last_event_ts,
              l.warehouse, l.zone, (SELECT s.reorder_point FROM sku_master s WHERE s.sku = c.sku) AS reorder_point
       FROM inventory_current c
       LEFT JOIN location_master l ON l.location = c.location
       WHERE ($1::text IS NULL OR (c.sku, c.location) > ($1, $2::text))
         AND ($3::text IS NULL OR c.sku LIKE $3)
         AND ($10::text IS NULL OR (c.sku >= $10 AND c.sku < $10 || chr(1114111)))
         AND ($4::text IS NULL OR c.location = $4)
         AND (($5::text IS NULL AND $6::text IS NULL)
              OR c.location = ANY (ARRAY(SELECT m.location FROM location_master m
                                         WHERE ($5::text IS NULL OR m.warehouse = $5) AND ($6::text IS NULL OR m.zone = $6))))
         AND (NOT $7::boolean OR c.qty_on_hand < 0)
         AND (NOT $8::boolean OR c.qty_on_hand <= (SELECT s.reorder_point FROM sku_master s WHERE s.sku = c.sku))
       ORDER BY c.sku, c.location
       LIMIT $9`,
      [
        page.after?.[0] ?? null,
        page.after?.[1] ?? null,
        filter.skuPrefix === undefined || prefixRange ? null : `${likeEscape(filter.skuPrefix)}%`,
        filter.location ?? null,
        filter.warehouse ?? null,
        filter.zone ?? null,
        filter.negative === true,
        filter.belowReorder === true,
        page.limit,
        prefixRange ? filter.skuPrefix : null,
      ],
    );
    return rows;
  } catch (error) {
    throw postgresError(error, 'listing stock');
  }
}

const codePointOrder = new WeakMap<Queryable, Promise<boolean>>();

/** Whether the database's collation sorts text by code point (asked once per pool). */
function ordersByCodePoint(db: Queryable): Promise<boolean> {
  let known = codePointOrder.get(db);
  if (known === undefined) {
    known = db
      .query<{ collate: string }>('SELECT datcollate AS collate FROM pg_database WHERE datname = current_database()')
      .then((r) => ['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic'].includes(r.rows[0]?.collate ?? ''));
    known.catch(() => codePointOrder.delete(db)); // ask again after an outage
    codePointOrder.set(db, known);
  }
  return known;
}

/** `text` matched literally by LIKE (backslash is LIKE's default escape character). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
