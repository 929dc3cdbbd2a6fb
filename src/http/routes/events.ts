/**
 * POST /v1/events: one event or an array. Each item is checked with the shared event rules; the
 * valid ones are produced to Kafka and the answer comes only after Kafka acknowledged them.
 * 202 = all accepted, 207 = some rejected (per-item results say which and why), 422 = none
 * accepted (a problem+json with the results as extension members). If Kafka does not acknowledge, 503 and nothing is reported as accepted: retrying the
 * whole request is safe because event_id makes the ingest idempotent.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RfidEventSchema, validateEvent, type RfidEvent } from '../../domain/rfid-event.ts';
import { RfidError } from '../../errors.ts';
import type { ApiDeps } from '../api-deps.ts';
import { buildProblem, PROBLEM_MEDIA_TYPE, ProblemBody, problemResponse, sendProblem } from '../problem.ts';

const ItemResult = Type.Object({
  index: Type.Integer(),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
  event_id: Type.Optional(Type.String()),
  error: Type.Optional(Type.Object({ code: Type.String(), field: Type.Optional(Type.String()), message: Type.String() })),
});
const EventsResponse = Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), results: Type.Array(ItemResult) });

export function registerEventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config } = deps;
  const limits = config.ingest.validation;
  app.post(
    '/v1/events',
    {
      config: { role: 'ingest' },
      schema: {
        tags: ['events'],
        summary: 'ingest one event or an array of events',
        body: Type.Union([RfidEventSchema, Type.Array(RfidEventSchema, { maxItems: config.http.maxEventsPerRequest })]),
        response: {
          202: EventsResponse,
          207: EventsResponse,
          422: {
            description: 'no event is valid: a problem (code INVALID_EVENT) with the per-item results as extension members',
            content: { [PROBLEM_MEDIA_TYPE]: { schema: Type.Intersect([ProblemBody, EventsResponse]) } },
          },
          400: problemResponse('not JSON, or an empty array'),
          413: problemResponse('body or event count over the limit'),
          415: problemResponse('not application/json'),
          503: problemResponse('Kafka did not acknowledge: retry'),
        },
      },
      // The schema documents the body; validation is per item below, so that one bad event does
      // not hide the results of the others.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const body = request.body;
      const items: unknown[] = Array.isArray(body) ? body : [body];
      if (items.length === 0) throw new RfidError('INVALID_INPUT', 'the array is empty: send at least one event');
      if (items.length > config.http.maxEventsPerRequest) {
        return sendProblem(reply, 413, {
          code: 'TOO_MANY_EVENTS',
          title: 'Content Too Large',
          detail: `${items.length} events in one request; at most ${config.http.maxEventsPerRequest} (RFID_HTTP_MAX_EVENTS)`,
        });
      }
      const now = Date.now();
      const valid: RfidEvent[] = [];
      const results = items.map((item, index) => {
        const r = validateEvent(item, now, limits);
        if (r.ok) {
          valid.push(r.event);
          return { index, status: 'accepted' as const, event_id: r.event.event_id };
        }
        const id =
          typeof item === 'object' && item !== null && typeof (item as { event_id?: unknown }).event_id === 'string'
            ? (item as { event_id: string }).event_id
            : undefined;
        return { index, status: 'rejected' as const, ...(id ? { event_id: id } : {}), error: r.error };
      });
      await deps.events.send(valid);
      const outcome = { accepted: valid.length, rejected: items.length - valid.length, results };
      if (valid.length === 0) {
        // A client error like any other: problem+json, the per-item results as extension members (RFC 9457 §3.2).
        const problem = buildProblem(
          422,
          { code: 'INVALID_EVENT', title: 'Unprocessable Content', detail: `none of the ${items.length} event(s) is valid: see results` },
          request.url.split('?')[0] ?? '/',
        );
        return reply
          .status(422)
          .type(PROBLEM_MEDIA_TYPE)
          .send(JSON.stringify({ ...problem, ...outcome }));
      }
      return reply.status(valid.length === items.length ? 202 : 207).send(outcome);
    },
  );
}
