/**
 * A route hook for POSTs whose JSON body is optional (`POST /v1/alerts/{id}/ack`, `POST
 * /v1/jobs/{name}/run`): a request without a body is validated as `{}`, so clients need not send
 * one, while a body that is there is still checked against the schema.
 *
 * @example
 * app.post('/v1/jobs/:name/run', { preValidation: bodyOptional, schema: { body: Type.Object({}) } }, handler)
 */
import type { FastifyRequest } from 'fastify';

export async function bodyOptional(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
