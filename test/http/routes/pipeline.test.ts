/**
 * GET /v1/pipeline against real Kafka and Postgres: after a worker applied the first part of the
 * topic and stopped, the lag of each partition equals what was produced to it since (counted here
 * from the keys, independently of the pipeline), and Kafka-side figures are shown beside it.
 * Kafka not answering gives a 503 problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi } from '../../../src/http/api-server.ts';
import { IngestWorker } from '../../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../../src/ingest/metrics.ts';
import { keyPartition } from '../../../src/kafka/key-partition.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { useListeningApi } from '../../support/api.ts';
import { makeTestEnv } from '../../support/test-env.ts';
import { produceRaw, randomEvents, toMessage } from '../../support/events.ts';
import { logEndOffsets, waitUntilApplied } from '../../support/pipeline-checks.ts';

const t = makeTestEnv('pipeline', { RFID_AUTH: 'off', RFID_BATCH_MAX_MESSAGES: '500', RFID_BATCH_MAX_WAIT_MS: '20', RFID_EVENTS_PARTITIONS: '4' });
const api = useListeningApi(t);

test('lag per partition = records produced after the worker stopped; Kafka committed offsets and topic sizes beside it', async () => {
  const first = randomEvents(800, { seed: 21, skus: 40, locations: 4 });
  await produceRaw(t.config, [...first.map(toMessage), { key: 'bad|key', value: '{oops' }]);
  const worker = new IngestWorker({
    config: { ...t.config, ingest: { ...t.config.ingest, workerId: 'pw1' } },
    pool: api.services.pool,
    cache: api.services.cache,
    metrics: createIngestMetrics(),
    logger: createLogger('warn', 'pipeline-test'),
  });
  void worker.run();
  try {
    await waitUntilApplied(t.config, api.services.pool);
    // While the worker runs it is a member of the group, with all four partitions.
    const live = (await (await fetch(`${api.base}/v1/pipeline`)).json()) as { group: { members: Array<{ client_id: string; partitions: number[] }> } };
    assert.equal(live.group.members.length, 1);
    assert.deepEqual(live.group.members[0]!.partitions, [0, 1, 2, 3]);
  } finally {
    await worker.stop();
  }
  const second = randomEvents(300, { seed: 22, skus: 40, locations: 4 });
  await produceRaw(t.config, second.map(toMessage));
  const expected = [0, 0, 0, 0];
  for (const m of second.map(toMessage)) expected[keyPartition(Buffer.from(m.key), 4)]!++;

  const res = await fetch(`${api.base}/v1/pipeline`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    events: {
      topic: string;
      lag: number;
      partitions: Array<{ partition: number; log_end: number; stored_offset: number; committed_offset: number | null; lag: number; kafka_lag: number }>;
    };
    group: { group_id: string; members: unknown[] };
    dlq: { records: number };
    changes: { records: number; partitions: number };
  };
  assert.equal(body.events.topic, t.config.topics.events);
  assert.deepEqual(
    body.events.partitions.map((p) => p.lag),
    expected,
  );
  assert.equal(body.events.lag, 300);
  const ends = await logEndOffsets(t.config);
  for (const p of body.events.partitions) {
    assert.equal(p.log_end, Number(ends.get(p.partition)));
    assert.equal(p.lag, p.log_end - p.stored_offset);
    // Kafka's committed offset never runs ahead of Postgres.
    if (p.committed_offset !== null) assert.ok(p.committed_offset <= p.stored_offset);
  }
  assert.equal(body.group.group_id, t.config.groupId);
  assert.equal(body.group.members.length, 0);
  assert.equal(body.dlq.records, 1);
  assert.equal(body.changes.partitions, 4);
  assert.ok(body.changes.records > 0);
});

test('Kafka not answering: 503 problem', async () => {
  const config = loadConfig({ ...t.env, KAFKA_BROKERS: '127.0.0.1:1' });
  const down = await buildApi({
    config,
    pool: api.services.pool,
    events: api.producer,
    redis: api.services.redis,
    logger: createLogger('silent', 'pipeline-test'),
  });
  try {
    const res = await down.inject({ method: 'GET', url: '/v1/pipeline' });
    assert.equal(res.statusCode, 503);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
    const problem = res.json() as { title: string; status: number; detail: string };
    assert.equal(problem.status, 503);
    assert.match(problem.detail, /127\.0\.0\.1:1/);
  } finally {
    await down.close();
  }
});
