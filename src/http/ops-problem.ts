/**
 * The operations routes' view of problem answers and of who is asking: `sendProblem` of
 * problem.ts with an optional detail (the title stands in when none is given), the problem schema
 * for their responses, and the name of the API key behind a request (for the DLQ replay record).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemBody, sendProblem as sendRfcProblem, type FieldError } from './problem.ts';

export const ErrorResponse = ProblemBody;

export function sendProblem(reply: FastifyReply, status: number, problem: { title: string; detail?: string; errors?: unknown[] }): FastifyReply {
  return sendRfcProblem(reply, status, {
    title: problem.title,
    detail: problem.detail ?? problem.title,
    ...(problem.errors ? { errors: problem.errors as FieldError[] } : {}),
  });
}

/** The name of the API key behind a request (the auth plugin sets `request.apiKey`). */
export function actorOf(request: FastifyRequest): string {
  const key = (request as unknown as { apiKey?: { name?: unknown } | null }).apiKey;
  return typeof key?.name === 'string' ? key.name : 'anonymous';
}
