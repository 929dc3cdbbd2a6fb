/**
 * The daily layer, read-only: end-of-day snapshots, forecasts, the forecast backtest and the
 * newest reorder signal per cell. Every list is keyset-paginated on its natural key, so pages
 * never repeat or skip a row when a job writes meanwhile.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { addDays, businessDayOf } from '../../domain/business-day.ts';
import { LIMITS } from '../../domain/rfid-event.ts';
import { listForecastAccuracy } from '../../postgres/forecast/list-forecast-accuracy.ts';
import { listForecasts } from '../../postgres/forecast/list-forecasts.ts';
import { listSnapshots } from '../../postgres/daily/list-snapshots.ts';
import { listLatestReorderSignals } from '../../postgres/reorder/list-latest-reorder-signals.ts';
import type { ApiDeps } from '../api-deps.ts';
import { readDay } from '../day-input.ts';
import type { ExportColumn } from '../export/export-columns.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { ACCURACY_COLUMNS, FORECAST_COLUMNS, REORDER_COLUMNS, SNAPSHOT_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { PageOf, PageQuery, fetchLimit, isStringTuple, readPageQuery, toPage } from '../pagination.ts';
import { problemResponse } from '../problem.ts';
import { DayParam, FlagParam, TextParam } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const METHOD_MAX_LENGTH = 40;
const MAX_HORIZON_DAYS = 366;

const Cell = {
  sku: Type.Optional(TextParam(LIMITS.skuMaxLength)),
  location: Type.Optional(TextParam(LIMITS.locationMaxLength)),
};

const Snapshot = Type.Object({
  date: Type.String({ description: 'business day (RFID_TIMEZONE)' }),
  sku: Type.String(),
  location: Type.String(),
  qty_on_hand: Type.Integer({ description: 'on-hand at the end of the day' }),
  computed_at: Type.String(),
});

const Forecast = Type.Object({
  date: Type.String({ description: 'the day forecast' }),
  sku: Type.String(),
  location: Type.String(),
  method: Type.String({ description: 'ma7, ses, croston, croston_sba, … or auto' }),
  forecast_qty: Type.Number({ description: 'units expected to ship (OUT) that day' }),
  origin_day: Nullable(Type.String({ description: 'the business day whose run made this forecast' })),
  computed_at: Type.String(),
});

const Accuracy = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  method: Type.String(),
  origin_day: Type.String({ description: 'the latest origin the backtest ran from' }),
  wape: Nullable(Type.Number()),
  mase: Nullable(Type.Number()),
  bias: Nullable(Type.Number()),
  points: Type.Integer(),
  origins: Type.Integer(),
  chosen_by_auto: Type.Boolean({ description: 'auto uses this method for this series' }),
  computed_at: Type.String(),
});

const Reorder = Type.Object({
  day: Type.String({ description: 'the business day of this, the cell’s newest, signal' }),
  sku: Type.String(),
  location: Type.String(),
  on_hand: Type.Integer(),
  mean_daily: Type.Number(),
  sd_daily: Type.Number(),
  lead_time_days: Type.Integer(),
  service_level: Type.Number(),
  z: Type.Number(),
  safety_stock: Type.Number(),
  reorder_point: Type.Number(),
  days_of_cover: Nullable(Type.Number()),
  stockout_date: Nullable(Type.String()),
  below_reorder_point: Type.Boolean(),
  computed_at: Type.String(),
});

const errors = { 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') };

interface CellQuery {
  sku?: string;
  location?: string;
  limit?: number;
  cursor?: string;
}
const cell = (q: CellQuery) => ({ ...(q.sku !== undefined ? { sku: q.sku } : {}), ...(q.location !== undefined ? { location: q.location } : {}) });
const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

export function registerDailyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool, config } = deps;
  /** The list as `rfid-<name>.csv|xlsx` when the request asks for a file. */
  const asFile = <R, K>(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    columns: readonly ExportColumn<R>[],
    read: (after: K | null) => Promise<readonly R[]>,
    keyOf: (row: R) => K,
  ) => exportIfAsked(request, reply, config.timeZone, { fileName: `rfid-${name}`, sheetName: name, columns, pages: keysetPages(read, keyOf) });

  app.get(
    '/v1/snapshots',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'end-of-business-day on-hand per cell, keyset-paginated on (date, sku, location)',
        querystring: Type.Object({
          ...Cell,
          from: Type.Optional(DayParam('first day (inclusive)')),
          to: Type.Optional(DayParam('last day (inclusive)')),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(Snapshot)), ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query as CellQuery & { from?: string; to?: string };
      const from = readDay('querystring.from', q.from);
      const to = readDay('querystring.to', q.to);
      const filter = { ...cell(q), ...optional('from', from), ...optional('to', to) };
      const file = asFile(
        request,
        reply,
        'snapshots',
        SNAPSHOT_COLUMNS,
        (after: readonly [string, string, string] | null) => listSnapshots(pool, filter, { ...(after ? { after } : {}), limit: EXPORT_PAGE_ROWS }),
        (r) => [r.date, r.sku, r.location] as const,
      );
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(3));
      const rows = await listSnapshots(pool, filter, { ...(after ? { after: after as [string, string, string] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.date, r.sku, r.location]);
    },
  );

  app.get(
    '/v1/forecasts',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'the latest forecast per day, cell and method, keyset-paginated on (date, sku, location, method)',
        querystring: Type.Object({
          ...Cell,
          method: Type.Optional(TextParam(METHOD_MAX_LENGTH, 'ma7, ses, croston, croston_sba, … or auto')),
          from: Type.Optional(DayParam('first day (inclusive)')),
          to: Type.Optional(DayParam('last day (inclusive)')),
          horizon: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MAX_HORIZON_DAYS,
              description: 'only the next N days: today (in RFID_TIMEZONE) up to today + N − 1; combines with from/to',
            }),
          ),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(Forecast)), ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query as CellQuery & { method?: string; from?: string; to?: string; horizon?: number };
      let from = readDay('querystring.from', q.from);
      let to = readDay('querystring.to', q.to);
      if (q.horizon !== undefined) {
        const today = businessDayOf(Date.now(), config.timeZone);
        const last = addDays(today, q.horizon - 1);
        // Both bounds narrow: the later `from`, the earlier `to` (YYYY-MM-DD compares as text).
        from = from === undefined || from < today ? today : from;
        to = to === undefined || to > last ? last : to;
      }
      const filter = { ...cell(q), ...optional('method', q.method), ...optional('from', from), ...optional('to', to) };
      const file = asFile(
        request,
        reply,
        'forecasts',
        FORECAST_COLUMNS,
        (after: readonly [string, string, string, string] | null) => listForecasts(pool, filter, { ...(after ? { after } : {}), limit: EXPORT_PAGE_ROWS }),
        (r) => [r.date, r.sku, r.location, r.method] as const,
      );
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(4));
      const rows = await listForecasts(pool, filter, { ...(after ? { after: after as [string, string, string, string] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.date, r.sku, r.location, r.method]);
    },
  );

  app.get(
    '/v1/forecast-accuracy',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'rolling-origin backtest per series and method (WAPE, MASE, bias), keyset-paginated on (sku, location, method)',
        querystring: Type.Object({ ...Cell, method: Type.Optional(TextParam(METHOD_MAX_LENGTH)), ...PageQuery, ...FormatQuery }),
        response: { 200: listOrFile(PageOf(Accuracy)), ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query as CellQuery & { method?: string };
      const filter = { ...cell(q), ...optional('method', q.method) };
      const file = asFile(
        request,
        reply,
        'forecast-accuracy',
        ACCURACY_COLUMNS,
        (after: readonly [string, string, string] | null) => listForecastAccuracy(pool, filter, { ...(after ? { after } : {}), limit: EXPORT_PAGE_ROWS }),
        (r) => [r.sku, r.location, r.method] as const,
      );
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(3));
      const rows = await listForecastAccuracy(pool, filter, { ...(after ? { after: after as [string, string, string] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.sku, r.location, r.method]);
    },
  );

  app.get(
    '/v1/reorder',
    {
      config: { role: 'read' },
      schema: {
        tags: ['daily'],
        summary: 'the newest reorder signal of each cell, keyset-paginated on (sku, location)',
        querystring: Type.Object({
          ...Cell,
          below_reorder: Type.Optional(FlagParam('only cells below their reorder point at that signal')),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(Reorder)), ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query as CellQuery & { below_reorder?: boolean };
      const filter = { ...cell(q), ...optional('belowReorder', q.below_reorder) };
      const file = asFile(
        request,
        reply,
        'reorder',
        REORDER_COLUMNS,
        (after: readonly [string, string] | null) => listLatestReorderSignals(pool, filter, { ...(after ? { after } : {}), limit: EXPORT_PAGE_ROWS }),
        (r) => [r.sku, r.location] as const,
      );
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(2));
      const rows = await listLatestReorderSignals(pool, filter, { ...(after ? { after: after as [string, string] } : {}), limit: fetchLimit(limit) });
      return toPage(rows, limit, (r) => [r.sku, r.location]);
    },
  );
}
