/**
 * Every list route exports: for each list (with a filter, and the big ones across several
 * 5,000-row export pages), `?format=csv` parsed back and `?format=xlsx` read back with exceljs'
 * reader hold exactly the rows of the JSON list walked page by page, in the same order, under the
 * expected header; XLSX cells are typed (numbers, booleans, timestamps as dates showing the wall
 * clock of RFID_TIMEZONE, business days as dates) below a frozen header. `Accept` picks a format
 * too, and the answer is an attachment named after the list.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { allPages, openApi, type TestApi } from '../../support/api.ts';
import { seedEveryList } from '../../support/list-export-data.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const ZONE_OFFSET_MS = 9 * 3_600_000; // Asia/Seoul: UTC+9 all year
const t = makeTestEnv('listexport', { RFID_RATE_LIMIT_PER_MIN: '0', RFID_TIMEZONE: 'Asia/Seoul' });
let services: Services;
let api: TestApi;
let key: string;
const AS_OF = '2026-11-01T12:00:00Z';

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  key = await api.key('read');
  await seedEveryList(services.pool, t.config.topics.events);
});
after(async () => {
  await api.close();
  await services.close();
});

type Kind = 't' | 'i' | 'n' | 'b' | 'ts' | 'd' | 'json';
interface ListCase {
  path: string;
  file: string;
  sheet: string;
  /** `header:kind` in order. */
  columns: string;
  /** At least this many rows (a check that the case tests something). */
  min: number;
}

const CASES: ListCase[] = [
  {
    path: '/v1/inventory',
    file: 'rfid-inventory',
    sheet: 'inventory',
    min: 5500,
    columns: 'sku:t location:t qty_on_hand:i version:i updated_at:ts last_event_ts:ts warehouse:t zone:t reorder_point:i',
  },
  {
    path: '/v1/inventory?location=L-1&negative=true',
    file: 'rfid-inventory',
    sheet: 'inventory',
    min: 100,
    columns: 'sku:t location:t qty_on_hand:i version:i updated_at:ts last_event_ts:ts warehouse:t zone:t reorder_point:i',
  },
  {
    path: `/v1/inventory/as-of?location=L-1&at=${encodeURIComponent(AS_OF)}`,
    file: 'rfid-inventory-as-of',
    sheet: 'inventory as of',
    min: 12,
    columns: 'sku:t location:t at:ts qty_on_hand:i snapshot_date:d ledger_events:i',
  },
  {
    path: '/v1/events?sku=S-0003&type=IN',
    file: 'rfid-events',
    sheet: 'events',
    min: 5,
    columns: 'event_id:t event_ts:ts event_type:t sku:t location:t qty:i device_id:t ref_event_id:t ingested_ts:ts source_partition:i source_offset:i',
  },
  {
    path: '/v1/events?order=asc',
    file: 'rfid-events',
    sheet: 'events',
    min: 300,
    columns: 'event_id:t event_ts:ts event_type:t sku:t location:t qty:i device_id:t ref_event_id:t ingested_ts:ts source_partition:i source_offset:i',
  },
  {
    path: '/v1/snapshots?location=L-2&from=2026-11-02',
    file: 'rfid-snapshots',
    sheet: 'snapshots',
    min: 4,
    columns: 'date:d sku:t location:t qty_on_hand:i computed_at:ts',
  },
  {
    path: '/v1/forecasts?method=ses',
    file: 'rfid-forecasts',
    sheet: 'forecasts',
    min: 6,
    columns: 'date:d sku:t location:t method:t forecast_qty:n origin_day:d computed_at:ts',
  },
  {
    path: '/v1/forecast-accuracy?location=L-1',
    file: 'rfid-forecast-accuracy',
    sheet: 'forecast-accuracy',
    min: 6,
    columns: 'sku:t location:t method:t origin_day:d wape:n mase:n bias:n points:i origins:i chosen_by_auto:b computed_at:ts',
  },
  {
    path: '/v1/reorder',
    file: 'rfid-reorder',
    sheet: 'reorder',
    min: 6,
    columns:
      'day:d sku:t location:t on_hand:i mean_daily:n sd_daily:n lead_time_days:i service_level:n z:n safety_stock:n reorder_point:n days_of_cover:n stockout_date:d below_reorder_point:b computed_at:ts',
  },
  {
    path: '/v1/alerts?status=all',
    file: 'rfid-alerts',
    sheet: 'alerts',
    min: 5200,
    columns: 'id:i kind:t subject:t status:t details:json opened_at:ts last_seen_at:ts acknowledged_at:ts acknowledged_by:t resolved_at:ts',
  },
  {
    path: '/v1/alerts?rule=below_reorder_point',
    file: 'rfid-alerts',
    sheet: 'alerts',
    min: 1000,
    columns: 'id:i kind:t subject:t status:t details:json opened_at:ts last_seen_at:ts acknowledged_at:ts acknowledged_by:t resolved_at:ts',
  },
  {
    path: '/v1/dlq?code=QTY_ZERO',
    file: 'dead-letters',
    sheet: 'dead letters',
    min: 2,
    columns: 'id:i code:t message:t event_id:t origin_topic:t origin_partition:i origin_offset:i record_time:ts detected_at:ts worker_id:t replays:i',
  },
  {
    path: '/v1/conflicts?status=all',
    file: 'rfid-conflicts',
    sheet: 'conflicts',
    min: 3,
    columns: 'id:i event_id:t received:json applied:json origin_topic:t origin_partition:i origin_offset:i detected_at:ts resolved_at:ts resolution_note:t',
  },
  {
    path: '/v1/jobs?job=forecast',
    file: 'rfid-jobs',
    sheet: 'job runs',
    min: 3,
    columns: 'id:i job:t day:d trigger:t status:t attempt:i worker_id:t started_at:ts finished_at:ts duration_ms:i rows:n error:t',
  },
];

const columnsOf = (c: ListCase) => c.columns.split(' ').map((s) => s.split(':') as [string, Kind]);

/** A JSON item's value under an export header (`origin_x` is the nested `origin.x`). */
function jsonValue(item: Record<string, unknown>, header: string): unknown {
  if (header.startsWith('origin_') && typeof item.origin === 'object' && item.origin !== null)
    return (item.origin as Record<string, unknown>)[header.slice('origin_'.length)];
  return item[header];
}

function csvText(v: unknown, kind: Kind): string {
  if (v === null || v === undefined) return '';
  if (kind === 'ts') return new Date(v as string).toISOString();
  if (kind === 'json') return JSON.stringify(v);
  return String(v);
}

function checkXlsxCell(cell: ExcelJS.Cell, v: unknown, kind: Kind, where: string): void {
  if (v === null || v === undefined) {
    assert.equal(cell.type, ExcelJS.ValueType.Null, where);
    return;
  }
  switch (kind) {
    case 'i':
    case 'n':
      assert.equal(cell.type, ExcelJS.ValueType.Number, where);
      assert.equal(cell.value, v, where);
      break;
    case 'b':
      assert.equal(cell.type, ExcelJS.ValueType.Boolean, where);
      assert.equal(cell.value, v, where);
      break;
    case 'ts':
      assert.equal(cell.type, ExcelJS.ValueType.Date, where);
      assert.equal((cell.value as Date).getTime(), new Date(v as string).getTime() + ZONE_OFFSET_MS, where);
      break;
    case 'd':
      assert.equal(cell.type, ExcelJS.ValueType.Date, where);
      assert.equal((cell.value as Date).toISOString().slice(0, 10), v, where);
      assert.equal(cell.numFmt, 'yyyy-mm-dd', where);
      break;
    case 'json':
      assert.deepEqual(JSON.parse(cell.value as string), v, where);
      break;
    default:
      assert.equal(cell.type, ExcelJS.ValueType.String, where);
      assert.equal(cell.value, v, where);
  }
}

const withFormat = (path: string, format: string) => `${path}${path.includes('?') ? '&' : '?'}format=${format}`;

for (const c of CASES) {
  test(`${c.path}: CSV and XLSX hold the JSON list's rows, header and types`, async () => {
    const items = await allPages<Record<string, unknown>>(api, c.path, key, 1000);
    assert.ok(items.length >= c.min, `${c.path}: ${items.length} rows, expected at least ${c.min}`);
    const columns = columnsOf(c);

    const csvRes = await api.get(withFormat(c.path, 'csv'), key);
    assert.equal(csvRes.statusCode, 200, csvRes.body.slice(0, 300));
    assert.match(String(csvRes.headers['content-type']), /^text\/csv/);
    assert.equal(csvRes.headers['content-disposition'], `attachment; filename="${c.file}.csv"`);
    const records = parse(csvRes.body) as string[][];
    assert.deepEqual(
      records[0],
      columns.map(([h]) => h),
    );
    assert.equal(records.length - 1, items.length);
    assert.deepEqual(
      records.slice(1),
      items.map((item) => columns.map(([h, kind]) => csvText(jsonValue(item, h), kind))),
    );

    const xlsxRes = await api.get(withFormat(c.path, 'xlsx'), key);
    assert.equal(xlsxRes.statusCode, 200);
    assert.equal(xlsxRes.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(xlsxRes.headers['content-disposition'], `attachment; filename="${c.file}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxRes.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(c.sheet);
    assert.ok(sheet, `sheet ${c.sheet}`);
    assert.deepEqual(
      sheet.views.map((v) => [v.state, (v as { ySplit?: number }).ySplit]),
      [['frozen', 1]],
    );
    assert.deepEqual(
      (sheet.getRow(1).values as unknown[]).slice(1),
      columns.map(([h, kind]) => (kind === 'ts' ? `${h} (Asia/Seoul)` : h)),
    );
    assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
    assert.equal(sheet.actualRowCount, items.length + 1);
    for (const [i, item] of items.entries()) {
      const row = sheet.getRow(i + 2);
      for (const [j, [h, kind]] of columns.entries()) checkXlsxCell(row.getCell(j + 1), jsonValue(item, h), kind, `${c.path} row ${i + 1} ${h}`);
    }
  });
}

test('Accept picks the format; format=json and no Accept stay JSON; every exportable list documents the formats in OpenAPI', async () => {
  const csv = await api.get('/v1/jobs', key, { accept: 'text/csv' });
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.equal((parse(csv.body) as string[][])[0]![0], 'id');
  const xlsx = await api.get('/v1/snapshots', key, { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  assert.equal(xlsx.headers['content-disposition'], 'attachment; filename="rfid-snapshots.xlsx"');
  const json = await api.get('/v1/snapshots?format=json', key, { accept: 'text/csv' });
  assert.match(String(json.headers['content-type']), /^application\/json/);
  assert.ok(Array.isArray(json.json().items));
  const bad = await api.get('/v1/alerts?format=pdf', key);
  assert.equal(bad.statusCode, 400);
  const doc = (await api.get('/openapi.json')).json() as {
    paths: Record<string, { get?: { parameters?: Array<{ name: string }>; responses: Record<string, { content?: Record<string, unknown> }> } }>;
  };
  const lists = [...new Set(CASES.map((c) => c.path.split('?')[0]!))];
  assert.equal(lists.length, 11);
  for (const path of lists) {
    const get = doc.paths[path]?.get;
    assert.ok(get, path);
    assert.ok(
      get.parameters?.some((p) => p.name === 'format'),
      `${path} documents format`,
    );
    assert.deepEqual(Object.keys(get.responses['200']?.content ?? {}).sort(), [
      'application/json',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
  }
});

test('unauthenticated export: 401 problem, no file', async () => {
  const res = await api.get('/v1/inventory?format=csv');
  assert.equal(res.statusCode, 401);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
});
