/**
 * One error shape for every route: `{ error: { code, message } }`. Client mistakes get their 4xx
 * (Fastify's own 400/413/415 included); a dependency outage is a 503 with Retry-After; anything
 * else is a 500 that is logged, with no internals in the body.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isRfidError, describeError } from '../errors.ts';

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_EVENT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  KAFKA_UNAVAILABLE: 503,
  POSTGRES_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isRfidError(error)) {
      const status = STATUS_BY_CODE[error.code] ?? 500;
      if (status === 503) {
        request.log.warn({ err: describeError(error) }, 'dependency unavailable');
        void reply.header('retry-after', '5');
      } else if (status >= 500) {
        request.log.error({ err: describeError(error) }, 'request failed');
      }
      return reply.status(status).send({ error: { code: error.code, message: status >= 500 && status !== 503 ? 'internal error' : error.message, ...(error.hint ? { hint: error.hint } : {}) } });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: describeError(error) }, 'request failed');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
    }
    return reply.status(status).send({ error: { code: error.code ?? 'INVALID_INPUT', message: error.message } });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));
}
