/**
 * Korean and English. Korean is the default when the browser's language is ko; the choice is
 * kept in localStorage. Numbers and dates go through Intl in the chosen locale, and times are
 * shown in the business time zone the API reports (`GET /v1/meta`).
 */
import { en } from './i18n-en.ts';
import { ko } from './i18n-ko.ts';
import { addDays, businessDayOf, wallClockMs } from '../../src/domain/business-day.ts';

export type Lang = 'ko' | 'en';
export type MessageKey = keyof typeof en;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ko };

export function initialLang(): Lang {
  const saved = localStorage.getItem('rfid.lang');
  if (saved === 'ko' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

let current: Lang = initialLang();
let timeZone = 'UTC';
let numberFormat = new Intl.NumberFormat(current);
let decimalFormat = new Intl.NumberFormat(current, { maximumFractionDigits: 2 });

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem('rfid.lang', lang);
  document.documentElement.lang = lang;
  numberFormat = new Intl.NumberFormat(lang);
  decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
}

export function getLang(): Lang {
  return current;
}

export function setTimeZone(zone: string): void {
  timeZone = zone;
}

export function getTimeZone(): string {
  return timeZone;
}

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : numberFormat.format(n);
}

export function fmtNum(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : decimalFormat.format(n);
}

/** An instant (ISO text) as date and time in the business time zone, in the current locale. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { timeZone, dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' }).format(d);
}

/** A business day (YYYY-MM-DD) in the current locale (the day itself, no zone shift). */
export function fmtDay(day: string | null | undefined): string {
  if (!day) return '—';
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(current, { timeZone: 'UTC', dateStyle: 'medium' }).format(d);
}

/** Today as a business day (YYYY-MM-DD) in the business time zone. */
export function todayInZone(offsetDays = 0): string {
  return addDays(businessDayOf(Date.now(), timeZone), offsetDays);
}

/** The offset (ms) of the business zone from UTC at instant `ms` (the server's own zone math). */
function zoneOffsetMs(ms: number): number {
  return wallClockMs(ms, timeZone) - ms;
}

/** A wall-clock time `YYYY-MM-DDTHH:MM[:SS]` in the business zone → the ISO instant (UTC). */
export function zonedToIso(local: string): string {
  const wall = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  // Two passes settle the offset also next to a DST change.
  let ms = wall - zoneOffsetMs(wall);
  ms = wall - zoneOffsetMs(ms);
  return new Date(ms).toISOString();
}

/** An instant → wall-clock `YYYY-MM-DDTHH:MM:SS` in the business zone (for datetime-local inputs). */
export function isoToZoned(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffsetMs(ms)).toISOString().slice(0, 19);
}
