/** How `rfid tail` shows a record: one readable line, or one JSON line. Pure. */
import { decodeEvent, type ValidationLimits } from '../domain/rfid-event.ts';

export interface TailRecord {
  partition: number;
  offset: bigint;
  timestamp: bigint;
  key: string | null;
  value: Buffer | null;
}

export interface TailFilter {
  sku?: string;
  location?: string;
}

export type TailLine = { show: false } | { show: true; text: string };

export function formatRecord(record: TailRecord, options: { json: boolean; filter: TailFilter; nowMs: number; limits: ValidationLimits }): TailLine {
  const decoded = decodeEvent(record.value, options.nowMs, options.limits);
  const where = `p${record.partition}@${record.offset}`;
  if (!decoded.ok) {
    // Invalid records are shown unless a filter is set (they have no trustworthy sku/location).
    if (options.filter.sku || options.filter.location) return { show: false };
    const raw = record.value ? record.value.toString('utf8').slice(0, 200) : '<null>';
    if (options.json) {
      return { show: true, text: JSON.stringify({ partition: record.partition, offset: String(record.offset), invalid: decoded.error, raw }) };
    }
    return { show: true, text: `${where}  INVALID ${decoded.error.code}: ${decoded.error.message}  raw=${JSON.stringify(raw)}` };
  }
  const e = decoded.event;
  if (options.filter.sku && e.sku !== options.filter.sku) return { show: false };
  if (options.filter.location && e.location !== options.filter.location) return { show: false };
  if (options.json) {
    return { show: true, text: JSON.stringify({ partition: record.partition, offset: String(record.offset), event: { ...e, eventTimeMs: undefined } }) };
  }
  const sign = e.event_type === 'OUT' ? '-' : e.event_type === 'IN' ? '+' : e.qty > 0 ? '+' : '';
  const extras = [e.device_id ? `device=${e.device_id}` : '', e.ref_event_id ? `ref=${e.ref_event_id}` : ''].filter(Boolean).join(' ');
  return {
    show: true,
    text: `${where}  ${e.event_ts}  ${e.event_type.padEnd(6)} ${`${sign}${Math.abs(e.qty)}`.padStart(7)}  ${e.sku} @ ${e.location}  ${e.event_id}${extras ? `  ${extras}` : ''}`,
  };
}
