/**
 * CSV columns → event fields (seed 004's upload, done properly). Pure: header matching with the
 * common aliases people use in spreadsheets, and one row turned into the value the shared event
 * validator checks.
 *
 * @example
 * const columns = resolveColumns(['Event ID', 'timestamp', 'type', 'item', 'bin', 'quantity'])
 * rowToCandidate(columns, ['', '2026-11-20T09:00:00Z', 'in', 'SKU-1', 'A-01', '12'], () => 'generated-id')
 */
import { RfidError } from '../errors.ts';

export const EVENT_COLUMNS = ['event_id', 'event_ts', 'event_type', 'sku', 'location', 'qty', 'device_id', 'ref_event_id'] as const;
export type EventColumn = (typeof EVENT_COLUMNS)[number];

/** Accepted header names per field, after normalising (lower case, spaces and dashes → `_`). */
export const COLUMN_ALIASES: Record<EventColumn, readonly string[]> = {
  event_id: ['event_id', 'id', 'eventid', 'uuid'],
  event_ts: ['event_ts', 'timestamp', 'ts', 'time', 'event_time', 'datetime', 'occurred_at'],
  event_type: ['event_type', 'type', 'eventtype', 'movement', 'direction'],
  sku: ['sku', 'item', 'sku_code', 'product', 'product_code', 'item_code'],
  location: ['location', 'loc', 'location_code', 'bin', 'place'],
  qty: ['qty', 'quantity', 'count', 'amount', 'units'],
  device_id: ['device_id', 'device', 'reader', 'reader_id'],
  ref_event_id: ['ref_event_id', 'ref', 'ref_id', 'corrects', 'reference_event_id'],
};

const REQUIRED_COLUMNS: readonly EventColumn[] = ['event_ts', 'event_type', 'sku', 'location', 'qty'];

export type ColumnMap = Partial<Record<EventColumn, number>>;

export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Finds each field's column; a missing required column fails the whole file with what was found. */
export function resolveColumns(header: readonly string[]): ColumnMap {
  const normalised = header.map(normaliseHeader);
  const map: ColumnMap = {};
  for (const field of EVENT_COLUMNS) {
    const index = normalised.findIndex((h) => COLUMN_ALIASES[field].includes(h));
    if (index >= 0) map[field] = index;
  }
  const missing = REQUIRED_COLUMNS.filter((f) => map[f] === undefined);
  if (missing.length > 0) {
    throw new RfidError('INVALID_INPUT', `the CSV header lacks column(s) ${missing.join(', ')}; found: ${header.join(', ') || '(empty header)'}`, {
      hint: `name the columns ${REQUIRED_COLUMNS.join(', ')} (optional: event_id, device_id, ref_event_id); aliases such as timestamp, type, item, bin, quantity work too`,
    });
  }
  return map;
}

/**
 * One row as the object the event validator checks. Empty cells are absent fields; numbers are
 * parsed only when they look like numbers (so `abc` stays a string and fails as WRONG_TYPE);
 * event types are upper-cased; a space between date and time is read as `T`. A row without an
 * event_id gets `generatedId()`.
 */
export function rowToCandidate(columns: ColumnMap, row: readonly string[], generatedId: () => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of EVENT_COLUMNS) {
    const index = columns[field];
    if (index === undefined) continue;
    const cell = row[index]?.trim();
    if (cell === undefined || cell === '') continue;
    switch (field) {
      case 'qty':
        out.qty = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : cell;
        break;
      case 'event_type':
        out.event_type = cell.toUpperCase();
        break;
      case 'event_ts':
        out.event_ts = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(cell) ? cell.replace(' ', 'T') : cell;
        break;
      default:
        out[field] = cell;
    }
  }
  if (out.event_id === undefined) out.event_id = generatedId();
  return out;
}
