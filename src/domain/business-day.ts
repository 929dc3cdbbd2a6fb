/**
 * Business days in an IANA time zone. "Daily" in this product means the calendar day in
 * `RFID_TIMEZONE` (DESIGN.md §4), never the server's local time, so every day boundary is computed
 * from the zone's rules (via `Intl`), and a day may last 23, 24 or 25 hours across a DST change.
 *
 * Days are plain `'YYYY-MM-DD'` strings: they compare and sort as strings, and day arithmetic
 * (`addDays`, `daysBetween`) is calendar arithmetic, independent of any zone.
 *
 * @example
 * businessDayOf(Date.parse('2026-06-01T23:30:00Z'), 'Asia/Seoul') // '2026-06-02'
 * dayStartMs('2026-03-08', 'America/New_York') // Date.parse('2026-03-08T05:00:00Z')
 * dayEndMs('2026-03-08', 'America/New_York') - dayStartMs('2026-03-08', 'America/New_York') // 23 h
 */
import { RfidError } from '../errors.ts';

export type Day = string;

const MS_PER_DAY = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// One formatter per zone: building an Intl.DateTimeFormat costs ~50 µs, formatting ~1 µs.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (cause) {
      throw new RfidError('INVALID_INPUT', `unknown IANA time zone '${timeZone}'`, { cause, hint: 'e.g. UTC, Europe/Berlin, Asia/Seoul' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone, as a "local epoch" (ms as if the wall clock were UTC). */
function localEpochMs(instantMs: number, timeZone: string): number {
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
        y = Number(part.value);
        break;
      case 'month':
        mo = Number(part.value);
        break;
      case 'day':
        d = Number(part.value);
        break;
      case 'hour':
        h = Number(part.value);
        break;
      case 'minute':
        mi = Number(part.value);
        break;
      case 'second':
        s = Number(part.value);
        break;
    }
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const local = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  local.setUTCFullYear(y);
  return local.getTime() + (((instantMs % 1000) + 1000) % 1000);
}

/**
 * The wall clock of an instant in `timeZone` as ms since 1970 read as if that wall clock were UTC
 * (what a spreadsheet cell without a zone should show).
 *
 * @example
 * new Date(wallClockMs(Date.parse('2026-06-01T23:30:00Z'), 'Asia/Seoul')).toISOString() // '2026-06-02T08:30:00.000Z'
 */
export function wallClockMs(instantMs: number, timeZone: string): number {
  return localEpochMs(instantMs, timeZone);
}

/** The zone's offset from UTC at an instant, in ms (local − UTC). */
function offsetMs(instantMs: number, timeZone: string): number {
  return localEpochMs(instantMs, timeZone) - instantMs;
}

// Day ↔ days since 1970-01-01 by integer arithmetic (H. Hinnant's civil calendar algorithms):
// no Date object, ~20× cheaper than toISOString, which matters at one stockout date per cell.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): Day {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RfidError('INVALID_INPUT', `day number ${z} is outside years 0000–9999`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day, checked to be a real calendar day. */
function dayNumber(day: Day): number {
  const m = DAY_RE.exec(day);
  if (m === null) throw new RfidError('INVALID_INPUT', `'${day}' is not a day in the form YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const n = daysFromCivil(y, mo, d);
  if (mo < 1 || mo > 12 || d < 1 || civilFromDays(n) !== day) throw new RfidError('INVALID_INPUT', `'${day}' is not a calendar day`);
  return n;
}

function formatUtcDay(utcMidnightMs: number): Day {
  return civilFromDays(Math.floor(utcMidnightMs / MS_PER_DAY));
}

/**
 * The business day (in `timeZone`) that contains an instant.
 *
 * @example
 * businessDayOf(Date.parse('2026-11-01T04:30:00Z'), 'America/New_York') // '2026-11-01' (00:30 EDT)
 */
export function businessDayOf(instantMs: number, timeZone: string): Day {
  const local = localEpochMs(instantMs, timeZone);
  return formatUtcDay(local - (((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY));
}

/**
 * The first instant of a business day in `timeZone`: local midnight, or where a zone skips
 * midnight (a DST jump at 00:00, e.g. America/Santiago), the instant the day begins.
 * Where local midnight happens twice (a fall-back over midnight), the earlier one.
 *
 * @example
 * dayStartMs('2026-06-01', 'Asia/Seoul') // Date.parse('2026-05-31T15:00:00Z')
 */
export function dayStartMs(day: Day, timeZone: string): number {
  const midnight = dayNumber(day) * MS_PER_DAY; // local midnight as a local epoch
  // The offset on either side of the day; a transition near midnight lies between them.
  const before = offsetMs(midnight - MS_PER_DAY, timeZone);
  const after = offsetMs(midnight + MS_PER_DAY, timeZone);
  let first = Number.POSITIVE_INFINITY;
  for (const candidate of before === after ? [midnight - before] : [midnight - before, midnight - after]) {
    if (localEpochMs(candidate, timeZone) === midnight && candidate < first) first = candidate;
  }
  if (first !== Number.POSITIVE_INFINITY) return first;
  // Midnight does not exist: find the first instant whose local time is on or after it.
  let lo = midnight - Math.max(before, after) - MS_PER_DAY;
  let hi = midnight - Math.min(before, after) + MS_PER_DAY;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localEpochMs(mid, timeZone) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The first instant after a business day: the start of the next day. A DST day is 23 or 25 h long.
 *
 * @example
 * dayEndMs('2026-11-01', 'America/New_York') - dayStartMs('2026-11-01', 'America/New_York') // 90_000_000 (25 h)
 */
export function dayEndMs(day: Day, timeZone: string): number {
  return dayStartMs(addDays(day, 1), timeZone);
}

/**
 * Calendar arithmetic on days.
 *
 * @example
 * addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(day: Day, n: number): Day {
  if (!Number.isInteger(n)) throw new RfidError('INVALID_INPUT', `addDays needs a whole number of days, got ${n}`);
  return civilFromDays(dayNumber(day) + n);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween('2026-03-01', '2026-03-08') // 7
 */
export function daysBetween(from: Day, to: Day): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Every day from `from` to `to`, both included, in order; empty when `to` is before `from`.
 *
 * @example
 * dayRange('2026-03-07', '2026-03-09') // ['2026-03-07', '2026-03-08', '2026-03-09']
 */
export function dayRange(from: Day, to: Day): Day[] {
  const start = dayNumber(from);
  const count = dayNumber(to) - start + 1;
  const out: Day[] = [];
  for (let i = 0; i < count; i++) out.push(civilFromDays(start + i));
  return out;
}

/**
 * Whether `Intl` knows an IANA zone name (for validating `RFID_TIMEZONE` once at start).
 *
 * @example
 * isValidTimeZone('Asia/Seoul') // true
 * isValidTimeZone('Mars/Olympus') // false
 */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}
