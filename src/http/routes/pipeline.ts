/**
 * GET /v1/pipeline: where ingest stands (seed 002's Kafka UI, seed 004's lag). For each partition
 * of the events topic: log start and end, the offset Postgres stored (the truth: it moves with
 * the ledger in one transaction), the group's committed offset in Kafka, and lag = end − stored;
 * the group's members and their partitions; the sizes of the DLQ and change topics. Kafka must
 * answer within 5 s, else a 503 problem (Postgres alone cannot say what is left to apply).
 */
import { Admin } from '@platformatic/kafka';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { partitionLags } from '../../domain/pipeline-lag.ts';
import { describeError, isRfidError } from '../../errors.ts';
import { kafkaClientOptions } from '../../kafka/client-options.ts';
import { lazyClient } from '../../kafka/lazy-client.ts';
import { readGroup, readTopicsOffsets, type GroupInfo, type TopicOffsets } from '../../kafka/pipeline-status.ts';
import { readOffsets } from '../../postgres/ingest/advance-offsets.ts';
import { withTimeout } from '../../util/time-limits.ts';
import type { ApiDeps } from '../api-deps.ts';
import { ErrorResponse, sendProblem } from '../ops-problem.ts';

export const PIPELINE_TIMEOUT_MS = 5_000;

const PartitionLag = Type.Object({
  partition: Type.Integer(),
  log_start: Type.Integer(),
  log_end: Type.Integer(),
  stored_offset: Type.Union([Type.Integer(), Type.Null()]),
  committed_offset: Type.Union([Type.Integer(), Type.Null()]),
  lag: Type.Integer(),
  kafka_lag: Type.Integer(),
});
const TopicSize = Type.Object({
  topic: Type.String(),
  partitions: Type.Integer(),
  records: Type.Integer({ description: 'records currently held: Σ (log end − log start)' }),
  log_end_total: Type.Integer({ description: 'records ever written: Σ log end' }),
});
const PipelineStatus = Type.Object({
  checked_at: Type.String({ format: 'date-time' }),
  events: Type.Object({ topic: Type.String(), partitions: Type.Array(PartitionLag), lag: Type.Integer(), kafka_lag: Type.Integer() }),
  group: Type.Object({
    group_id: Type.String(),
    state: Type.String(),
    members: Type.Array(
      Type.Object({
        member_id: Type.String(),
        client_id: Type.String(),
        client_host: Type.String(),
        group_instance_id: Type.Union([Type.String(), Type.Null()]),
        partitions: Type.Array(Type.Integer()),
      }),
    ),
  }),
  dlq: TopicSize,
  changes: TopicSize,
});

function topicSize(t: TopicOffsets) {
  let records = 0n;
  let written = 0n;
  t.end.forEach((end, p) => {
    records += end - (t.start[p] ?? 0n);
    written += end;
  });
  return { topic: t.topic, partitions: t.end.length, records: Number(records), log_end_total: Number(written) };
}

export function registerPipelineRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { config, pool } = deps;
  // Short timeouts and no retries: the route answers within PIPELINE_TIMEOUT_MS either way.
  const admin = lazyClient(
    () => new Admin(kafkaClientOptions(config.kafka, 'api-pipeline', { connectTimeout: 3_000, requestTimeout: PIPELINE_TIMEOUT_MS, retries: 0 })),
  );
  app.addHook('onClose', () => admin.close());
  const { events, dlq, changes } = config.topics;
  const readKafkaOnce = async (): Promise<[TopicOffsets, GroupInfo, TopicOffsets, TopicOffsets]> => {
    const [offsets, group] = await Promise.all([readTopicsOffsets(admin.get(), [events, dlq, changes]), readGroup(admin.get(), config.groupId, events)]);
    return [offsets[0]!, group, offsets[1]!, offsets[2]!];
  };
  // Requests that arrive while Kafka is being asked share that answer (console tabs polling
  // together cost one round, not one each); nothing older than the round in flight is reused.
  let inFlight: ReturnType<typeof readKafkaOnce> | undefined;
  const readKafka = () => {
    inFlight ??= readKafkaOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  app.get(
    '/v1/pipeline',
    {
      config: { role: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'ingest lag per partition (Kafka log end vs Postgres stored offset), group members, DLQ and change topic sizes',
        response: { 200: PipelineStatus, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const stored = readOffsets(pool, events);
      let kafka: Awaited<ReturnType<typeof readKafka>>;
      try {
        kafka = await withTimeout(readKafka(), PIPELINE_TIMEOUT_MS, 'Kafka');
      } catch (error) {
        stored.catch(() => {});
        if (!isRfidError(error) || !['TIMEOUT', 'KAFKA_UNAVAILABLE', 'KAFKA_FAILED'].includes(error.code)) throw error;
        request.log.warn({ err: describeError(error) }, 'pipeline: Kafka did not answer');
        // A client that waited 5 s for nothing should not come back at once with the same question.
        await admin.close();
        return sendProblem(reply.header('retry-after', '5'), 503, {
          title: 'Kafka unavailable',
          detail: `Kafka at ${config.kafka.brokers.join(',')} did not answer within ${PIPELINE_TIMEOUT_MS / 1000} s: ${describeError(error)}`,
        });
      }
      const [eventOffsets, group, dlqOffsets, changeOffsets] = kafka;
      const partitions = partitionLags(eventOffsets.start, eventOffsets.end, await stored, group.committed);
      return {
        checked_at: new Date().toISOString(),
        events: { topic: events, partitions, lag: partitions.reduce((s, p) => s + p.lag, 0), kafka_lag: partitions.reduce((s, p) => s + p.kafka_lag, 0) },
        group: { group_id: group.group_id, state: group.state, members: group.members },
        dlq: topicSize(dlqOffsets),
        changes: topicSize(changeOffsets),
      };
    },
  );
}
