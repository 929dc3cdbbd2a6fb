/**
 * The console's actions end to end in Chromium: an event produced during the test updates
 * Overview and the cell page within seconds (SSE read with fetch); DLQ replay from the UI
 * applies once; a CSV import shows its report and its rows come back in the Excel export (read
 * with exceljs); acknowledging an alert; run-now and a backfill with progress on the Jobs page.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { parseShown, textOf, useConsole } from '../support/browser.ts';
import { produceRaw } from '../support/events.ts';
import { makeTestEnv } from '../support/test-env.ts';

// Functions given to waitForFunction run in the page, where `document` exists.
declare const document: any;

const t = makeTestEnv('console_live', { RFID_AUTH: 'off', RFID_TIMEZONE: 'Asia/Seoul', RFID_RATE_LIMIT_PER_MIN: '0', RFID_BATCH_MAX_WAIT_MS: '20' });
const c = useConsole(t, { seed: 11, count: 2000 });
const LIVE_MS = 15_000;

const q = async <T>(sql: string, params: unknown[] = []) => (await c.services.pool.query(sql, params)).rows as T[];
const one = async (sql: string, params: unknown[] = []) => Number(Object.values((await q<Record<string, unknown>>(sql, params))[0]!)[0]);
const event = (sku: string, location: string, qty: number, type = 'IN') => ({
  event_id: randomUUID(),
  event_ts: new Date().toISOString(),
  event_type: type,
  sku,
  location,
  qty,
  device_id: 'RD-test',
});
const produce = (e: ReturnType<typeof event>) => produceRaw(t.config, [{ key: `${e.sku}|${e.location}`, value: JSON.stringify(e) }]);

/** Waits until the text of a test id, read as a number, equals `value`. */
const waitShown = (testId: string, value: number) =>
  c.page.waitForFunction(([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/,/g, '') === String(v), [testId, value] as const, {
    timeout: LIVE_MS,
  });

after(() => assert.deepEqual(c.errors, [], 'console errors'));

test('an event produced now updates Overview (units, the live change list) and the cell page within seconds', async () => {
  const [cell] = await q<{ sku: string; location: string; qty_on_hand: number }>(
    'SELECT sku, location, qty_on_hand FROM inventory_current ORDER BY sku, location LIMIT 1',
  );
  await c.open('overview', '[data-testid="ov-units"]');
  await c.page.waitForFunction(() => document.querySelector('[data-testid="live-state"]')?.classList.contains('on'));
  const units = await one('SELECT sum(qty_on_hand) FROM inventory_current');
  await waitShown('ov-units', units);
  await produce(event(cell!.sku, cell!.location, 17));
  await waitShown('ov-units', units + 17);
  assert.equal(await one('SELECT sum(qty_on_hand) FROM inventory_current'), units + 17);
  await c.page.locator('[data-testid="ov-changes"] tr').first().waitFor();
  const change = (await c.page.locator('[data-testid="ov-changes"] tr').first().locator('td').allTextContents()).slice(0, 3);
  assert.deepEqual(change, [cell!.sku, cell!.location, '+17']);

  await c.open(`cell?sku=${encodeURIComponent(cell!.sku)}&location=${encodeURIComponent(cell!.location)}`, '[data-testid="cell-qty"]');
  await waitShown('cell-qty', cell!.qty_on_hand + 17);
  await produce(event(cell!.sku, cell!.location, 5, 'OUT'));
  await waitShown('cell-qty', cell!.qty_on_hand + 12);
  assert.equal(await one('SELECT qty_on_hand FROM inventory_current WHERE sku = $1 AND location = $2', [cell!.sku, cell!.location]), cell!.qty_on_hand + 12);
});

test('DLQ replay from the UI applies the event once, even when replayed a second time', async () => {
  const e = event('SKU-REPLAY', 'WH1-A-01', 9);
  const [{ id }] = (await q<{ id: string }>(
    `INSERT INTO ingest_dead_letters (source_topic, source_partition, source_offset, code, message, event_id, record_key, record_value, record_ts, worker_id, dead_at)
     VALUES ($1, 0, 9000000, 'UNKNOWN_EVENT_TYPE', 'replay me', $2, $3, $4, now(), 'w-test', now()) RETURNING id::text AS id`,
    [t.config.topics.events, e.event_id, Buffer.from(`${e.sku}|${e.location}`), Buffer.from(JSON.stringify(e))],
  )) as [{ id: string }];
  await c.open('pipeline', `[data-dlq-id="${id}"]`);
  const replayOnce = async (expected: RegExp) => {
    await c.page.locator(`[data-dlq-id="${id}"] input[type=checkbox]`).check();
    await c.page.getByTestId('dlq-replay').click();
    await c.page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid="dlq-result"]')?.textContent ?? ''), expected.source);
  };
  await replayOnce(/^1 replayed, 0 skipped/);
  const deadline = Date.now() + LIVE_MS;
  while ((await one('SELECT count(*) FROM rfid_events WHERE event_id = $1', [e.event_id])) === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  await replayOnce(/^0 replayed, 1 skipped/);
  // The replay count shows in the browser, and the ledger and the stock hold the event once.
  await c.page.waitForFunction((dlqId) => document.querySelector(`[data-dlq-id="${dlqId}"] td:last-child`)?.textContent === '1', id);
  assert.equal(await one('SELECT count(*) FROM rfid_events WHERE event_id = $1', [e.event_id]), 1);
  assert.equal(await one("SELECT qty_on_hand FROM inventory_current WHERE sku = 'SKU-REPLAY'"), 9);
});

test('CSV import from the UI: the report counts accepted and rejected rows; the ledger exports (Excel, CSV) and the inventory export (Excel) hold the imported rows', async () => {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const csv = [
    'event_id,event_ts,event_type,sku,location,qty,device_id',
    `${ids[0]},2026-11-20T09:00:00+09:00,IN,SKU-IMPORT,WH2-B-01,40,RD-csv`,
    `${ids[1]},2026-11-20T10:00:00+09:00,OUT,SKU-IMPORT,WH2-B-01,15,RD-csv`,
    `${ids[2]},2026-11-20T11:00:00+09:00,ADJUST,SKU-IMPORT,WH2-B-01,-2,RD-csv`,
    `${randomUUID()},2026-11-20T12:00:00+09:00,MOVE,SKU-IMPORT,WH2-B-01,1,RD-csv`,
  ].join('\n');
  await c.open('import', 'input[type=file]');
  await c.page.locator('input[type=file]').setInputFiles({ name: 'stock.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await c.page.getByRole('button', { name: 'Import', exact: true }).click();
  assert.equal(parseShown(await textOf(c.page, 'imp-accepted')), 3);
  assert.equal(parseShown(await textOf(c.page, 'imp-rejected')), 1);
  assert.equal(parseShown(await textOf(c.page, 'imp-read')), 4);
  await c.shoot('import-report');
  const deadline = Date.now() + LIVE_MS;
  while ((await one("SELECT count(*) FROM rfid_events WHERE sku = 'SKU-IMPORT'")) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  await c.open('movements?sku=SKU-IMPORT', '[data-testid="movements-table"] tbody tr');
  const [xlsx] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-xlsx').click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(await xlsx.path())) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const col = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
  const rows: Array<{ id: string; qty: number; type: string }> = [];
  sheet.eachRow((row, n) => {
    if (n > 1)
      rows.push({
        id: String(row.getCell(col('event_id')).value),
        qty: Number(row.getCell(col('qty')).value),
        type: String(row.getCell(col('event_type')).value),
      });
  });
  assert.deepEqual(
    rows.sort((a, b) => a.id.localeCompare(b.id)),
    [
      { id: ids[0]!, qty: 40, type: 'IN' },
      { id: ids[1]!, qty: 15, type: 'OUT' },
      { id: ids[2]!, qty: -2, type: 'ADJUST' },
    ].sort((a, b) => a.id.localeCompare(b.id)),
  );
  const [csvDownload] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-csv').click()]);
  const lines = (await readFile(await csvDownload.path(), 'utf8')).trim().split(/\r?\n/);
  assert.equal(lines.length, 4);
  for (const id of ids)
    assert.ok(
      lines.some((l) => l.includes(id)),
      `${id} in the CSV`,
    );

  // A list route's own export (?format=xlsx) with the table's filter: the inventory of the imported SKU.
  await c.open('inventory', '[data-testid="inventory-table"]');
  await c.page.getByLabel('SKU starts with').fill('SKU-IMPORT');
  await c.page.getByRole('button', { name: 'Search' }).click();
  await c.page.waitForFunction(() => document.querySelectorAll('[data-testid="inventory-table"] tbody tr').length === 1);
  const [inv] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-xlsx').click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(await inv.path())) as unknown as ArrayBuffer);
  const invSheet = book.worksheets[0]!;
  const invHeader = (invSheet.getRow(1).values as unknown[]).slice(1).map(String);
  const at = (name: string) => invHeader.findIndex((h) => h.startsWith(name)) + 1;
  assert.equal(invSheet.actualRowCount, 2, 'a header and one cell');
  const cellRow = invSheet.getRow(2);
  assert.deepEqual(
    [cellRow.getCell(at('sku')).value, cellRow.getCell(at('location')).value, cellRow.getCell(at('qty_on_hand')).value],
    ['SKU-IMPORT', 'WH2-B-01', await one("SELECT qty_on_hand FROM inventory_current WHERE sku = 'SKU-IMPORT'")],
  );
});

test('acknowledging an alert in the UI marks it acknowledged in the database', async () => {
  const [open] = await q<{ id: string }>("SELECT id::text AS id FROM alerts a WHERE status = 'open' ORDER BY a.id DESC LIMIT 1");
  assert.ok(open, 'an open alert');
  await c.open('alerts', `[data-alert-id="${open.id}"]`);
  await c.page.getByLabel('Note for acknowledging (optional)').fill('checked the shelf');
  await c.page.getByRole('button', { name: `Acknowledge alert ${open.id}` }).click();
  await c.page.waitForFunction((id) => !document.querySelector(`[data-alert-id="${id}"] button`), open.id);
  const [row] = await q<{ status: string; note: string }>("SELECT status, details->>'ack_note' AS note FROM alerts WHERE id = $1", [open.id]);
  assert.deepEqual(row, { status: 'acknowledged', note: 'checked the shelf' });
});

test('jobs: run now records a run; a two-day backfill shows its progress to the end and both runs are in the history', async () => {
  await c.open('jobs', '[data-testid="jobs-table"] tbody tr');
  const before = await one('SELECT max(id) FROM daily_job_runs');
  const [d1, d2] = (await q<{ d: string }>("SELECT ((now() AT TIME ZONE 'Asia/Seoul')::date - n)::text AS d FROM generate_series(3, 2, -1) n")).map((r) => r.d);
  await c.page.locator('#bf-from').fill(d1!);
  await c.page.locator('#bf-to').fill(d2!);
  await c.page.getByRole('button', { name: 'Start backfill' }).click();
  await c.page.waitForFunction(
    () => /^2 of 2 days done, 0 failed/.test(document.querySelector('[data-testid="backfill-progress"]')?.textContent?.trim() ?? ''),
    undefined,
    { timeout: 60_000 },
  );
  const runs = await q<{ day: string; status: string }>("SELECT day::text AS day, status FROM daily_job_runs WHERE id > $1 AND job = 'snapshot' ORDER BY id", [
    before,
  ]);
  assert.deepEqual(runs, [
    { day: d1, status: 'done' },
    { day: d2, status: 'done' },
  ]);
  await c.page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="jobs-table"] tbody tr[data-run-id]')[0]?.getAttribute('data-run-id') === String(n),
    await one('SELECT max(id) FROM daily_job_runs'),
    { timeout: 10_000 },
  );
  await c.shoot('jobs-backfill');

  const afterBackfill = await one('SELECT max(id) FROM daily_job_runs');
  await c.page.locator('#run-job').selectOption('reorder');
  await c.page.locator('#run-date').fill(d2!);
  await c.page.getByRole('button', { name: 'Run', exact: true }).click();
  const deadline = Date.now() + 30_000;
  let run: { day: string; status: string; trigger: string } | undefined;
  while (Date.now() < deadline) {
    [run] = await q<{ day: string; status: string; trigger: string }>(
      "SELECT day::text AS day, status, trigger FROM daily_job_runs WHERE id > $1 AND job = 'reorder'",
      [afterBackfill],
    );
    if (run && run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(run, { day: d2, status: 'done', trigger: 'cli' });
});
