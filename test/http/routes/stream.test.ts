/**
 * GET /v1/stream against real Kafka: change records produced to the change topic arrive as SSE
 * `stock` events, filtered by sku; a reconnect with Last-Event-ID continues after what the client
 * had, with no repeats; heartbeats keep it alive; the cap on concurrent streams answers 503, and a disconnect frees its slot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { useListeningApi } from '../../support/api.ts';
import { makeTestEnv } from '../../support/test-env.ts';
import { produceRaw } from '../../support/events.ts';

const t = makeTestEnv('streamapi', { RFID_AUTH: 'off', RFID_EVENTS_PARTITIONS: '3', RFID_SSE_MAX_STREAMS: '2', RFID_SSE_HEARTBEAT_MS: '1000' });
const api = useListeningApi(t);

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A live SSE connection: events parsed as they arrive. */
async function connect(path: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(api.base + path, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  let waiter: (() => void) | undefined;
  const done = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) e.comment = line.slice(1).trim();
            else {
              const i = line.indexOf(':');
              const field = line.slice(0, i);
              const value = line.slice(i + 1).replace(/^ /, '');
              if (field === 'id' || field === 'event' || field === 'data') e[field] = value;
            }
          }
          events.push(e);
          waiter?.();
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    res,
    events,
    stock: () => events.filter((e) => e.event === 'stock'),
    async until(predicate: (events: SseEvent[]) => boolean, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`SSE: not there in ${timeoutMs} ms: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
    async close() {
      abort.abort();
      await done;
    },
  };
}

const change = (sku: string, location: string, version: number) => ({
  key: `${sku}|${location}`,
  value: JSON.stringify({
    sku,
    location,
    qty_on_hand: version * 10,
    delta: 10,
    version,
    events: 1,
    updated_at: new Date().toISOString(),
    sku_name: null,
    category: null,
    location_name: null,
    warehouse: null,
    zone: null,
  }),
});

test('stock events filtered by sku, resumed with Last-Event-ID without repeats', async () => {
  const first = await connect('/v1/stream?sku=SKU-A');
  assert.equal(first.res.status, 200);
  assert.match(first.res.headers.get('content-type') ?? '', /^text\/event-stream/);
  await first.until((es) => es.some((e) => e.comment?.startsWith('connected')));
  await produceRaw(t.config, [change('SKU-A', 'L1', 1), change('SKU-B', 'L1', 1), change('SKU-A', 'L2', 1), change('SKU-A', 'L3', 1)], t.config.topics.changes);
  await first.until((es) => es.filter((e) => e.event === 'stock').length >= 3);
  const got = first.stock().map((e) => JSON.parse(e.data!) as { sku: string; location: string; version: number });
  assert.deepEqual(got.map((r) => `${r.sku}|${r.location}`).sort(), ['SKU-A|L1', 'SKU-A|L2', 'SKU-A|L3']);
  for (const e of first.stock()) assert.match(e.id!, /^p\d+:-?\d+(,p\d+:-?\d+)*$/);
  const lastId = first.stock().at(-1)!.id!;
  await first.close();

  await produceRaw(t.config, [change('SKU-A', 'L1', 2), change('SKU-B', 'L2', 2), change('SKU-A', 'L2', 2)], t.config.topics.changes);
  const resumed = await connect('/v1/stream?sku=SKU-A', { 'last-event-id': lastId });
  assert.equal(resumed.res.status, 200);
  await resumed.until((es) => es.filter((e) => e.event === 'stock').length >= 2);
  await produceRaw(t.config, [change('SKU-A', 'L9', 3)], t.config.topics.changes);
  await resumed.until((es) => es.some((e) => e.data?.includes('"L9"')));
  const after = resumed.stock().map((e) => JSON.parse(e.data!) as { location: string; version: number });
  assert.deepEqual(after.map((r) => `${r.location}@${r.version}`).sort(), ['L1@2', 'L2@2', 'L9@3']);
  // An idle stream gets heartbeat comments.
  await resumed.until((es) => es.some((e) => e.comment === 'heartbeat'));
  await resumed.close();

  const bad = await fetch(`${api.base}/v1/stream`, { headers: { 'last-event-id': 'nonsense' } });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type') ?? '', /^application\/problem\+json/);
});

test('at most RFID_SSE_MAX_STREAMS at once: 503 beyond, and a disconnect frees its slot', async () => {
  const a = await connect('/v1/stream');
  const b = await connect('/v1/stream');
  await a.until((es) => es.some((e) => e.comment?.startsWith('connected')));
  await b.until((es) => es.some((e) => e.comment?.startsWith('connected')));
  const refused = await fetch(`${api.base}/v1/stream`);
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { status: number }).status, 503);
  await a.close();
  // The server notices the disconnect asynchronously: wait until a new stream is accepted.
  let c: Awaited<ReturnType<typeof connect>> | undefined;
  for (let i = 0; i < 100 && !c; i++) {
    const attempt = await connect('/v1/stream');
    if (attempt.res.status === 200) c = attempt;
    else {
      await attempt.close();
      await sleep(100);
    }
  }
  assert.ok(c, 'a slot was freed by the disconnect');
  await c.close();
  await b.close();
});
