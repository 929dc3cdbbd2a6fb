/** `rfid import` against the real broker: exact report, rejects file, deterministic ids. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTopics } from '../../src/kafka/topics.ts';
import { makeTestEnv, runCli } from '../support/test-env.ts';
import { readTopic } from '../support/kafka-read.ts';

const t = makeTestEnv('csvimport');
const dir = mkdtempSync(path.join(tmpdir(), 'rfid-csv-'));
before(() => ensureTopics(t.config));
after(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('mixed rows: exact report, rejects with line numbers, and the same ids when imported twice', async () => {
  const file = path.join(dir, 'moves.csv');
  const rows = ['sku,location,qty,event_ts,event_type,device_id'];
  for (let i = 0; i < 500; i++) rows.push(`SKU-${i % 7},A-0${i % 3},${1 + (i % 5)},2026-11-20T09:${String(i % 60).padStart(2, '0')}:00Z,IN,r`);
  rows.push('SKU-X,A-01,0,2026-11-20T10:00:00Z,ADJUST,r'); // line 502
  rows.push('SKU-X,A-01,1,next tuesday,IN,r'); // line 503
  rows.push('"SKU-Y, big",A-01,1,2026-11-20T10:00:00Z,IN,"multi\nline reader"'); // lines 504–505: valid
  rows.push(',A-01,1,2026-11-20T10:00:00Z,IN,r'); // line 506
  writeFileSync(file, rows.join('\n') + '\n');
  const rejectsFile = path.join(dir, 'rejects.csv');
  const first = await runCli(['import', file, '--json', '--rejects', rejectsFile], t.env, { timeoutMs: 60_000 });
  assert.equal(first.code, 3, first.stderr); // 3 = some rows rejected
  const report = JSON.parse(first.stdout) as { rowsRead: number; accepted: number; rejected: number; rejects: Array<{ line: number; code: string }> };
  assert.equal(report.rowsRead, 504);
  assert.equal(report.accepted, 501);
  assert.equal(report.rejected, 3);
  assert.deepEqual(
    report.rejects.map((r) => [r.line, r.code]),
    [
      [502, 'QTY_ZERO'],
      [503, 'BAD_TIMESTAMP'],
      [506, 'MISSING_FIELD'],
    ],
  );
  const rejectLines = readFileSync(rejectsFile, 'utf8').trim().split('\n');
  assert.equal(rejectLines.length, 4);
  assert.match(rejectLines[2]!, /^503,BAD_TIMESTAMP,event_ts,/);

  const second = await runCli(['import', file, '--json'], t.env, { timeoutMs: 60_000 });
  assert.equal(second.code, 3);
  const records = await readTopic(t.config, t.config.topics.events, 1002);
  assert.equal(records.length, 1002);
  const ids = records.map((r) => (JSON.parse(r.value) as { event_id: string }).event_id);
  assert.equal(new Set(ids).size, 501, 'the second import re-sends the same event ids');
  const multi = records.find((r) => r.value.includes('SKU-Y, big'))!;
  assert.equal(JSON.parse(multi.value).device_id, 'multi\nline reader');
});

test('malformed CSV: a clear error with a line number and nothing produced', async () => {
  const file = path.join(dir, 'broken.csv');
  writeFileSync(file, 'sku,location,qty,event_ts,event_type\nA,B,1,2026-11-20T09:00:00Z,IN\n"A,B,1,2026-11-20T09:00:00Z,IN\nC,D,1,2026-11-20T09:00:00Z,IN\n');
  const r = await runCli(['import', file], { ...t.env, RFID_TOPIC_EVENTS: `${t.config.topics.events}_broken` }, { timeoutMs: 60_000 });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /broken\.csv is not valid CSV \(line \d+\): Quote Not Closed/);
  assert.match(r.stderr, /→ check quoting/);
});
