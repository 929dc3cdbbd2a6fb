/**
 * GET /v1/stream: Server-Sent Events of stock changes, read live from the change topic
 * (`inventory_changes`, one change record per Kafka record, key `sku|location`).
 *
 * - Each event: `id: p0:123,p3:45` (the stream's position on every partition, see
 *   domain/stream-position.ts), `event: stock`, `data:` the change record JSON as produced.
 * - Filters `sku` and `location` (exact; both may be given). Records filtered out still move the
 *   position, so a resume does not read them again.
 * - Resume: `Last-Event-ID` (browsers send it on reconnect) or `?last_event_id=`; without it the
 *   stream starts at the log end: only changes from now on.
 * - A `: heartbeat` comment every RFID_SSE_HEARTBEAT_MS (15 s) keeps idle proxies from closing it.
 * - A disconnect closes the client's Kafka consumer. At most RFID_SSE_MAX_STREAMS at once: 503.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { parseCellKey } from '../../domain/cell-key.ts';
import { formatStreamPosition, parseStreamPosition, resumeOffsets } from '../../domain/stream-position.ts';
import { describeError, isRfidError } from '../../errors.ts';
import { createChangeStream, type ChangeStream } from '../../kafka/change-stream.ts';
import type { ApiDeps } from '../api-deps.ts';
import { ErrorResponse, sendProblem } from '../ops-problem.ts';

export function registerStreamRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config, logger } = deps;
  const open = new Set<ChangeStream>();
  let active = 0;
  // Closing the API ends every stream (their sockets close with the server).
  app.addHook('onClose', async () => {
    await Promise.all([...open].map((s) => s.close()));
  });

  app.get(
    '/v1/stream',
    {
      config: { role: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'Server-Sent Events of stock changes (event: stock), resumable with Last-Event-ID',
        querystring: Type.Object({
          sku: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          location: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          last_event_id: Type.Optional(Type.String({ maxLength: 65_536, description: 'as the Last-Event-ID header, for clients that cannot set it' })),
        }),
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 65_536 })) }),
        response: {
          200: {
            description: 'Server-Sent Events (text/event-stream): `event: stock`, `id: p<partition>:<offset>,…`, `data:` one change record',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          400: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const q = request.query as { sku?: string; location?: string; last_event_id?: string };
      const resumeFrom = (request.headers['last-event-id'] as string | undefined) ?? q.last_event_id;
      const position = resumeFrom === undefined ? new Map<number, bigint>() : parseStreamPosition(resumeFrom);
      if (position === undefined) {
        return sendProblem(reply, 400, { title: 'Bad Request', detail: 'Last-Event-ID is not an id this stream sent (form: p0:123,p3:45)' });
      }
      if (active >= config.http.maxStreams) {
        return sendProblem(reply.header('retry-after', '5'), 503, {
          title: 'Too many streams',
          detail: `${active} streams are open, the most this API serves at once (RFID_SSE_MAX_STREAMS=${config.http.maxStreams})`,
        });
      }
      active++;
      let stream: ChangeStream | undefined;
      let released = false;
      let heartbeat: NodeJS.Timeout | undefined;
      const release = async () => {
        if (released) return;
        released = true;
        active--;
        clearInterval(heartbeat);
        if (stream) {
          open.delete(stream);
          await stream.close();
        }
      };
      const res = reply.raw;
      // Listening from the start: a client that leaves while its consumer joins frees it too.
      res.on('close', () => void release());
      let records: AsyncIterable<{ partition: number; offset: bigint; key: Buffer; value: Buffer }>;
      try {
        const created = await createChangeStream(config, logger);
        if (released) {
          await created.close();
          reply.hijack();
          return;
        }
        stream = created;
        open.add(stream);
        for (const p of position.keys()) {
          if (p >= stream.end.length) {
            await release();
            return sendProblem(reply, 400, {
              title: 'Bad Request',
              detail: `Last-Event-ID names partition ${p}; ${config.topics.changes} has ${stream.end.length}`,
            });
          }
        }
        const offsets = resumeOffsets(position, stream.start, stream.end);
        // The position before the first record of each partition: what a resume with the id of
        // any later event needs for partitions that had nothing yet.
        for (const [p, offset] of offsets.entries()) position.set(p, offset - 1n);
        records = await stream.open(offsets);
        if (released) {
          reply.hijack();
          return;
        }
      } catch (error) {
        await release();
        if (isRfidError(error) && error.dependency === 'kafka') {
          request.log.warn({ err: describeError(error) }, 'stream: Kafka unavailable');
          return sendProblem(reply.header('retry-after', '5'), 503, { title: 'Kafka unavailable', detail: describeError(error) });
        }
        throw error;
      }

      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 2000\n: connected ${formatStreamPosition(position)}\n\n`);
      heartbeat = setInterval(() => res.write(': heartbeat\n\n'), config.http.streamHeartbeatMs);
      const wanted = (key: string) => {
        if (q.sku === undefined && q.location === undefined) return true;
        const cell = parseCellKey(key);
        return cell !== undefined && (q.sku === undefined || cell.sku === q.sku) && (q.location === undefined || cell.location === q.location);
      };
      try {
        for await (const m of records) {
          if (released) break;
          position.set(m.partition, m.offset);
          if (!wanted(m.key?.toString('utf8') ?? '')) continue;
          // JSON.stringify never emits a raw newline, so the record is one `data:` line.
          const ok = res.write(`id: ${formatStreamPosition(position)}\nevent: stock\ndata: ${m.value.toString('utf8')}\n\n`);
          if (!ok) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
        }
      } catch (error) {
        if (!released) request.log.warn({ err: describeError(error) }, 'stream: Kafka read failed; closing the stream (the client resumes with Last-Event-ID)');
      } finally {
        await release();
        res.end();
      }
    },
  );
}
