/** Conflicts through the API against real Postgres: open/resolved lists with keyset pages, resolve once (404, 409). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useListeningApi } from '../../support/api.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('conflictsapi', { RFID_AUTH: 'off' });
const api = useListeningApi(t);

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(api.base + path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as any };
}

test('list open conflicts in pages, resolve one with a note, 409 on a second resolve, 404 for an unknown id', async () => {
  const eventId = randomUUID();
  await api.services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES ($1, '2026-11-01T10:00:00Z', 'IN', 'S-C', 'L-C', 5)`,
    [eventId],
  );
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { rows } = await api.services.pool.query<{ id: number }>(
      `INSERT INTO rfid_event_conflicts (event_id, received, source_topic, source_partition, source_offset) VALUES ($1, $2, $3, 0, $4) RETURNING id`,
      [eventId, JSON.stringify({ event_id: eventId, qty: 50 + i }), t.config.topics.events, 100 + i],
    );
    ids.push(rows[0]!.id);
  }
  const first = await call('GET', '/v1/conflicts?limit=3');
  assert.equal(first.status, 200);
  assert.deepEqual(
    first.json.items.map((c: { id: number }) => c.id),
    [ids[4], ids[3], ids[2]],
  );
  const second = await call('GET', `/v1/conflicts?limit=3&cursor=${first.json.next_cursor}`);
  assert.deepEqual(
    second.json.items.map((c: { id: number }) => c.id),
    [ids[1], ids[0]],
  );
  assert.equal(second.json.next_cursor, null);
  const c0 = second.json.items[1];
  assert.deepEqual(c0.received, { event_id: eventId, qty: 50 });
  assert.equal(c0.applied.qty, 5);
  assert.deepEqual(c0.origin, { topic: t.config.topics.events, partition: 0, offset: 100 });
  assert.equal(c0.resolved_at, null);

  const resolved = await call('POST', `/v1/conflicts/${ids[0]}/resolve`, { note: 'reader double-sent; original is right' });
  assert.equal(resolved.status, 200);
  assert.equal(resolved.json.resolution_note, 'reader double-sent; original is right');
  assert.ok(Date.parse(resolved.json.resolved_at) > 0);
  const again = await call('POST', `/v1/conflicts/${ids[0]}/resolve`, { note: 'again' });
  assert.equal(again.status, 409);
  assert.match(again.type, /^application\/problem\+json/);
  assert.equal(again.json.status, 409);
  const missing = await call('POST', '/v1/conflicts/999999/resolve', { note: 'x' });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.title, 'Not Found');

  const open = await call('GET', '/v1/conflicts?status=open&limit=1000');
  assert.deepEqual(
    open.json.items.map((c: { id: number }) => c.id),
    [ids[4], ids[3], ids[2], ids[1]],
  );
  const done = await call('GET', '/v1/conflicts?status=resolved');
  assert.deepEqual(
    done.json.items.map((c: { id: number; resolution_note: string }) => [c.id, c.resolution_note]),
    [[ids[0], 'reader double-sent; original is right']],
  );
  const stored = await api.services.pool.query<{ resolution_note: string }>('SELECT resolution_note FROM rfid_event_conflicts WHERE id = $1', [ids[0]]);
  assert.equal(stored.rows[0]!.resolution_note, 'reader double-sent; original is right');
  assert.equal((await call('GET', '/v1/conflicts?status=all')).json.items.length, 5);
});
