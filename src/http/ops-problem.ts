/**
 * RFC 9457 problem answers for the operations routes, shaped as the core half's
 * `src/http/problem.ts` `sendProblem(reply, status, { title, detail, errors })` so that the lead
 * can switch these routes to it by changing one import. Also who is asking (for the DLQ replay
 * record), read from the auth plugin's request decoration once it exists.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorBody } from './error-body.ts';

export const ProblemBody = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Unknown())),
});

/**
 * What an error answer of these routes may look like: a problem from `sendProblem`, or the
 * `{ error }` body of the shared error handler (request validation, dependency outages) until
 * the core half's problem handler replaces it. Declared as either, so that the response
 * serializer passes both through instead of failing on the one it was not told about.
 */
export const ErrorResponse = Type.Union([ProblemBody, ErrorBody]);

export function sendProblem(reply: FastifyReply, status: number, problem: { title: string; detail?: string; errors?: unknown[] }): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: problem.title, status, ...(problem.detail !== undefined ? { detail: problem.detail } : {}), ...(problem.errors ? { errors: problem.errors } : {}) });
}

/**
 * The name of the API key behind a request, when the auth plugin put one on it (it decorates the
 * request with `apiKey: { name }`); 'anonymous' while auth is not wired in.
 */
export function actorOf(request: FastifyRequest): string {
  const key = (request as unknown as { apiKey?: { name?: unknown } }).apiKey;
  return typeof key?.name === 'string' ? key.name : 'anonymous';
}
