import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Batcher, StreamEndedError } from '../../src/ingest/batcher.ts';

/** An object-mode stream standing in for the Kafka record stream (same async-iterator protocol). */
function source() {
  return new PassThrough({ objectMode: true, highWaterMark: 100_000 });
}

test('a batch closes at maxMessages; the rest stays for the next batch', async () => {
  const s = source();
  for (let i = 0; i < 25; i++) s.write(i);
  const b = new Batcher(s, (x: number) => x * 10, 10, 60_000);
  assert.deepEqual(await b.next(1_000), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.equal((await b.next(1_000)).length, 10);
  assert.deepEqual(await b.next(1_000), [200, 210, 220, 230, 240]);
  b.stop();
  s.destroy();
});

test('what is in hand is applied at once when the source has nothing more buffered (no waiting for maxWaitMs)', async () => {
  const s = source();
  s.write('a');
  s.write('b');
  // A one-minute batch wait: the test would time out if the batcher waited for it.
  const b = new Batcher(s, (x: string) => x, 1_000, 60_000);
  assert.deepEqual(await b.next(1_000), ['a', 'b']);
  setTimeout(() => s.write('c'), 20);
  assert.deepEqual(await b.next(5_000), ['c']);
  b.stop();
  s.destroy();
});

test('an idle source gives an empty batch after idleMs; an ended one throws StreamEndedError', async () => {
  const s = source();
  const b = new Batcher(s, (x: number) => x, 10, 5);
  assert.deepEqual(await b.next(20), []);
  s.write(1);
  s.end();
  assert.deepEqual(await b.next(1_000), [1]);
  await assert.rejects(() => b.next(1_000), StreamEndedError);
});

test('a failing source surfaces as StreamEndedError with the cause', async () => {
  const s = source();
  const b = new Batcher(s, (x: number) => x, 10, 5);
  s.destroy(new Error('broker gone'));
  const error = await b.next(1_000).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof StreamEndedError);
  assert.match(String((error.cause as Error).message), /broker gone/);
});

test('at most one batch is pulled ahead while one is being processed', async () => {
  const s = source();
  for (let i = 0; i < 100; i++) s.write(i);
  const b = new Batcher(s, (x: number) => x, 10, 1);
  const first = await b.next(1_000);
  await new Promise((r) => setTimeout(r, 30));
  // 10 taken, at most 10 more pulled into the batcher: the stream still holds the rest.
  assert.equal(first.length, 10);
  assert.ok(s.readableLength >= 100 - 10 - 10 - 1, `stream still buffers ${s.readableLength}`);
  b.stop();
  s.destroy();
});
