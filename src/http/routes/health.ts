/** `/health` (liveness: the process answers) and `/health/ready` (Kafka and Postgres answer). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';

export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/health', { schema: { tags: ['health'], summary: 'liveness' } }, async () => ({ status: 'ok', uptime_s: Math.round(process.uptime()) }));
  app.get('/health/ready', { schema: { tags: ['health'], summary: 'readiness: Kafka and Postgres answer' } }, async (_request, reply) => {
    const [kafka, postgres] = await Promise.all([
      deps.events.ready(),
      deps.pool.query('SELECT 1').then(() => true, () => false),
    ]);
    const ok = kafka && postgres;
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { kafka, postgres } });
  });
}
