import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { RfidError } from '../../errors.ts';
import { createPool, type Pool } from '../../postgres/pool.ts';
import type { LocationInfo, SkuInfo } from '../../domain/master-data.ts';
import { upsertLocations, upsertSkus } from '../../postgres/master-data.ts';
import { cliContext, say } from '../context.ts';

const CHUNK = 5000;

function optionalInt(value: string | undefined, column: string, line: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^-?\d+$/.test(value.trim())) throw new RfidError('INVALID_INPUT', `line ${line}: ${column} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** Streams a CSV file with a header row, upserting in chunks. Returns rows loaded. */
async function loadCsv<T>(
  file: string,
  key: string,
  toRow: (r: Record<string, string>, line: number) => T,
  upsert: (rows: T[]) => Promise<number>,
): Promise<number> {
  const parser = createReadStream(file).pipe(
    parse({ columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true }),
  );
  let chunk: T[] = [];
  let total = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (!record[key]) throw new RfidError('INVALID_INPUT', `${file} line ${info.lines}: the ${key} column is missing or empty`);
    chunk.push(toRow(record, info.lines));
    if (chunk.length >= CHUNK) {
      total += await upsert(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) total += await upsert(chunk);
  return total;
}

export async function loadSkuCsv(pool: Pool, file: string): Promise<number> {
  return loadCsv<SkuInfo>(
    file,
    'sku',
    (r, line) => ({
      sku: r.sku!,
      name: text(r.name),
      category: text(r.category),
      lead_time_days: optionalInt(r.lead_time_days, 'lead_time_days', line),
      reorder_point: optionalInt(r.reorder_point, 'reorder_point', line),
      reorder_qty: optionalInt(r.reorder_qty, 'reorder_qty', line),
    }),
    (rows) => upsertSkus(pool, rows),
  );
}

export async function loadLocationCsv(pool: Pool, file: string): Promise<number> {
  return loadCsv<LocationInfo>(
    file,
    'location',
    (r) => ({ location: r.location!, name: text(r.name), warehouse: text(r.warehouse), zone: text(r.zone) }),
    (rows) => upsertLocations(pool, rows),
  );
}

export function registerMasterData(program: Command): void {
  const md = program.command('masterdata').description('SKU and location master data used to enrich the change feed');
  md.command('load')
    .description('upsert master data from CSV files (header row required)')
    .option('--skus <file>', 'CSV with columns sku,name,category,lead_time_days,reorder_point,reorder_qty')
    .option('--locations <file>', 'CSV with columns location,name,warehouse,zone')
    .action(async (options: { skus?: string; locations?: string }) => {
      if (!options.skus && !options.locations) throw new RfidError('INVALID_INPUT', 'give --skus FILE and/or --locations FILE');
      const { config } = cliContext('masterdata');
      const pool = createPool(config.databaseUrl, { max: 2, applicationName: 'rfid-masterdata' });
      try {
        if (options.skus) say(`✔ ${await loadSkuCsv(pool, options.skus)} SKUs loaded from ${options.skus}`);
        if (options.locations) say(`✔ ${await loadLocationCsv(pool, options.locations)} locations loaded from ${options.locations}`);
      } finally {
        await pool.end();
      }
    });
}
