/**
 * The dead-letter queue through the API: GET /v1/dlq (filters, keyset pages, newest first),
 * GET /v1/dlq/{id} (the original key, value and headers: text when UTF-8, base64 otherwise), and
 * POST /v1/dlq/replay (admin): the original bytes go back to the events topic with
 * `rfid-replay-of: <id>`, recorded in dlq_replays; a row already replayed is skipped unless
 * `force`. Still-bad input goes to the DLQ again as a new dead letter.
 */
import { Producer } from '@platformatic/kafka';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { replayDeadLetters } from '../../dlq/replay-dead-letters.ts';
import { describeError, isRfidError } from '../../errors.ts';
import { kafkaClientOptions } from '../../kafka/client-options.ts';
import { lazyClient } from '../../kafka/lazy-client.ts';
import { getDeadLetter } from '../../postgres/dlq/get-dead-letter.ts';
import { listDeadLetters, type DeadLetterFilter, type DeadLetterRow } from '../../postgres/dlq/list-dead-letters.ts';
import type { ApiDeps } from '../api-deps.ts';
import type { ExportColumn } from '../export/export-columns.ts';
import { EXPORT_PAGE_ROWS, keysetPages } from '../export/keyset-pages.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { BAD_CURSOR, decodeCursor, DEFAULT_LIMIT, page, PageQuery } from '../keyset-cursor.ts';
import { actorOf, ErrorResponse, sendProblem } from '../ops-problem.ts';
import { IdParam, NoteText } from '../schemas.ts';

export const DlqFilterQuery = {
  code: Type.Optional(NoteText(64, { description: 'the rejection code, e.g. NOT_JSON' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'detected at or after (ISO-8601 with offset)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'detected before' })),
  event_id: Type.Optional(NoteText(64)),
};

const DeadLetter = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  event_id: Type.Union([Type.String(), Type.Null()]),
  origin: Type.Object({ topic: Type.String(), partition: Type.Integer(), offset: Type.Integer() }),
  record_time: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  detected_at: Type.String({ format: 'date-time' }),
  worker_id: Type.String(),
  replays: Type.Integer(),
});
const Payload = Type.Union([Type.Object({ encoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]), data: Type.String() }), Type.Null()]);
const DeadLetterDetail = Type.Intersect([
  DeadLetter,
  Type.Object({
    key: Payload,
    value: Payload,
    headers: Type.Array(Type.Object({ name: Type.String(), value: Payload })),
    replay_log: Type.Array(Type.Unknown()),
  }),
]);
const ReplayBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(IdParam(), { minItems: 1, maxItems: 10_000 })),
    all: Type.Optional(Type.Literal(true)),
    code: Type.Optional(NoteText(64)),
    force: Type.Optional(Type.Boolean({ description: 'replay rows that were replayed before (the ledger still applies each event_id once)' })),
    reason: Type.Optional(NoteText(1000)),
  },
  { additionalProperties: false },
);
const ReplayReport = Type.Object({ replayed: Type.Integer(), replayed_again: Type.Integer(), skipped_ids: Type.Array(Type.Integer()) });

export const DEAD_LETTER_COLUMNS: ExportColumn<DeadLetterRow>[] = [
  { header: 'id', kind: 'integer', value: (r) => r.id },
  { header: 'code', kind: 'text', value: (r) => r.code },
  { header: 'message', kind: 'text', value: (r) => r.message, width: 50 },
  { header: 'event_id', kind: 'text', value: (r) => r.event_id, width: 38 },
  { header: 'origin_topic', kind: 'text', value: (r) => r.source_topic },
  { header: 'origin_partition', kind: 'integer', value: (r) => r.source_partition },
  { header: 'origin_offset', kind: 'integer', value: (r) => r.source_offset },
  { header: 'record_time', kind: 'timestamp', value: (r) => r.record_ts },
  { header: 'detected_at', kind: 'timestamp', value: (r) => r.dead_at },
  { header: 'worker_id', kind: 'text', value: (r) => r.worker_id },
  { header: 'replays', kind: 'integer', value: (r) => r.replays },
];

export function dlqFilter(query: { code?: string; from?: string; to?: string; event_id?: string }): DeadLetterFilter {
  return { code: query.code, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, eventId: query.event_id };
}

export function deadLetterItem(r: DeadLetterRow) {
  return {
    id: r.id,
    code: r.code,
    message: r.message,
    event_id: r.event_id,
    origin: { topic: r.source_topic, partition: r.source_partition, offset: r.source_offset },
    record_time: r.record_ts ? r.record_ts.toISOString() : null,
    detected_at: r.dead_at.toISOString(),
    worker_id: r.worker_id,
    replays: r.replays,
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text when they are valid UTF-8, base64 otherwise. */
export function payload(bytes: Buffer | null): { encoding: 'utf8' | 'base64'; data: string } | null {
  if (bytes === null) return null;
  try {
    return { encoding: 'utf8', data: strictUtf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: bytes.toString('base64') };
  }
}

export function registerDlqRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config, pool } = deps;
  const producer = lazyClient(() => {
    const p = new Producer<Buffer, Buffer, Buffer, Buffer>({ ...kafkaClientOptions(config.kafka, 'api-dlq-replay'), idempotent: true, acks: -1, retries: 3 });
    // Failures surface through send(); an unhandled 'error' event would kill the API.
    p.on('error', () => {});
    return p;
  });
  app.addHook('onClose', () => producer.close());

  app.get(
    '/v1/dlq',
    {
      config: { role: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'dead letters, newest first (keyset pages; ?format=csv|xlsx streams them all as a file)',
        querystring: Type.Object({
          ...DlqFilterQuery,
          ...PageQuery,
          ...FormatQuery,
        }),
        response: {
          200: listOrFile(Type.Object({ items: Type.Array(DeadLetter), next_cursor: Type.Union([Type.String(), Type.Null()]) })),
          400: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const q = request.query as { code?: string; from?: string; to?: string; event_id?: string; cursor?: string; limit?: number; format?: string };
      const file = exportIfAsked(request, reply, config.timeZone, {
        fileName: 'dead-letters',
        sheetName: 'dead letters',
        columns: DEAD_LETTER_COLUMNS,
        pages: keysetPages(
          (before: number | null) => listDeadLetters(pool, dlqFilter(q), before, EXPORT_PAGE_ROWS),
          (r) => r.id,
        ),
      });
      if (file) return file;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const key = q.cursor ? decodeCursor<{ id: number }>(q.cursor, (v) => Number.isSafeInteger(v.id)) : null;
      if (key === undefined) return sendProblem(reply, 400, BAD_CURSOR);
      const rows = await listDeadLetters(pool, dlqFilter(q), key?.id ?? null, limit + 1);
      return page(rows, limit, deadLetterItem, (r) => ({ id: r.id }));
    },
  );

  app.get(
    '/v1/dlq/:id',
    {
      config: { role: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'one dead letter with its original key, value and headers',
        params: Type.Object({ id: IdParam() }),
        response: { 200: DeadLetterDetail, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const row = await getDeadLetter(pool, id);
      if (!row) return sendProblem(reply, 404, { title: 'Not Found', detail: `no dead letter ${id}` });
      return {
        ...deadLetterItem(row),
        key: payload(row.record_key),
        value: payload(row.record_value),
        headers: (row.record_headers ?? []).map(([k, v]) => ({ name: Buffer.from(k, 'base64').toString('utf8'), value: payload(Buffer.from(v, 'base64')) })),
        replay_log: row.replay_log,
      };
    },
  );

  app.post(
    '/v1/dlq/replay',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'send dead letters back to the events topic (ids, or all: true with an optional code); each row once unless force',
        body: ReplayBody,
        response: { 200: ReplayReport, 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const body = request.body as { ids?: number[]; all?: true; code?: string; force?: boolean; reason?: string };
      if ((body.ids === undefined) === (body.all === undefined)) {
        return sendProblem(reply, 400, {
          title: 'Bad Request',
          detail: 'give either "ids" (a list of dead-letter ids) or "all": true (optionally with "code"), not both',
        });
      }
      try {
        const p = producer.get();
        const metadata = await p.metadata({ topics: [config.topics.events] });
        const partitions = metadata.topics.get(config.topics.events)?.partitionsCount ?? 0;
        if (partitions === 0) return sendProblem(reply, 503, { title: 'Kafka unavailable', detail: `topic ${config.topics.events} has no partitions` });
        return await replayDeadLetters(
          { pool, producer: p, topic: config.topics.events, partitions },
          { ids: body.ids, code: body.code, force: body.force ?? false, by: actorOf(request), reason: body.reason ?? null },
        );
      } catch (error) {
        if (isRfidError(error) && error.dependency === 'kafka') {
          request.log.warn({ err: describeError(error) }, 'DLQ replay: Kafka did not acknowledge');
          return sendProblem(reply.header('retry-after', '5'), 503, {
            title: 'Kafka unavailable',
            detail: `${describeError(error)}; chunks acknowledged before the failure are recorded, retrying skips them`,
          });
        }
        if (
          !isRfidError(error) &&
          error !== null &&
          typeof error === 'object' &&
          'code' in error &&
          String((error as { code: unknown }).code).startsWith('PLT_KFK')
        ) {
          return sendProblem(reply.header('retry-after', '5'), 503, { title: 'Kafka unavailable', detail: describeError(error) });
        }
        throw error;
      }
    },
  );
}
