/**
 * Stock as of an instant T (DESIGN.md §4): Σ deltas of the ledger events with event_ts ≤ T,
 * answered from the nearest trusted snapshot plus the ledger since. Pure parts: reading T,
 * which snapshot days can describe T, where the ledger part starts, and the sum.
 *
 * A snapshot of day D holds every event before the end of D (`dayEndMs(D)`, the first instant of
 * D+1), so it can stand for T only if dayEndMs(D) ≤ T, i.e. D ≤ the day before T's business day;
 * the ledger part is then [dayEndMs(D), T].
 *
 * @example
 * const at = parseInstant('2026-03-08T12:00:00-05:00') // { ms, sql: '2026-03-08T17:00:00.000000Z' }
 * lastSnapshotDayFor(at.ms, 'America/New_York') // '2026-03-07'
 */
import { addDays, businessDayOf, dayEndMs, type Day } from './business-day.ts';
import { TS_PATTERN } from './rfid-event.ts';

const TS_RE = new RegExp(TS_PATTERN);
const PARTS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

/**
 * An ISO-8601 instant with an offset, checked to be a real calendar time in years 1000–9999; `sql` is its exact
 * UTC text to the microsecond (what the ledger stores), `ms` for day arithmetic. Undefined when
 * the text is not such an instant.
 *
 * @example
 * parseInstant('2026-02-30T00:00:00Z') // undefined (no such day)
 * parseInstant('2026-01-01T09:00:00.1234567+09:00')?.sql // '2026-01-01T00:00:00.123456Z'
 */
export function parseInstant(text: string): { ms: number; sql: string } | undefined {
  if (text.length > 40 || !TS_RE.test(text)) return undefined;
  const p = PARTS_RE.exec(text);
  if (p === null) return undefined;
  const [y, mo, d, h, mi, s] = [p[1], p[2], p[3], p[4], p[5], p[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const probe = new Date(0);
  probe.setUTCFullYear(y, mo - 1, d);
  // Years 1000–9999: the day arithmetic and Postgres' date range both hold there (Postgres has no year 0).
  if (y < 1000 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  // Date keeps milliseconds; the ledger keeps microseconds: carry digits 4–6 of the fraction.
  const micro = ((p[7] ?? '') + '000000').slice(3, 6);
  return { ms, sql: `${new Date(ms).toISOString().slice(0, 23)}${micro}Z` };
}

/**
 * The latest business day whose snapshot can describe instant `atMs`: the day before its own.
 *
 * @example
 * lastSnapshotDayFor(Date.parse('2026-06-02T00:00:00Z'), 'UTC') // '2026-06-01' (it ended exactly then)
 */
export function lastSnapshotDayFor(atMs: number, timeZone: string): Day {
  return addDays(businessDayOf(atMs, timeZone), -1);
}

/**
 * Where the ledger part starts after a snapshot of `day`: the end of that day, as UTC ISO text.
 *
 * @example
 * ledgerStartAfter('2026-06-01', 'Asia/Seoul') // '2026-06-01T15:00:00.000Z'
 */
export function ledgerStartAfter(day: Day, timeZone: string): string {
  return new Date(dayEndMs(day, timeZone)).toISOString();
}
