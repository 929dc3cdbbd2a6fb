import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Consumer } from '@platformatic/kafka';
import { IngestWorker } from '../../src/ingest/worker.ts';
import { createIngestMetrics } from '../../src/ingest/metrics.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { readDlqHeaders } from '../../src/kafka/dead-letter.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import type { Redis } from '../../src/redis/client.ts';
import type { InventoryCache } from '../../src/redis/inventory-cache.ts';
import { verifyCache } from '../../src/cache/cache-sync.ts';
import { createLogger } from '../../src/logger.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';
import { oracle, produceRaw, randomEvents, toMessage, type TestEvent } from '../support/events.ts';
import { diffStock, redisVsPostgres, stockFromPostgres, waitUntilApplied } from '../support/pipeline-checks.ts';

const t = makeTestEnv('ingest', { RFID_BATCH_MAX_MESSAGES: '500', RFID_BATCH_MAX_WAIT_MS: '20' });
let services: Services;
let pool: Pool;
let redis: Redis;
let cache: InventoryCache;

before(async () => {
  services = await openServices(t);
  ({ pool, redis, cache } = services);
});
after(() => services.close());

function startWorker(workerId = 'w1') {
  const metrics = createIngestMetrics();
  const worker = new IngestWorker({
    config: { ...t.config, ingest: { ...t.config.ingest, workerId } },
    pool,
    cache,
    metrics,
    logger: createLogger('warn', 'ingest-test'),
  });
  void worker.run();
  return { worker, metrics };
}

const now = () => new Date().toISOString();
const ev = (over: Partial<TestEvent> = {}): TestEvent => ({
  event_id: randomUUID(),
  event_ts: now(),
  event_type: 'IN',
  sku: 'S1',
  location: 'L1',
  qty: 5,
  ...over,
});

test('applies events exactly once: duplicates within and across batches, a conflict, and every invalid category to the DLQ', async () => {
  const valid = randomEvents(3000, { seed: 7, skus: 30, locations: 4 });
  const conflictOriginal = ev({ sku: 'C', location: 'L', qty: 10 });
  const conflicting = { ...conflictOriginal, qty: 99 };
  const invalid: Array<[string, string]> = [
    ['NOT_JSON', '{oops'],
    ['NOT_OBJECT', '[1,2]'],
    ['MISSING_FIELD', JSON.stringify({ ...ev(), sku: undefined })],
    ['WRONG_TYPE', JSON.stringify({ ...ev(), qty: '5' })],
    ['BAD_UUID', JSON.stringify({ ...ev(), event_id: 'nope' })],
    ['UNKNOWN_EVENT_TYPE', JSON.stringify({ ...ev(), event_type: 'MOVE' })],
    ['QTY_ZERO', JSON.stringify({ ...ev(), qty: 0 })],
    ['QTY_WRONG_SIGN', JSON.stringify({ ...ev(), event_type: 'OUT', qty: -2 })],
    ['QTY_NOT_INTEGER', JSON.stringify({ ...ev(), qty: 2.5 })],
    ['QTY_OUT_OF_RANGE', JSON.stringify({ ...ev(), qty: 5_000_000 })],
    ['BAD_TIMESTAMP', JSON.stringify({ ...ev(), event_ts: 'yesterday' })],
    ['FUTURE_TIMESTAMP', JSON.stringify({ ...ev(), event_ts: new Date(Date.now() + 86_400_000).toISOString() })],
    ['FIELD_TOO_LONG', JSON.stringify({ ...ev(), sku: 'x'.repeat(200) })],
    ['MESSAGE_TOO_LARGE', JSON.stringify({ ...ev(), pad: 'x'.repeat(20_000) })],
  ];
  // Duplicates: 20% of the valid events again, some right after (same batch), some later.
  const dups = valid.filter((_, i) => i % 5 === 0);
  await produceRaw(t.config, [
    ...valid.slice(0, 1500).map(toMessage),
    ...dups.slice(0, 100).map(toMessage),
    toMessage(conflictOriginal),
    ...invalid.map(([code, value]) => ({ key: 'bad|key', value, headers: { 'x-origin': code } })),
  ]);
  const { worker, metrics } = startWorker();
  try {
    await waitUntilApplied(t.config, pool);
    await produceRaw(t.config, [...valid.slice(1500).map(toMessage), ...dups.map(toMessage), toMessage(conflicting)]);
    await waitUntilApplied(t.config, pool);
  } finally {
    await worker.stop();
  }
  const all = [...valid, conflictOriginal];
  const ledger = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
  assert.equal(ledger.rows[0]!.n, all.length);
  assert.deepEqual(diffStock(oracle(all), await stockFromPostgres(pool)), []);
  assert.deepEqual(await redisVsPostgres(pool, cache), []);
  assert.equal(await redis.get(`${t.config.redisPrefix}inv:C:L`), '10');

  const conflicts = await pool.query<{ event_id: string; received: { qty: number } }>('SELECT event_id, received FROM rfid_event_conflicts');
  assert.equal(conflicts.rowCount, 1);
  assert.equal(conflicts.rows[0]!.event_id, conflictOriginal.event_id);
  assert.equal(conflicts.rows[0]!.received.qty, 99);

  const dead = await pool.query<{ code: string }>('SELECT code FROM ingest_dead_letters ORDER BY source_offset');
  assert.deepEqual(dead.rows.map((r) => r.code).sort(), invalid.map(([c]) => c).sort());
  assert.equal((await metrics.registry.getSingleMetric('rfid_events_duplicate_total')!.get()).values[0]!.value, dups.length + 100);

  // The DLQ topic has every invalid message with its original value, headers and origin.
  const consumer = new Consumer({ ...kafkaClientOptions(t.config.kafka, 'test-dlq'), groupId: `dlq-${randomUUID()}` });
  const stream = await consumer.consume({ topics: [t.config.topics.dlq], mode: 'earliest', autocommit: false, maxWaitTime: 200 });
  const seen: Array<Record<string, string>> = [];
  for await (const m of stream) {
    const h = readDlqHeaders(m.headers);
    seen.push({ ...h, value: m.value.toString() });
    if (seen.length === invalid.length) break;
  }
  await stream.close();
  await consumer.close(true);
  for (const [code, value] of invalid) {
    const hit = seen.find((s) => s['rfid-dlq-code'] === code);
    assert.ok(hit, code);
    assert.equal(hit.value, value);
    assert.equal(hit['x-origin'], code);
    assert.equal(hit['rfid-origin-topic'], t.config.topics.events);
    assert.match(hit['rfid-origin-partition']!, /^\d+$/);
    assert.match(hit['rfid-origin-offset']!, /^\d+$/);
    assert.ok(hit['rfid-dlq-message']!.length > 0);
    assert.equal(hit['rfid-dlq-worker'], 'w1');
    assert.ok(Date.parse(hit['rfid-dlq-time']!) > 0);
    assert.ok(Date.parse(hit['rfid-origin-timestamp']!) > 0);
  }
});

test('Redis flushed mid-run: the worker notices and the cache is repaired', async () => {
  const { worker } = startWorker('w2');
  try {
    const events = randomEvents(500, { seed: 11, skus: 40, locations: 3 });
    await produceRaw(t.config, events.map(toMessage));
    await waitUntilApplied(t.config, pool);
    await cache.clear(); // what FLUSHALL does to our keys, without touching other test files' keys
    await produceRaw(t.config, randomEvents(50, { seed: 12, skus: 2, locations: 1 }).map(toMessage));
    await waitUntilApplied(t.config, pool);
    const deadline = Date.now() + 30_000;
    while ((await redisVsPostgres(pool, cache)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await worker.stop();
  }
  assert.deepEqual(await redisVsPostgres(pool, cache), []);
  assert.deepEqual((await verifyCache(pool, cache)).mismatches, []);
});
