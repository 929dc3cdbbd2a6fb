/**
 * One error shape for every route: RFC 9457 problem+json (`problem.ts`). Client mistakes get their
 * 4xx — schema validation (with field-level `errors`), Fastify's own 400/413/415, rate limits —
 * a dependency outage is a 503 with Retry-After, and anything else is a 500 that is logged, with
 * no internals in the body.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isRfidError, describeError } from '../errors.ts';
import { sendProblem, statusTitle } from './problem.ts';
import { toFieldErrors, type AjvErrorLike } from './validation-errors.ts';

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_EVENT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  KAFKA_UNAVAILABLE: 503,
  POSTGRES_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  TIMEOUT: 503,
};

// Codes for Fastify's and its plugins' own client errors, by status.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
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
        return sendProblem(reply, 500, { code: 'INTERNAL', title: statusTitle(500), detail: 'internal error' });
      }
      return sendProblem(reply, status, {
        code: error.code,
        title: statusTitle(status),
        detail: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        ...(error.field ? { errors: [{ field: error.field, code: error.code, message: error.message }] } : {}),
      });
    }
    if (Array.isArray(error.validation)) {
      const errors = toFieldErrors(error.validation as AjvErrorLike[], error.validationContext);
      const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ');
      return sendProblem(reply, 400, { code: 'INVALID_INPUT', title: statusTitle(400), detail: detail || error.message, errors });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: describeError(error) }, 'request failed');
      return sendProblem(reply, 500, { code: 'INTERNAL', title: statusTitle(500), detail: 'internal error' });
    }
    return sendProblem(reply, status, { code: CODE_BY_STATUS[status] ?? 'INVALID_INPUT', title: statusTitle(status), detail: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, { code: 'NOT_FOUND', title: statusTitle(404), detail: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
