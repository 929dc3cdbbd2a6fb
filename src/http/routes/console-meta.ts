/**
 * Two small routes the console needs first: `GET /v1/meta` (public: the business time zone, the
 * version and whether keys are needed, read before sign-in) and `GET /v1/overview` (the Overview
 * page's figures in one request).
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { readOverview } from '../../postgres/console/read-overview.ts';
import type { ApiDeps } from '../api-deps.ts';

const Meta = Type.Object({
  version: Type.String(),
  timezone: Type.String({ description: 'RFID_TIMEZONE: business days and the times the console shows' }),
  auth: Type.Union([Type.Literal('on'), Type.Literal('off')], { description: 'off: RFID_AUTH=off (loopback only), no key needed' }),
  server_time: Type.String({ format: 'date-time' }),
});

const Overview = Type.Object({
  skus: Type.Integer(),
  cells: Type.Integer({ description: 'SKU × location cells any event touched' }),
  units_on_hand: Type.Integer(),
  negative_cells: Type.Integer(),
  below_reorder_cells: Type.Integer({ description: 'qty_on_hand <= sku_master.reorder_point' }),
  open_alerts: Type.Integer(),
  acknowledged_alerts: Type.Integer(),
  dead_letters: Type.Integer({ description: 'rows in ingest_dead_letters' }),
  open_conflicts: Type.Integer(),
  consumed_offsets: Type.Integer({ description: 'Σ offsets ingest stored for the events topic: two readings give events/s' }),
  last_event_ts: Type.Union([Type.String(), Type.Null()]),
  checked_at: Type.String({ format: 'date-time' }),
});

export function registerConsoleMetaRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/v1/meta',
    {
      config: { public: true },
      schema: {
        tags: ['console'],
        summary: 'business time zone, version and auth mode (public: the console reads it before sign-in)',
        response: { 200: Meta },
      },
    },
    async () => ({
      version: deps.version ?? '0.1.0',
      timezone: deps.config.timeZone,
      auth: deps.config.api.auth ? ('on' as const) : ('off' as const),
      server_time: new Date().toISOString(),
    }),
  );
  app.get(
    '/v1/overview',
    {
      config: { role: 'read' },
      schema: {
        tags: ['console'],
        summary: 'stock totals, active alerts, dead letters, open conflicts and consumed offsets in one answer',
        response: { 200: Overview },
      },
    },
    async () => ({ ...(await readOverview(deps.pool, deps.config.topics.events)), checked_at: new Date().toISOString() }),
  );
}
