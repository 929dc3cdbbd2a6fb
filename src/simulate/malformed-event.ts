/**
 * The bytes of a malformed event for one DLQ code: a valid-looking event (`base`) bent in exactly
 * the way the code names, so the ingest rules reject it with that code. `n` (the count of
 * malformed messages so far) keeps each one unique. Pure.
 *
 * @example
 * malformedValue('QTY_ZERO', base, { n: 0, nowMs: Date.now(), maxMessageBytes: 16_384 }) // '{"…","event_type":"ADJUST","qty":0}'
 */
import { LIMITS, type InvalidCode } from '../domain/rfid-event.ts';

export function malformedValue(code: InvalidCode, base: Record<string, unknown>, context: { n: number; nowMs: number; maxMessageBytes: number }): string {
  const { n, nowMs, maxMessageBytes } = context;
  const sku = String(base.sku);
  const location = String(base.location);
  switch (code) {
    case 'MESSAGE_TOO_LARGE':
      return JSON.stringify({ ...base, padding: 'x'.repeat(maxMessageBytes) });
    case 'NOT_JSON':
      return `{"event_id": truncated garbage #${n}`;
    case 'NOT_OBJECT':
      return JSON.stringify([n, sku, location]);
    case 'MISSING_FIELD':
      delete base.sku;
      return JSON.stringify(base);
    case 'WRONG_TYPE':
      return JSON.stringify({ ...base, qty: '5' });
    case 'BAD_UUID':
      return JSON.stringify({ ...base, event_id: `not-a-uuid-${n}` });
    case 'UNKNOWN_EVENT_TYPE':
      return JSON.stringify({ ...base, event_type: 'MOVE' });
    case 'QTY_ZERO':
      return JSON.stringify({ ...base, event_type: 'ADJUST', qty: 0 });
    case 'QTY_WRONG_SIGN':
      return JSON.stringify({ ...base, event_type: 'OUT', qty: -3 });
    case 'QTY_NOT_INTEGER':
      return JSON.stringify({ ...base, qty: 2.5 });
    case 'QTY_OUT_OF_RANGE':
      return JSON.stringify({ ...base, qty: LIMITS.qtyMaxAbs * 5 });
    case 'BAD_TIMESTAMP':
      return JSON.stringify({ ...base, event_ts: 'yesterday afternoon' });
    case 'FUTURE_TIMESTAMP':
      return JSON.stringify({ ...base, event_ts: new Date(nowMs + 2 * 86_400_000).toISOString() });
    case 'FIELD_TOO_LONG':
      return JSON.stringify({ ...base, sku: `${sku}-${'X'.repeat(LIMITS.skuMaxLength)}` });
    case 'FIELD_EMPTY':
      return JSON.stringify({ ...base, location: '' });
  }
}
