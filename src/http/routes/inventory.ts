/**
 * Stock now. `GET /v1/inventory/{sku}/{location}` answers from Redis, and on a miss from
 * `inventory_current`, writing the row back to Redis through the version-guarded cache write (an
 * older value never overwrites a newer one); `source` says which answered. If Redis is down the
 * answer still comes, from Postgres. `GET /v1/inventory` lists cells from Postgres with filters
 * and keyset pagination on (sku, location).
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { LIMITS } from '../../domain/rfid-event.ts';
import { RfidError, describeError } from '../../errors.ts';
import { listStockCells } from '../../postgres/inventory/list-stock-cells.ts';
import { readStockCell } from '../../postgres/inventory/read-stock-cell.ts';
import { InventoryCache } from '../../redis/inventory-cache.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { STOCK_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { PageOf, PageQuery, fetchLimit, isStringTuple, readPageQuery, toPage } from '../pagination.ts';
import { problemResponse } from '../problem.ts';
import { FlagParam, TextParam } from '../schemas.ts';

export const CellParams = Type.Object({
  sku: TextParam(LIMITS.skuMaxLength, 'SKU (URL-encoded)'),
  location: TextParam(LIMITS.locationMaxLength, 'location (URL-encoded)'),
});

const StockAnswer = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  qty_on_hand: Type.Integer({ description: 'may be negative (missed reads); never clamped' }),
  version: Type.Integer({ description: 'inventory_current.version the value comes from' }),
  source: Type.Union([Type.Literal('redis'), Type.Literal('postgres')]),
  updated_at: Type.Optional(Type.String({ description: 'when Postgres last changed the cell (only when source is postgres)' })),
});

const StockItem = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  qty_on_hand: Type.Integer(),
  version: Type.Integer(),
  updated_at: Type.String(),
  last_event_ts: Type.Union([Type.String(), Type.Null()]),
  warehouse: Type.Union([Type.String(), Type.Null()]),
  zone: Type.Union([Type.String(), Type.Null()]),
  reorder_point: Type.Union([Type.Integer(), Type.Null()]),
});

const ListQuery = Type.Object({
  sku_prefix: Type.Optional(TextParam(LIMITS.skuMaxLength, 'only SKUs starting with this')),
  location: Type.Optional(TextParam(LIMITS.locationMaxLength, 'only this location')),
  warehouse: Type.Optional(TextParam(128, 'only locations of this warehouse (location_master)')),
  zone: Type.Optional(TextParam(128, 'only locations of this zone (location_master)')),
  negative: Type.Optional(FlagParam('only cells below zero')),
  below_reorder: Type.Optional(FlagParam("only cells at or below their SKU's reorder point (sku_master.reorder_point)")),
  ...PageQuery,
  ...FormatQuery,
});

export function registerInventoryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool } = deps;
  const cache = new InventoryCache(deps.redis, deps.config.redisPrefix);

  app.get(
    '/v1/inventory/:sku/:location',
    {
      schema: {
        tags: ['inventory'],
        summary: 'on-hand now for one SKU at one location (Redis first, read-through from Postgres)',
        params: CellParams,
        response: {
          200: StockAnswer,
          400: problemResponse('a parameter is not valid'),
          404: problemResponse('no event ever touched this cell'),
          503: problemResponse('Postgres is unavailable'),
        },
      },
    },
    async (request) => {
      const { sku, location } = request.params as { sku: string; location: string };
      let cached: { qty: number; version: number } | undefined;
      try {
        cached = await cache.read(sku, location);
      } catch (error) {
        request.log.warn({ err: describeError(error) }, 'Redis read failed: answering from Postgres');
      }
      if (cached !== undefined && cached.version >= 0) return { sku, location, qty_on_hand: cached.qty, version: cached.version, source: 'redis' as const };
      const row = await readStockCell(pool, sku, location);
      if (row === undefined) throw new RfidError('NOT_FOUND', `no stock cell ${sku} @ ${location}: no event has touched it`);
      // Read-through; a failure only costs the next reader another Postgres read.
      await cache.write([{ sku, location, qty_on_hand: row.qty_on_hand, version: row.version }]).catch((error: unknown) => {
        request.log.warn({ err: describeError(error) }, 'Redis write-back failed');
      });
      return { sku, location, qty_on_hand: row.qty_on_hand, version: row.version, source: 'postgres' as const, updated_at: row.updated_at };
    },
  );

  app.get(
    '/v1/inventory',
    {
      schema: {
        tags: ['inventory'],
        summary: 'stock cells from Postgres, filtered, in (sku, location) order, keyset-paginated (?format=csv|xlsx: all as a file)',
        querystring: ListQuery,
        response: { 200: listOrFile(PageOf(StockItem)), 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        sku_prefix?: string;
        location?: string;
        warehouse?: string;
        zone?: string;
        negative?: boolean;
        below_reorder?: boolean;
        limit?: number;
        cursor?: string;
      };
      const filter = {
        ...(q.sku_prefix !== undefined ? { skuPrefix: q.sku_prefix } : {}),
        ...(q.location !== undefined ? { location: q.location } : {}),
        ...(q.warehouse !== undefined ? { warehouse: q.warehouse } : {}),
        ...(q.zone !== undefined ? { zone: q.zone } : {}),
        negative: q.negative === true,
        belowReorder: q.below_reorder === true,
      };
      const file = exportIfAsked(request, reply, deps.config.timeZone, {
        fileName: 'rfid-inventory',
        sheetName: 'inventory',
        columns: STOCK_COLUMNS,
        pages: keysetPages(
          (key: readonly [string, string] | null) => listStockCells(pool, filter, { ...(key ? { after: key } : {}), limit: EXPORT_PAGE_ROWS }),
          (r) => [r.sku, r.location] as const,
        ),
      });
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(2));
      const rows = await listStockCells(pool, filter, { ...(after ? { after: [after[0]!, after[1]!] as const } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.sku, r.location]);
    },
  );
}
