/** The DLQ record of a rejected message: every header, the original headers, key and value bytes. Pure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RejectedRecord } from '../../src/domain/ingest-batch.ts';
import { DLQ_HEADERS, deadLetterMessage, readDlqHeaders } from '../../src/kafka/dead-letter.ts';

const NOW = new Date(Date.UTC(2026, 10, 23, 18, 45, 1, 234));

const rejected: RejectedRecord = {
  record: {
    partition: 7,
    offset: 9_007_199_254_740_993n,
    timestamp: 1_763_900_000_123n,
    key: Buffer.from('SKU-1|창고-1'),
    value: Buffer.from([0x7b, 0xff, 0x00, 0xfe, 0x7d]), // not UTF-8: must stay byte for byte
  },
  error: { code: 'BAD_UUID', field: 'event_id', message: 'event_id "x" is not a UUID — 잘못된 값' },
  eventId: null,
};

test('builds every header and keeps the original headers, key and value bytes', () => {
  const original = new Map([
    [Buffer.from('trace-id'), Buffer.from('abc-123')],
    [Buffer.from('binary'), Buffer.from([0x00, 0xff])],
  ]);
  const message = deadLetterMessage(rejected, { dlqTopic: 'events_dlq', originTopic: 'events', workerId: 'worker-3', now: NOW, originalHeaders: original });
  assert.equal(message.topic, 'events_dlq');
  assert.deepEqual(message.key, rejected.record.key);
  assert.deepEqual(message.value, rejected.record.value);

  const headers = new Map([...message.headers].map(([k, v]) => [k.toString('utf8'), v]));
  assert.equal(headers.size, 11);
  assert.deepEqual(headers.get('trace-id'), Buffer.from('abc-123'));
  assert.deepEqual(headers.get('binary'), Buffer.from([0x00, 0xff]));
  const text = (name: string) => headers.get(name)?.toString('utf8');
  assert.equal(text('rfid-dlq-code'), 'BAD_UUID');
  assert.equal(text('rfid-dlq-message'), 'event_id "x" is not a UUID — 잘못된 값');
  assert.equal(text('rfid-dlq-field'), 'event_id');
  assert.equal(text('rfid-origin-topic'), 'events');
  assert.equal(text('rfid-origin-partition'), '7');
  assert.equal(text('rfid-origin-offset'), '9007199254740993');
  assert.equal(text('rfid-origin-timestamp'), '2025-11-23T12:13:20.123Z');
  assert.equal(text('rfid-dlq-worker'), 'worker-3');
  assert.equal(text('rfid-dlq-time'), '2026-11-23T18:45:01.234Z');
  // The caller's map is not modified.
  assert.equal(original.size, 2);
});

test('without a field, original headers, key or value: no field header, undefined key and value', () => {
  const bare: RejectedRecord = {
    record: { partition: 0, offset: 0n, timestamp: 0n, key: null, value: null },
    error: { code: 'NOT_JSON', message: 'empty message (no value)' },
    eventId: null,
  };
  const message = deadLetterMessage(bare, { dlqTopic: 'd', originTopic: 'o', workerId: 'w', now: NOW });
  assert.equal(message.key, undefined);
  assert.equal(message.value, undefined);
  const headers = readDlqHeaders(message.headers);
  assert.deepEqual(headers, {
    'rfid-dlq-code': 'NOT_JSON',
    'rfid-dlq-message': 'empty message (no value)',
    'rfid-origin-topic': 'o',
    'rfid-origin-partition': '0',
    'rfid-origin-offset': '0',
    'rfid-origin-timestamp': '1970-01-01T00:00:00.000Z',
    'rfid-dlq-worker': 'w',
    'rfid-dlq-time': '2026-11-23T18:45:01.234Z',
  });
});

test('readDlqHeaders round-trips the headers, from Buffer maps and from string maps', () => {
  const message = deadLetterMessage(rejected, {
    dlqTopic: 'd',
    originTopic: 'events',
    workerId: 'worker-3',
    now: NOW,
    originalHeaders: new Map([[Buffer.from('trace-id'), Buffer.from('t-1')]]),
  });
  const expected = {
    'trace-id': 't-1',
    [DLQ_HEADERS.code]: 'BAD_UUID',
    [DLQ_HEADERS.message]: rejected.error.message,
    [DLQ_HEADERS.field]: 'event_id',
    [DLQ_HEADERS.topic]: 'events',
    [DLQ_HEADERS.partition]: '7',
    [DLQ_HEADERS.offset]: '9007199254740993',
    [DLQ_HEADERS.timestamp]: '2025-11-23T12:13:20.123Z',
    [DLQ_HEADERS.worker]: 'worker-3',
    [DLQ_HEADERS.time]: '2026-11-23T18:45:01.234Z',
  };
  assert.deepEqual(readDlqHeaders(message.headers), expected);
  // A consumer that decoded headers as strings.
  const asStrings = new Map([...message.headers].map(([k, v]) => [k.toString(), v.toString()]));
  assert.deepEqual(readDlqHeaders(asStrings), expected);
});
