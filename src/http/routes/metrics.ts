/** `/metrics`: the API's Prometheus registry; public when RFID_METRICS_AUTH=off, else any key. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { ApiDeps } from '../api-deps.ts';
import type { ApiMetrics } from '../api-metrics.ts';

export function registerMetricsRoute(app: FastifyInstance, deps: ApiDeps, metrics: ApiMetrics): void {
  app.get(
    '/metrics',
    {
      config: deps.config.api.metricsAuth ? { role: 'read' } : { public: true },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics of the API process (text exposition format)',
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
