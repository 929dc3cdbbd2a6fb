/**
 * RFC 9457 problem details: the one error body of the API (`application/problem+json`). Members:
 * `type` (a URI naming the kind of problem), `title`, `status`, `detail`, `instance` (the request
 * path), and two extensions: `code` (the machine-readable code clients branch on) and `errors`
 * (field-level detail: which input, which rule, what to do).
 *
 * The body is serialised here, not by a route's response schema, so that a problem always has
 * every member whatever the route declared (a schema serialiser drops unknown properties).
 *
 * @example
 * return sendProblem(reply, 404, { code: 'NOT_FOUND', title: 'Not Found', detail: 'no cell SKU-1 @ A-01' })
 */
import type { FastifyReply } from 'fastify';
import Type, { type Static } from 'typebox';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export const FieldErrorSchema = Type.Object({
  field: Type.String({ description: 'where: `querystring.limit`, `params.sku`, `body.qty`, `header.authorization`' }),
  code: Type.String({ description: 'which rule, e.g. WRONG_TYPE, MISSING_FIELD, OUT_OF_RANGE, BAD_FORMAT' }),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldErrorSchema>;

export const ProblemBody = Type.Object(
  {
    type: Type.String({ description: 'URI of the problem type: urn:rfid:problem:<code>, or about:blank' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String({ description: 'the request path' }),
    code: Type.Optional(Type.String({ description: 'machine-readable code (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID_INPUT, …)' })),
    hint: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof ProblemBody>;

export interface ProblemInit {
  /** Defaults to `urn:rfid:problem:<code>` when a code is given, else `about:blank`. */
  type?: string;
  title: string;
  detail: string;
  code?: string;
  hint?: string;
  errors?: readonly FieldError[];
}

/** The problem type URI of a code: `NOT_FOUND` → `urn:rfid:problem:not-found`. */
export function problemType(code: string): string {
  return `urn:rfid:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * The body of a problem answer.
 *
 * @example
 * buildProblem(400, { code: 'INVALID_INPUT', title: 'Bad Request', detail: 'x' }, '/v1/events').type // 'urn:rfid:problem:invalid-input'
 */
export function buildProblem(status: number, init: ProblemInit, instance: string): Problem {
  return {
    type: init.type ?? (init.code ? problemType(init.code) : 'about:blank'),
    title: init.title,
    status,
    detail: init.detail,
    instance,
    ...(init.code ? { code: init.code } : {}),
    ...(init.hint ? { hint: init.hint } : {}),
    ...(init.errors && init.errors.length > 0 ? { errors: [...init.errors] } : {}),
  };
}

/** Sends a problem answer with its media type; returns the reply (for `return sendProblem(…)`). */
export function sendProblem(reply: FastifyReply, status: number, init: ProblemInit): FastifyReply {
  const instance = reply.request.url.split('?')[0] ?? '/';
  return reply
    .status(status)
    .type(PROBLEM_MEDIA_TYPE)
    .send(JSON.stringify(buildProblem(status, init, instance)));
}

/** A response entry for route schemas, so OpenAPI shows the problem media type and shape. */
export function problemResponse(description: string): { description: string; content: Record<string, { schema: typeof ProblemBody }> } {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemBody } } };
}

/** The HTTP reason phrase used as a problem's title. */
export const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
