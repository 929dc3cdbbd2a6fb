/**
 * Errors are RFC 9457 problem+json with the right status on 400 (with field-level errors), 401,
 * 403, 404, 413 and 415, and garbage thrown at every route — params, query strings, headers,
 * bodies, methods — never gets a 5xx and leaves the server answering.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { encodeCursor } from '../../src/http/pagination.ts';
import { openApi, problemOf, type TestApi } from '../support/api.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('problems', { RFID_RATE_LIMIT_PER_MIN: '0', RFID_HTTP_BODY_LIMIT_BYTES: '4096', RFID_API_KEY_CACHE_SECONDS: '0' });
let services: Services;
let api: TestApi;
let admin: string;
let read: string;

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  admin = await api.key('admin');
  read = await api.key('read');
});
after(async () => {
  await api.close();
  await services.close();
});

const inject = (o: InjectOptions & { key?: string }) =>
  api.app.inject({ ...o, headers: { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...(o.headers ?? {}) } });

test('400 with field-level errors: every bad parameter reported together', async () => {
  const res = await inject({ method: 'GET', url: '/v1/inventory?limit=0&negative=maybe&sku_prefix=', key: read });
  assert.equal(res.statusCode, 400);
  const p = problemOf(res);
  assert.equal(p.type, 'urn:rfid:problem:invalid-input');
  assert.equal(p.title, 'Bad Request');
  const fields = (p.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();
  assert.deepEqual(fields, ['querystring.limit:OUT_OF_RANGE', 'querystring.negative:WRONG_TYPE', 'querystring.sku_prefix:TOO_SHORT']);
  const cursor = await inject({ method: 'GET', url: '/v1/inventory?cursor=%%%', key: read });
  assert.equal(cursor.statusCode, 400);
  assert.equal(problemOf(cursor).errors?.[0]?.field, 'querystring.cursor');
});

test('401, 403, 404, 413, 415: each a problem with its status, title and code', async () => {
  const cases: Array<[number, string, InjectOptions & { key?: string }]> = [
    [401, 'UNAUTHORIZED', { method: 'GET', url: '/v1/events' }],
    [403, 'FORBIDDEN', { method: 'POST', url: '/v1/events', key: read, headers: { 'content-type': 'application/json' }, payload: '[]' }],
    [404, 'NOT_FOUND', { method: 'GET', url: '/v1/nothing-here', key: read }],
    [404, 'NOT_FOUND', { method: 'GET', url: `/v1/events/${randomUUID()}`, key: read }],
    [
      413,
      'PAYLOAD_TOO_LARGE',
      { method: 'POST', url: '/v1/events', key: admin, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(5000) }) },
    ],
    [415, 'UNSUPPORTED_MEDIA_TYPE', { method: 'POST', url: '/v1/events', key: admin, headers: { 'content-type': 'text/plain' }, payload: 'IN A B 1' }],
    [415, 'UNSUPPORTED_MEDIA_TYPE', { method: 'POST', url: '/v1/events', key: admin, headers: { 'content-type': 'application/xml' }, payload: '<e/>' }],
  ];
  for (const [status, code, options] of cases) {
    const res = await inject(options);
    assert.equal(res.statusCode, status, `${options.method} ${options.url}: ${res.body}`);
    const p = problemOf(res);
    assert.equal(p.code, code, options.url as string);
    assert.ok(p.title.length > 0 && p.detail.length > 0);
    assert.equal(p.instance, (options.url as string).split('?')[0]);
  }
});

test('garbage at every route: never a 5xx, and the server keeps answering', async () => {
  const uuid = randomUUID();
  const urls = [
    '/v1/inventory/%00/A',
    '/v1/inventory/A/%00',
    `/v1/inventory/${'x'.repeat(5000)}/A`,
    '/v1/inventory/%FF%FE/A',
    '/v1/inventory/%E0%A4%A/A',
    '/v1/inventory?limit=abc',
    '/v1/inventory?limit=-1',
    '/v1/inventory?limit=1e3',
    '/v1/inventory?limit=99999999999999999999',
    '/v1/inventory?limit=1&limit=2',
    `/v1/inventory?cursor=${encodeCursor([1, 2])}`,
    `/v1/inventory?cursor=${encodeCursor(['a'])}`,
    '/v1/inventory?cursor=eyJ',
    '/v1/inventory?cursor=bnVsbA',
    '/v1/inventory?location=%00',
    '/v1/inventory?negative=1',
    '/v1/inventory?below_reorder=yes&zone=',
    '/v1/inventory?sku_prefix[a]=b',
    '/v1/inventory?%=%',
    '/v1/inventory/A/B/as-of?at=2026-13-45T99:99:99Z',
    '/v1/inventory/A/B/as-of?at=9999-12-31T23:59:59Z',
    '/v1/inventory/A/B/as-of?at=0000-01-01T00:00:00Z',
    '/v1/inventory/A/B/as-of?at=2026-01-01T00:00:00.123456789123Z',
    '/v1/inventory/A/B/as-of?at=2026-01-01T00:00:00+99:99',
    '/v1/inventory/A/B/as-of?at[]=x',
    '/v1/inventory/as-of?at=2026-01-01T00:00:00Z&location=L&cursor=W10',
    `/v1/inventory/as-of?at=2026-01-01T00:00:00Z&location=L&cursor=${encodeCursor([{}])}`,
    '/v1/events?type=MOVE',
    '/v1/events?from=yesterday',
    '/v1/events?to=2026-02-30T00:00:00Z',
    '/v1/events?order=sideways',
    '/v1/events?device_id=%00',
    `/v1/events?cursor=${encodeCursor(['2026-01-01T00:00:00.000000Z', 'not-a-uuid'])}`,
    `/v1/events?cursor=${encodeCursor(['2026-02-31T00:00:00.000000Z', uuid])}`,
    `/v1/events?cursor=${encodeCursor(['294277-01-01T00:00:00.000000Z', uuid])}`,
    `/v1/events?cursor=${encodeCursor(['9999-12-31T23:59:59.999999Z', uuid])}`,
    '/v1/events/%00',
    `/v1/events/${uuid}x`,
    `/v1/events/${uuid.toUpperCase()}`,
    '/v1/imports/%00',
    '/v1/imports/not-a-uuid',
    '/v1/inventory/../../etc/passwd',
    '/metrics?x=%00',
    '/health/ready?x[y]=1',
    '//v1//inventory',
  ];
  const seen: string[] = [];
  for (const url of urls) {
    for (const method of ['GET', 'DELETE', 'PUT'] as const) {
      const res = await inject({ method, url, key: admin });
      assert.ok(res.statusCode < 500, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (res.statusCode >= 400) problemOf(res);
      seen.push(`${res.statusCode}`);
    }
  }
  const posts: Array<[string, Record<string, string>, string]> = [
    ['/v1/events', { 'content-type': 'application/json' }, '{'],
    ['/v1/events', { 'content-type': 'application/json' }, ''],
    ['/v1/events', { 'content-type': 'application/json' }, 'null'],
    ['/v1/events', { 'content-type': 'application/json' }, '"a string"'],
    ['/v1/events', { 'content-type': 'application/json' }, '{"__proto__": {"x": 1}}'],
    ['/v1/events', { 'content-type': 'application/json' }, '['.repeat(2000) + ']'.repeat(2000)],
    ['/v1/events', { 'content-type': 'application/json; charset=latin1' }, '{}'],
    ['/v1/events', { 'content-type': 'multipart/form-data' }, 'x'],
    ['/v1/events', {}, '{}'],
    ['/v1/imports', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nbroken'],
    ['/v1/imports', { 'content-type': 'application/json' }, '{}'],
    ['/v1/inventory', { 'content-type': 'application/json' }, '{}'],
  ];
  for (const [url, headers, payload] of posts) {
    const res = await inject({ method: 'POST', url, key: admin, headers, payload });
    assert.ok(res.statusCode < 500, `POST ${url} ${JSON.stringify(headers)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  for (const authorization of ['Bearer ' + 'a'.repeat(10_000), 'Bearer rfid__', 'bearer\trfid_x_y', '\u00ff', 'Bearer  rfid_0123456789ab_' + 'g'.repeat(64)]) {
    const res = await inject({ method: 'GET', url: '/v1/inventory', headers: { authorization } });
    assert.equal(res.statusCode, 401, authorization.slice(0, 30));
  }
  assert.equal((await inject({ method: 'GET', url: '/health' })).statusCode, 200, 'still alive');
  assert.ok(seen.includes('400') && seen.includes('404'));
});

test('the OpenAPI document: every operation documents its success status, and 401 unless public', async () => {
  const res = await inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[]; parameters?: unknown[] }>> };
  const expectedPaths = [
    '/v1/inventory',
    '/v1/inventory/{sku}/{location}',
    '/v1/inventory/{sku}/{location}/as-of',
    '/v1/inventory/as-of',
    '/v1/events',
    '/v1/events/{event_id}',
    '/v1/imports',
    '/health',
    '/health/ready',
    '/metrics',
  ];
  for (const p of expectedPaths) assert.ok(doc.paths[p], `${p} is documented`);
  let operations = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations++;
      const statuses = Object.keys(op.responses ?? {});
      assert.ok(
        statuses.some((s) => /^2\d\d$/.test(s)),
        `${method.toUpperCase()} ${path} documents a success status (has ${statuses})`,
      );
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (!isPublic) assert.ok(statuses.includes('401'), `${method.toUpperCase()} ${path} documents 401`);
    }
  }
  assert.ok(operations >= 12, `${operations} operations`);
  assert.ok(doc.paths['/health']!.get!.security?.length === 0, 'health is marked public');
});
