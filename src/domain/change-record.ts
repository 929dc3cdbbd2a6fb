/**
 * The change feed's record (`inventory_changes`, one per changed cell per batch, keyed
 * `sku|location`): the new absolute quantity, the delta, the version, and master-data names.
 *
 * A batch's records are encoded ONCE, as newline-separated JSON: the same bytes are the outbox
 * row (so a crash between commit and publication replays exactly what would have been sent) and,
 * sliced per line without copying, the Kafka message values. JSON.stringify never emits a raw
 * newline, so a newline always ends a record.
 *
 * @example
 * const payload = encodeChanges(cells, master)
 * splitChanges(payload)[0] // the bytes of the first cell's record
 * decodeChanges(payload)[0].qty_on_hand
 */
import type { ChangedCell } from './changed-cell.ts';
import type { MasterData } from './master-data.ts';

export interface ChangeRecord {
  sku: string;
  location: string;
  qty_on_hand: number;
  delta: number;
  version: number;
  events: number;
  updated_at: string;
  sku_name: string | null;
  category: string | null;
  location_name: string | null;
  warehouse: string | null;
  zone: string | null;
}

const NEWLINE = 0x0a;

function str(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : JSON.stringify(value);
}

/** One record as JSON text (field order fixed; built by hand: ~3× faster than JSON.stringify of an object). */
export function changeRecordJson(cell: ChangedCell, master: MasterData): string {
  const sku = master.skus.get(cell.sku);
  const location = master.locations.get(cell.location);
  return (
    `{"sku":${JSON.stringify(cell.sku)},"location":${JSON.stringify(cell.location)},"qty_on_hand":${cell.qty_on_hand}` +
    `,"delta":${cell.delta},"version":${cell.version},"events":${cell.events},"updated_at":${JSON.stringify(cell.updated_at)}` +
    `,"sku_name":${str(sku?.name)},"category":${str(sku?.category)},"location_name":${str(location?.name)}` +
    `,"warehouse":${str(location?.warehouse)},"zone":${str(location?.zone)}}`
  );
}

/** The batch's records, newline-separated, in the order of `cells`. */
export function encodeChanges(cells: readonly ChangedCell[], master: MasterData): Buffer {
  const lines = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) lines[i] = changeRecordJson(cells[i]!, master);
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Views (no copies) of each record's bytes in an encoded payload. */
export function splitChanges(payload: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < payload.length) {
    let end = payload.indexOf(NEWLINE, start);
    if (end < 0) end = payload.length;
    if (end > start) out.push(payload.subarray(start, end));
    start = end + 1;
  }
  return out;
}

export function decodeChanges(payload: Buffer): ChangeRecord[] {
  return splitChanges(payload).map((line) => JSON.parse(line.toString('utf8')) as ChangeRecord);
}
