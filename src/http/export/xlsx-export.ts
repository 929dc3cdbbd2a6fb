/**
 * Streams rows as an Excel workbook (exceljs' streaming WorkbookWriter): a bold, frozen header
 * row, integers as numbers, timestamps as Excel dates showing the wall clock of RFID_TIMEZONE
 * (Excel dates have no zone; the header names it). Rows are committed as they are written, and
 * each page waits until the compressor and the output have caught up, so memory stays at about one
 * page whatever the row count (bench/export-memory.ts). A sheet holds at most
 * 1,048,576 rows: beyond, the rows continue on a new sheet.
 *
 * @example
 * await writeXlsx(columns, pages, reply.raw, { sheetName: 'events', timeZone: 'Asia/Seoul' })
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { wallClockMs } from '../../domain/business-day.ts';
import type { ExportColumn, ExportValue, RowPages } from './export-columns.ts';

export const XLSX_MAX_DATA_ROWS = 1_048_575;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';
const DAY_FORMAT = 'yyyy-mm-dd';
const WIDTHS: Record<string, number> = { timestamp: 24, day: 12, integer: 12, number: 12, boolean: 8 };
// A zone's offset changes only at quarter-hour instants: one Intl lookup per 15 minutes of data.
const OFFSET_BUCKET_MS = 900_000;

/** Instant → a Date whose UTC fields are the wall clock in `timeZone`, with a per-bucket cache. */
export function wallClockDates(timeZone: string): (instant: Date) => Date {
  if (timeZone === 'UTC') return (d) => d;
  const offsets = new Map<number, number>();
  return (instant) => {
    const ms = instant.getTime();
    const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      if (offsets.size > 10_000) offsets.clear();
      offset = wallClockMs(bucket * OFFSET_BUCKET_MS, timeZone) - bucket * OFFSET_BUCKET_MS;
      offsets.set(bucket, offset);
    }
    return new Date(ms + offset);
  };
}

/** Most sheet XML left waiting for the zip compressor before writing pauses. */
const ZIP_BACKLOG_BYTES = 1_048_576;

/**
 * Waits while the sheet's XML waits for the compressor. exceljs (4.4, pinned) hands each sheet
 * to archiver through a stream that ignores backpressure, and a row is XML long before it is
 * deflated: without this wait the whole sheet piled up in memory (1M ledger rows: API peak RSS
 * 827 MiB, most of it outside the V8 heap). The stream archiver reads from is the sheet stream's
 * first pipe; if a later exceljs changes that shape, the wait does nothing (and the test of
 * bench/export-memory.ts shows it).
 */
async function zipBacklogDrained(sheet: unknown, output: Writable): Promise<void> {
  const pipe = (sheet as { stream?: { pipes?: Array<NodeJS.EventEmitter & { _writableState?: { length?: number } }> } }).stream?.pipes?.[0];
  const waiting = pipe?._writableState?.length;
  if (pipe === undefined || typeof waiting !== 'number' || waiting <= ZIP_BACKLOG_BYTES) return;
  await Promise.race([once(pipe, 'drain'), once(output, 'close')]);
}

export async function writeXlsx<R>(
  columns: readonly ExportColumn<R>[],
  pages: RowPages<R>,
  output: Writable,
  options: { sheetName: string; timeZone: string },
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const toWallClock = wallClockDates(options.timeZone);
  // A business day is already a date in the zone: midnight UTC shows as that date, unshifted.
  const cellOf = columns.map((c) => (c.kind === 'day' ? (v: ExportValue) => (typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v) : undefined));
  let sheets = 0;
  const addSheet = () => {
    sheets++;
    const sheet = workbook.addWorksheet(sheets === 1 ? options.sheetName : `${options.sheetName} (${sheets})`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      header: c.kind === 'timestamp' ? `${c.header} (${options.timeZone})` : c.header,
      key: c.header,
      width: c.width ?? WIDTHS[c.kind] ?? 20,
      ...(c.kind === 'timestamp' ? { style: { numFmt: DATE_FORMAT } } : c.kind === 'day' ? { style: { numFmt: DAY_FORMAT } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  let sheet = addSheet();
  let rowsInSheet = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (rowsInSheet === XLSX_MAX_DATA_ROWS) {
        sheet.commit();
        sheet = addSheet();
        rowsInSheet = 0;
      }
      sheet
        .addRow(
          columns.map((c, i) => {
            const v = c.value(row);
            if (v instanceof Date) return toWallClock(v);
            return cellOf[i] ? cellOf[i](v) : v;
          }),
        )
        .commit();
      rowsInSheet++;
    }
    if (output.destroyed) throw new Error('the client went away: export stopped');
    await zipBacklogDrained(sheet, output);
    if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), once(output, 'close')]);
  }
  sheet.commit();
  await workbook.commit();
}
