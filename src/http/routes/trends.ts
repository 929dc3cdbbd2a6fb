/**
 * Day-by-day series for the console's charts: `GET /v1/trends` (Σ end-of-day snapshots per
 * business day for a SKU, a location and/or a warehouse) and `GET /v1/cell-daily` (one cell's
 * units in / out / adjusted and end-of-day on-hand per business day, from the ledger). Both are
 * bounded by a day range of at most MAX_DAYS, so they need no pagination.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { addDays, businessDayOf } from '../../domain/business-day.ts';
import { LIMITS } from '../../domain/rfid-event.ts';
import { RfidError } from '../../errors.ts';
import { listCellDailyMovements } from '../../postgres/console/list-cell-daily-movements.ts';
import { listStockTrend } from '../../postgres/console/list-stock-trend.ts';
import type { ApiDeps } from '../api-deps.ts';
import { readDay } from '../day-input.ts';
import { problemResponse } from '../problem.ts';
import { DayParam, TextParam } from '../schemas.ts';

export const MAX_DAYS = 400;
const DEFAULT_DAYS = 30;

const Range = {
  from: Type.Optional(DayParam(`first business day (default: ${DEFAULT_DAYS} days before to)`)),
  to: Type.Optional(DayParam('last business day, inclusive (default: today in RFID_TIMEZONE)')),
};

/** The day range asked for, defaulted and checked (from ≤ to, at most MAX_DAYS days). */
function readRange(q: { from?: string; to?: string }, timeZone: string): { from: string; to: string } {
  const to = readDay('querystring.to', q.to) ?? businessDayOf(Date.now(), timeZone);
  const from = readDay('querystring.from', q.from) ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new RfidError('INVALID_INPUT', `from=${from} is after to=${to}`, { field: 'querystring.from' });
  if (addDays(from, MAX_DAYS - 1) < to) throw new RfidError('INVALID_INPUT', `at most ${MAX_DAYS} days at once`, { field: 'querystring.from' });
  return { from, to };
}

export function registerTrendRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool, config } = deps;
  app.get(
    '/v1/trends',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'end-of-day on-hand summed per business day over the matching cells (snapshots)',
        querystring: Type.Object({
          sku: Type.Optional(TextParam(LIMITS.skuMaxLength)),
          location: Type.Optional(TextParam(LIMITS.locationMaxLength)),
          warehouse: Type.Optional(TextParam(200)),
          ...Range,
        }),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            items: Type.Array(Type.Object({ date: Type.String(), qty_on_hand: Type.Integer(), cells: Type.Integer() })),
          }),
          400: problemResponse('a bad day or range'),
        },
      },
    },
    async (request) => {
      const q = request.query as { sku?: string; location?: string; warehouse?: string; from?: string; to?: string };
      const range = readRange(q, config.timeZone);
      const items = await listStockTrend(pool, {
        ...range,
        ...(q.sku ? { sku: q.sku } : {}),
        ...(q.location ? { location: q.location } : {}),
        ...(q.warehouse ? { warehouse: q.warehouse } : {}),
      });
      return { ...range, items };
    },
  );
  app.get(
    '/v1/cell-daily',
    {
      config: { role: 'read' },
      schema: {
        tags: ['inventory'],
        summary: "one cell's units in, out, adjusted and end-of-day on-hand per business day, from the ledger",
        querystring: Type.Object(
          { sku: TextParam(LIMITS.skuMaxLength), location: TextParam(LIMITS.locationMaxLength), ...Range },
          { required: ['sku', 'location'] },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            items: Type.Array(
              Type.Object({
                date: Type.String(),
                qty_in: Type.Integer(),
                qty_out: Type.Integer(),
                qty_adjust: Type.Integer(),
                events: Type.Integer(),
                on_hand_end: Type.Integer(),
              }),
            ),
          }),
          400: problemResponse('a bad day or range, or no sku / location'),
        },
      },
    },
    async (request) => {
      const q = request.query as { sku: string; location: string; from?: string; to?: string };
      const range = readRange(q, config.timeZone);
      return { ...range, items: await listCellDailyMovements(pool, { sku: q.sku, location: q.location, ...range, timeZone: config.timeZone }) };
    },
  );
}
