/**
 * The RFID event (DESIGN.md §3–4): its schema, the rules that decide whether it can be applied,
 * and its stock delta. Pure: no I/O. One definition shared by ingest, HTTP, CSV import, simulator
 * and `rfid tail`.
 *
 * @example
 * const r = decodeEvent(Buffer.from('{"event_id":"…","event_ts":"2026-01-01T00:00:00Z",…}'), Date.now())
 * if (r.ok) deltaOf(r.event) // +qty for IN
 */
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';

export const EVENT_TYPES = ['IN', 'OUT', 'ADJUST'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const LIMITS = {
  skuMaxLength: 64,
  locationMaxLength: 64,
  deviceIdMaxLength: 128,
  /** qty is stored as Postgres int; one event moves at most a million units. */
  qtyMaxAbs: 1_000_000,
} as const;

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
// ISO-8601 date-time with an explicit offset (Z or ±hh:mm), as DESIGN.md requires.
export const TS_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+-]\\d{2}:?\\d{2})$';

export const RfidEventSchema = Type.Object(
  {
    event_id: Type.String({ pattern: UUID_PATTERN, description: 'UUID of the event; the idempotency key' }),
    event_ts: Type.String({ pattern: TS_PATTERN, maxLength: 40, description: 'when the reader saw it, ISO-8601 with offset' }),
    event_type: Type.Union([Type.Literal('IN'), Type.Literal('OUT'), Type.Literal('ADJUST')]),
    sku: Type.String({ minLength: 1, maxLength: LIMITS.skuMaxLength }),
    location: Type.String({ minLength: 1, maxLength: LIMITS.locationMaxLength }),
    qty: Type.Integer({ minimum: -LIMITS.qtyMaxAbs, maximum: LIMITS.qtyMaxAbs, description: 'IN/OUT: > 0; ADJUST: signed, ≠ 0' }),
    device_id: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.deviceIdMaxLength }), Type.Null()])),
    ref_event_id: Type.Optional(Type.Union([Type.String({ pattern: UUID_PATTERN }), Type.Null()])),
  },
  // Unknown fields are allowed (readers add their own) and ignored.
  { additionalProperties: true },
);

export type RfidEventInput = Static<typeof RfidEventSchema>;

/** A validated event, normalised: lower-case UUIDs, parsed time, nulls for absent optionals. */
export interface RfidEvent {
  event_id: string;
  event_ts: string;
  eventTimeMs: number;
  event_type: EventType;
  sku: string;
  location: string;
  qty: number;
  device_id: string | null;
  ref_event_id: string | null;
}

export const INVALID_CODES = [
  'MESSAGE_TOO_LARGE',
  'NOT_JSON',
  'NOT_OBJECT',
  'MISSING_FIELD',
  'WRONG_TYPE',
  'BAD_UUID',
  'UNKNOWN_EVENT_TYPE',
  'QTY_ZERO',
  'QTY_WRONG_SIGN',
  'QTY_NOT_INTEGER',
  'QTY_OUT_OF_RANGE',
  'BAD_TIMESTAMP',
  'FUTURE_TIMESTAMP',
  'FIELD_TOO_LONG',
  'FIELD_EMPTY',
] as const;
export type InvalidCode = (typeof INVALID_CODES)[number];

export interface Invalid {
  code: InvalidCode;
  field?: string;
  message: string;
}

export type DecodeResult = { ok: true; event: RfidEvent } | { ok: false; error: Invalid };

export interface ValidationLimits {
  maxMessageBytes: number;
  maxFutureSkewMs: number;
}

export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = { maxMessageBytes: 16_384, maxFutureSkewMs: 300_000 };

const validator = Compile(RfidEventSchema);
const REQUIRED = ['event_id', 'event_ts', 'event_type', 'sku', 'location', 'qty'] as const;
const UUID_RE = new RegExp(UUID_PATTERN);
const TS_RE = new RegExp(TS_PATTERN);

export function deltaOf(event: Pick<RfidEvent, 'event_type' | 'qty'>): number {
  return event.event_type === 'OUT' ? -event.qty : event.qty;
}

/** Decodes raw message bytes (a Kafka value) into a valid event or the first reason it is not one. */
export function decodeEvent(bytes: Uint8Array | string | null | undefined, nowMs: number, limits: ValidationLimits = DEFAULT_VALIDATION_LIMITS): DecodeResult {
  if (bytes === null || bytes === undefined) return fail('NOT_JSON', 'empty message (no value)');
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > limits.maxMessageBytes) return fail('MESSAGE_TOO_LARGE', `message is ${size} bytes; the limit is ${limits.maxMessageBytes}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    return fail('NOT_JSON', `not valid JSON: ${(error as Error).message}`);
  }
  return validateEvent(parsed, nowMs, limits);
}

/** Validates an already-parsed value (HTTP bodies, CSV rows). */
export function validateEvent(value: unknown, nowMs: number, limits: ValidationLimits = DEFAULT_VALIDATION_LIMITS): DecodeResult {
  // Fast path: the compiled schema check; the field-by-field diagnosis runs only for bad input.
  if (!validator.Check(value)) {
    return { ok: false, error: diagnose(value) };
  }
  const input = value as RfidEventInput;
  const eventTimeMs = Date.parse(input.event_ts);
  if (!Number.isFinite(eventTimeMs)) return fail('BAD_TIMESTAMP', `event_ts ${JSON.stringify(input.event_ts)} is not a real date-time`, 'event_ts');
  if (eventTimeMs > nowMs + limits.maxFutureSkewMs) {
    return fail('FUTURE_TIMESTAMP', `event_ts ${input.event_ts} is more than ${Math.round(limits.maxFutureSkewMs / 1000)} s in the future`, 'event_ts');
  }
  const qtyProblem = qtyRule(input.event_type, input.qty);
  if (qtyProblem) return { ok: false, error: qtyProblem };
  return {
    ok: true,
    event: {
      event_id: input.event_id.toLowerCase(),
      event_ts: input.event_ts,
      eventTimeMs,
      event_type: input.event_type,
      sku: input.sku,
      location: input.location,
      qty: input.qty,
      device_id: input.device_id ?? null,
      ref_event_id: input.ref_event_id ? input.ref_event_id.toLowerCase() : null,
    },
  };
}

function qtyRule(type: EventType, qty: number): Invalid | undefined {
  if (qty === 0) return { code: 'QTY_ZERO', field: 'qty', message: `qty must not be 0 for ${type}` };
  if (type !== 'ADJUST' && qty < 0)
    return { code: 'QTY_WRONG_SIGN', field: 'qty', message: `qty must be > 0 for ${type} (got ${qty}); use ADJUST for signed corrections` };
  return undefined;
}

function fail(code: InvalidCode, message: string, field?: string): DecodeResult {
  return { ok: false, error: field === undefined ? { code, message } : { code, field, message } };
}

/** Explains why `value` failed the schema, with the most specific code (slow path, bad input only). */
function diagnose(value: unknown): Invalid {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { code: 'NOT_OBJECT', message: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  const v = value as Record<string, unknown>;
  for (const field of REQUIRED) {
    if (!(field in v) || v[field] === undefined || v[field] === null) return { code: 'MISSING_FIELD', field, message: `${field} is required` };
  }
  for (const field of ['event_id', 'event_ts', 'event_type', 'sku', 'location'] as const) {
    if (typeof v[field] !== 'string') return { code: 'WRONG_TYPE', field, message: `${field} must be a string, got ${typeof v[field]}` };
  }
  for (const field of ['device_id', 'ref_event_id'] as const) {
    if (v[field] !== undefined && v[field] !== null && typeof v[field] !== 'string')
      return { code: 'WRONG_TYPE', field, message: `${field} must be a string or null, got ${typeof v[field]}` };
  }
  if (!UUID_RE.test(v.event_id as string)) return { code: 'BAD_UUID', field: 'event_id', message: `event_id ${JSON.stringify(v.event_id)} is not a UUID` };
  if (typeof v.ref_event_id === 'string' && !UUID_RE.test(v.ref_event_id))
    return { code: 'BAD_UUID', field: 'ref_event_id', message: `ref_event_id ${JSON.stringify(v.ref_event_id)} is not a UUID` };
  if (!(EVENT_TYPES as readonly string[]).includes(v.event_type as string)) {
    return { code: 'UNKNOWN_EVENT_TYPE', field: 'event_type', message: `event_type ${JSON.stringify(v.event_type)} is not one of ${EVENT_TYPES.join(', ')}` };
  }
  const ts = v.event_ts as string;
  if (ts.length > 40 || !TS_RE.test(ts))
    return {
      code: 'BAD_TIMESTAMP',
      field: 'event_ts',
      message: `event_ts ${JSON.stringify(ts.slice(0, 60))} is not ISO-8601 with an offset (e.g. 2026-01-31T09:15:00+09:00)`,
    };
  for (const [field, max] of [
    ['sku', LIMITS.skuMaxLength],
    ['location', LIMITS.locationMaxLength],
  ] as const) {
    const s = v[field] as string;
    if (s.length === 0) return { code: 'FIELD_EMPTY', field, message: `${field} must not be empty` };
    if (s.length > max) return { code: 'FIELD_TOO_LONG', field, message: `${field} is ${s.length} characters; at most ${max}` };
  }
  if (typeof v.device_id === 'string' && v.device_id.length > LIMITS.deviceIdMaxLength) {
    return { code: 'FIELD_TOO_LONG', field: 'device_id', message: `device_id is ${v.device_id.length} characters; at most ${LIMITS.deviceIdMaxLength}` };
  }
  const qty = v.qty;
  if (typeof qty !== 'number') return { code: 'WRONG_TYPE', field: 'qty', message: `qty must be an integer number, got ${typeof qty}` };
  if (!Number.isInteger(qty)) return { code: 'QTY_NOT_INTEGER', field: 'qty', message: `qty must be a whole number, got ${qty}` };
  if (Math.abs(qty) > LIMITS.qtyMaxAbs) return { code: 'QTY_OUT_OF_RANGE', field: 'qty', message: `qty ${qty} is outside ±${LIMITS.qtyMaxAbs}` };
  // The schema rejected it for a reason not listed above; say what the validator says.
  const first = validator.Errors(value)[0];
  return {
    code: 'WRONG_TYPE',
    ...(first ? { field: first.instancePath.replace(/^\//, '') } : {}),
    message: first?.message ?? 'does not match the event schema',
  };
}

/** The canonical JSON of an event as the ledger stores it (for conflicts and the change feed). */
export function eventToJson(event: RfidEvent): Record<string, unknown> {
  return {
    event_id: event.event_id,
    event_ts: new Date(event.eventTimeMs).toISOString(),
    event_type: event.event_type,
    sku: event.sku,
    location: event.location,
    qty: event.qty,
    device_id: event.device_id,
    ref_event_id: event.ref_event_id,
  };
}
