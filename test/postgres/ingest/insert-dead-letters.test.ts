/** insertDeadLetters against the real schema: the exact record of each rejected message, once per source offset. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RejectedRecord } from '../../../src/domain/ingest-batch.ts';
import { insertDeadLetters } from '../../../src/postgres/ingest/insert-dead-letters.ts';
import { withTransaction } from '../../../src/postgres/transaction.ts';
import { useServices } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('insertdeadletters');
const services = useServices(t);

interface DeadLetterRow {
  source_topic: string;
  source_partition: number;
  source_offset: string;
  code: string;
  message: string;
  event_id: string | null;
  record_key: Buffer | null;
  record_value: Buffer | null;
  record_ts: Date | null;
  worker_id: string;
}

async function rows(): Promise<DeadLetterRow[]> {
  const result = await services.pool.query<DeadLetterRow>(
    `SELECT source_topic, source_partition, source_offset::text, code, message, event_id, record_key, record_value, record_ts, worker_id
     FROM ingest_dead_letters ORDER BY source_topic, source_partition, source_offset`,
  );
  return result.rows;
}

const rejected: RejectedRecord[] = [
  {
    record: {
      partition: 0,
      offset: 12n,
      timestamp: 1_763_900_000_123n,
      key: Buffer.from('SKU-1|창고-1'),
      value: Buffer.from('{"event_id":"7C9E6679-7425-40de-944b-e07fc1f90ae7","qty":0}'),
    },
    error: { code: 'QTY_ZERO', field: 'qty', message: 'qty must not be 0 for IN' },
    eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  },
  {
    // Not UTF-8, no key: stored byte for byte.
    record: { partition: 3, offset: 9_007_199_254_740_993n, timestamp: 946_684_799_999n, key: null, value: Buffer.from([0xff, 0x00, 0xfe, 0x0a, 0x80]) },
    error: { code: 'NOT_JSON', message: 'not valid JSON: Unexpected token' },
    eventId: null,
  },
  {
    record: { partition: 1, offset: 0n, timestamp: 1_763_900_000_000n, key: Buffer.alloc(0), value: null },
    error: { code: 'NOT_JSON', message: 'empty message (no value) — 값 없음' },
    eventId: null,
  },
];

function expected(topic: string, worker: string): DeadLetterRow[] {
  return rejected
    .map((r) => ({
      source_topic: topic,
      source_partition: r.record.partition,
      source_offset: String(r.record.offset),
      code: r.error.code,
      message: r.error.message,
      event_id: r.eventId,
      record_key: r.record.key,
      record_value: r.record.value,
      record_ts: new Date(Number(r.record.timestamp)),
      worker_id: worker,
    }))
    .sort((a, b) => a.source_partition - b.source_partition);
}

test('stores each rejected record exactly; inserting the same offsets again adds nothing', async () => {
  assert.equal(await withTransaction(services.pool, (c) => insertDeadLetters(c, 'events-topic', 'worker-a', rejected)), 3);
  assert.deepEqual(await rows(), expected('events-topic', 'worker-a'));
  // A second worker redelivered the same batch: the first record stays as it was.
  assert.equal(await withTransaction(services.pool, (c) => insertDeadLetters(c, 'events-topic', 'worker-b', rejected)), 0);
  assert.deepEqual(await rows(), expected('events-topic', 'worker-a'));
});

test('an empty list inserts nothing', async () => {
  assert.equal(await withTransaction(services.pool, (c) => insertDeadLetters(c, 'events-topic', 'worker-a', [])), 0);
});

test('the original headers are kept byte for byte (base64 pairs); a record without headers stores null', async () => {
  const headers = new Map<Buffer, Buffer>([
    [Buffer.from('x-reader'), Buffer.from('RD-7')],
    [Buffer.from('bin'), Buffer.from([0xff, 0x00])],
  ]);
  const withHeaders: RejectedRecord[] = [
    {
      record: { partition: 5, offset: 1n, timestamp: 1_763_900_000_000n, key: null, value: Buffer.from('x'), headers } as RejectedRecord['record'],
      error: { code: 'NOT_JSON', message: 'bad' },
      eventId: null,
    },
    {
      record: { partition: 5, offset: 2n, timestamp: 1_763_900_000_000n, key: null, value: Buffer.from('y') },
      error: { code: 'NOT_JSON', message: 'bad' },
      eventId: null,
    },
  ];
  await withTransaction(services.pool, (c) => insertDeadLetters(c, 'headers-topic', 'worker-h', withHeaders));
  const { rows: stored } = await services.pool.query<{ record_headers: Array<[string, string]> | null }>(
    `SELECT record_headers FROM ingest_dead_letters WHERE source_topic = 'headers-topic' ORDER BY source_offset`,
  );
  assert.deepEqual(
    stored[0]!.record_headers!.map(([k, v]) => [Buffer.from(k, 'base64').toString(), [...Buffer.from(v, 'base64')]]),
    [
      ['x-reader', [...Buffer.from('RD-7')]],
      ['bin', [0xff, 0x00]],
    ],
  );
  assert.equal(stored[1]!.record_headers, null);
});
