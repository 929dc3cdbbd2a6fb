/**
 * `/health` (liveness: the process answers) and `/health/ready` (Kafka, Postgres and Redis each
 * answer within a few seconds; 503 naming the failing one otherwise). Both are public.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { describeError } from '../../errors.ts';
import { withTimeout } from '../../util/time-limits.ts';
import type { ApiDeps } from '../api-deps.ts';

const CHECK_TIMEOUT_MS = 3_000;

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Object({ kafka: Check, postgres: Check, redis: Check }),
});

async function check(what: string, probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    const result = await withTimeout(probe(), CHECK_TIMEOUT_MS, what);
    return result === false ? { ok: false, error: `${what} is not connected` } : { ok: true };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'liveness', response: { 200: Type.Object({ status: Type.Literal('ok'), uptime_s: Type.Integer() }) } },
    },
    async () => ({ status: 'ok' as const, uptime_s: Math.round(process.uptime()) }),
  );
  app.get(
    '/health/ready',
    { config: { public: true }, schema: { tags: ['health'], summary: 'readiness: Kafka, Postgres and Redis answer', response: { 200: Ready, 503: Ready } } },
    async (_request, reply) => {
      const [kafka, postgres, redis] = await Promise.all([
        check('Kafka', () => deps.events.ready()),
        check('Postgres', () => deps.pool.query('SELECT 1')),
        check('Redis', () => deps.redis.ping()),
      ]);
      const ok = kafka.ok && postgres.ok && redis.ok;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { kafka, postgres, redis } });
    },
  );
}
