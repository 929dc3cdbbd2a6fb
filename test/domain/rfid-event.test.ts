import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEvent, deltaOf, validateEvent, type InvalidCode } from '../../src/domain/rfid-event.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const good = {
  event_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  event_ts: '2026-06-01T09:00:00+09:00',
  event_type: 'IN',
  sku: 'SKU-1',
  location: 'WH1-A',
  qty: 5,
  device_id: 'reader-7',
};

test('a valid event is normalised', () => {
  const r = decodeEvent(Buffer.from(JSON.stringify(good)), NOW);
  assert.ok(r.ok);
  assert.equal(r.event.event_id, '3f2504e0-4f89-11d3-9a0c-0305e82c3301');
  assert.equal(r.event.eventTimeMs, Date.parse('2026-06-01T00:00:00Z'));
  assert.equal(r.event.ref_event_id, null);
});

test('delta: IN +qty, OUT −qty, ADJUST signed', () => {
  assert.equal(deltaOf({ event_type: 'IN', qty: 4 }), 4);
  assert.equal(deltaOf({ event_type: 'OUT', qty: 4 }), -4);
  assert.equal(deltaOf({ event_type: 'ADJUST', qty: -3 }), -3);
  assert.equal(deltaOf({ event_type: 'ADJUST', qty: 3 }), 3);
});

const cases: Array<[string, unknown, InvalidCode, string?]> = [
  ['not JSON', '{"event_id":', 'NOT_JSON'],
  ['an array', [good], 'NOT_OBJECT'],
  ['a number', 42, 'NOT_OBJECT'],
  ['missing sku', { ...good, sku: undefined }, 'MISSING_FIELD', 'sku'],
  ['null qty', { ...good, qty: null }, 'MISSING_FIELD', 'qty'],
  ['qty as string', { ...good, qty: '5' }, 'WRONG_TYPE', 'qty'],
  ['sku as number', { ...good, sku: 12 }, 'WRONG_TYPE', 'sku'],
  ['bad uuid', { ...good, event_id: 'not-a-uuid' }, 'BAD_UUID', 'event_id'],
  ['bad ref uuid', { ...good, ref_event_id: 'nope' }, 'BAD_UUID', 'ref_event_id'],
  ['unknown type', { ...good, event_type: 'MOVE' }, 'UNKNOWN_EVENT_TYPE', 'event_type'],
  ['lower-case type', { ...good, event_type: 'in' }, 'UNKNOWN_EVENT_TYPE', 'event_type'],
  ['qty zero', { ...good, qty: 0 }, 'QTY_ZERO', 'qty'],
  ['adjust zero', { ...good, event_type: 'ADJUST', qty: 0 }, 'QTY_ZERO', 'qty'],
  ['negative IN', { ...good, qty: -1 }, 'QTY_WRONG_SIGN', 'qty'],
  ['negative OUT', { ...good, event_type: 'OUT', qty: -1 }, 'QTY_WRONG_SIGN', 'qty'],
  ['fractional qty', { ...good, qty: 1.5 }, 'QTY_NOT_INTEGER', 'qty'],
  ['huge qty', { ...good, qty: 1e12 }, 'QTY_OUT_OF_RANGE', 'qty'],
  ['no offset in ts', { ...good, event_ts: '2026-06-01T09:00:00' }, 'BAD_TIMESTAMP', 'event_ts'],
  ['garbage ts', { ...good, event_ts: 'yesterday' }, 'BAD_TIMESTAMP', 'event_ts'],
  ['impossible ts', { ...good, event_ts: '2026-13-45T00:00:00Z' }, 'BAD_TIMESTAMP', 'event_ts'],
  ['future ts', { ...good, event_ts: '2026-06-02T12:00:00Z' }, 'FUTURE_TIMESTAMP', 'event_ts'],
  ['long sku', { ...good, sku: 'x'.repeat(65) }, 'FIELD_TOO_LONG', 'sku'],
  ['long location', { ...good, location: 'x'.repeat(65) }, 'FIELD_TOO_LONG', 'location'],
  ['empty location', { ...good, location: '' }, 'FIELD_EMPTY', 'location'],
];

for (const [name, value, code, field] of cases) {
  test(`invalid: ${name} → ${code}`, () => {
    const r = typeof value === 'string' ? decodeEvent(value, NOW) : validateEvent(value, NOW);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, code, r.error.message);
    if (field) assert.equal(r.error.field, field);
    assert.ok(r.error.message.length > 0);
  });
}

test('oversized message is rejected before parsing', () => {
  const big = JSON.stringify({ ...good, device_id: 'x'.repeat(100) });
  const r = decodeEvent(big, NOW, { maxMessageBytes: 64, maxFutureSkewMs: 0 });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'MESSAGE_TOO_LARGE');
});

test('null value (tombstone) is invalid, not a crash', () => {
  const r = decodeEvent(null, NOW);
  assert.equal(r.ok, false);
});

test('unknown extra fields are accepted and ignored', () => {
  const r = validateEvent({ ...good, reader_rssi: -40 }, NOW);
  assert.ok(r.ok);
  assert.equal('reader_rssi' in r.event, false);
});
