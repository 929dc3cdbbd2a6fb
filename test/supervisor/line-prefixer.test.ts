import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinePrefixer } from '../../src/supervisor/line-prefixer.ts';

test('every whole line gets the prefix; a partial line waits for its end', () => {
  const out: string[] = [];
  const p = createLinePrefixer('[ingest-1] ', (s) => out.push(s));
  p.push('one\ntw');
  assert.equal(out.join(''), '[ingest-1] one\n');
  p.push('o\nthree\n\nfo');
  assert.equal(out.join(''), '[ingest-1] one\n[ingest-1] two\n[ingest-1] three\n[ingest-1] \n');
  p.flush();
  assert.equal(out.join(''), '[ingest-1] one\n[ingest-1] two\n[ingest-1] three\n[ingest-1] \n[ingest-1] fo\n');
  p.flush();
  assert.equal(out.length, 3);
});

test('a huge line without a newline is written in pieces instead of held', () => {
  const out: string[] = [];
  const p = createLinePrefixer('[x] ', (s) => out.push(s));
  p.push('y'.repeat(70_000));
  assert.equal(out.length, 1);
  assert.ok(out[0]!.startsWith('[x] yyy') && out[0]!.endsWith('y\n'));
});
