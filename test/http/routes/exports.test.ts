/**
 * Streamed exports against real Postgres: the ledger as CSV equals the rows (across several keyset
 * pages, with timestamps that share a millisecond or are equal), filters apply; the XLSX opens
 * with exceljs' reader with a frozen bold header, numbers as numbers and timestamps as dates in
 * RFID_TIMEZONE; the DLQ list streams as CSV for ?format=csv and as XLSX for its Accept type.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../../src/http/api-server.ts';
import { EventProducer } from '../../../src/kafka/event-producer.ts';
import { createLogger } from '../../../src/logger.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('exportsapi', { RFID_AUTH: 'off', RFID_TIMEZONE: 'Asia/Seoul' });
let services: Services;
let producer: EventProducer;
let app: FastifyInstance;
let base: string;
const ROWS = 12_345;

before(async () => {
  services = await openServices(t);
  producer = new EventProducer(t.config, 'exports-test');
  app = await buildApi({ config: t.config, pool: services.pool, events: producer, redis: services.redis, logger: createLogger('warn', 'exports-test') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  // Pairs of equal event_ts, and groups that differ only in microseconds.
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, source_partition, source_offset)
     SELECT gen_random_uuid(), '2026-11-01T00:00:00Z'::timestamptz + (i / 6) * interval '1 second' + (i % 3) * interval '1 microsecond',
            (ARRAY['IN','OUT','ADJUST'])[1 + i % 3], 'SKU-' || (i % 7), 'LOC-' || (i % 3), CASE WHEN i % 3 = 2 THEN -(1 + i % 5) ELSE 1 + i % 5 END,
            CASE WHEN i % 2 = 0 THEN 'dev, "q"' END, i % 4, i
     FROM generate_series(1, $1::int) i`,
    [ROWS],
  );
});
after(async () => {
  await app.close();
  await producer.close();
  await services.close();
});

interface DbRow {
  event_id: string;
  event_ts: Date;
  ingested_ts: Date;
  event_type: string;
  sku: string;
  location: string;
  qty: number;
  device_id: string | null;
  ref_event_id: string | null;
  source_partition: number;
  source_offset: number;
}

async function dbRows(where = 'true', params: unknown[] = []): Promise<DbRow[]> {
  const { rows } = await services.pool.query<DbRow>(
    `SELECT event_id::text, event_ts, ingested_ts, event_type, sku, location, qty, device_id, ref_event_id::text, source_partition, source_offset FROM rfid_events WHERE ${where} ORDER BY event_ts, event_id`,
    params,
  );
  return rows;
}

const asCsv = (r: DbRow) => [
  r.event_id,
  r.event_ts.toISOString(),
  r.event_type,
  r.sku,
  r.location,
  String(r.qty),
  r.device_id ?? '',
  r.ref_event_id ?? '',
  r.ingested_ts.toISOString(),
  String(r.source_partition),
  String(r.source_offset),
];

test('ledger CSV equals the rows, in order, across pages; filters apply', async () => {
  const res = await fetch(`${base}/v1/exports/events.csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="rfid-events\.csv"/);
  const records = parse(await res.text()) as string[][];
  assert.deepEqual(records[0], [
    'event_id',
    'event_ts',
    'event_type',
    'sku',
    'location',
    'qty',
    'device_id',
    'ref_event_id',
    'ingested_ts',
    'source_partition',
    'source_offset',
  ]);
  const expected = (await dbRows()).map(asCsv);
  assert.equal(records.length - 1, ROWS);
  assert.deepEqual(records.slice(1), expected);

  const filtered = parse(
    await (
      await fetch(
        `${base}/v1/exports/events.csv?sku=SKU-3&event_type=OUT&from=${encodeURIComponent('2026-11-01T00:10:00Z')}&to=${encodeURIComponent('2026-11-01T02:00:00Z')}`,
      )
    ).text(),
  ) as string[][];
  const want = (await dbRows(`sku = 'SKU-3' AND event_type = 'OUT' AND event_ts >= '2026-11-01T00:10:00Z' AND event_ts < '2026-11-01T02:00:00Z'`)).map(asCsv);
  assert.ok(want.length > 10);
  assert.deepEqual(filtered.slice(1), want);
});

test('ledger XLSX: frozen bold header, integers as numbers, timestamps as Excel dates in RFID_TIMEZONE', async () => {
  const res = await fetch(`${base}/v1/exports/events.xlsx?sku=SKU-1`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('events')!;
  assert.ok(sheet);
  assert.deepEqual(
    sheet.views.map((v) => [v.state, (v as { ySplit?: number }).ySplit]),
    [['frozen', 1]],
  );
  const header = sheet.getRow(1);
  assert.equal(header.getCell(2).value, 'event_ts (Asia/Seoul)');
  assert.equal(header.getCell(1).font?.bold, true);
  const expected = await dbRows(`sku = 'SKU-1'`);
  assert.equal(sheet.actualRowCount, expected.length + 1);
  for (const [i, row] of [
    [0, expected[0]!],
    [expected.length - 1, expected.at(-1)!],
  ] as const) {
    const cells = sheet.getRow(i + 2);
    assert.equal(cells.getCell(1).value, row.event_id);
    assert.equal(cells.getCell(6).type, ExcelJS.ValueType.Number);
    assert.equal(cells.getCell(6).value, row.qty);
    assert.equal(cells.getCell(11).value, row.source_offset);
    assert.equal(cells.getCell(2).type, ExcelJS.ValueType.Date);
    // Seoul is UTC+9 all year: the cell shows the wall clock there.
    assert.equal((cells.getCell(2).value as Date).getTime(), row.event_ts.getTime() + 9 * 3_600_000);
    assert.equal(cells.getCell(2).numFmt, 'yyyy-mm-dd hh:mm:ss.000');
  }
});

test('the DLQ list streams as CSV (?format=csv) and XLSX (Accept)', async () => {
  for (let i = 0; i < 3; i++) {
    await services.pool.query(
      `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, record_value, worker_id, dead_at) VALUES ($1, 0, $2, $3, 'bad, "really"', 'x', 'w', '2026-11-02T00:00:00Z')`,
      [t.config.topics.events, i, i === 1 ? 'NOT_JSON' : 'QTY_ZERO'],
    );
  }
  const csv = parse(await (await fetch(`${base}/v1/dlq?format=csv&code=QTY_ZERO`)).text()) as string[][];
  assert.deepEqual(csv[0], [
    'id',
    'code',
    'message',
    'event_id',
    'origin_topic',
    'origin_partition',
    'origin_offset',
    'record_time',
    'detected_at',
    'worker_id',
    'replays',
  ]);
  assert.deepEqual(
    csv.slice(1).map((r) => [r[1], r[2], r[6], r[8]]),
    [
      ['QTY_ZERO', 'bad, "really"', '2', '2026-11-02T00:00:00.000Z'],
      ['QTY_ZERO', 'bad, "really"', '0', '2026-11-02T00:00:00.000Z'],
    ],
  );
  const res = await fetch(`${base}/v1/dlq`, { headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
  assert.equal(res.status, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('dead letters')!;
  assert.equal(sheet.actualRowCount, 4);
  assert.equal(sheet.getRow(2).getCell(7).value, 2);
  assert.equal((sheet.getRow(2).getCell(9).value as Date).toISOString(), '2026-11-02T09:00:00.000Z');
  const json = await fetch(`${base}/v1/dlq`);
  assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
});
