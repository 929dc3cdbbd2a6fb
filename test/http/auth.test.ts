/**
 * The auth matrix against the real API and Postgres: no key, a malformed, unknown or revoked key
 * → 401; a key without the role → 403; the right role → through; public routes open; the rate
 * limit per key → 429; RFID_AUTH=off refused on a non-loopback HOST; every answer problem+json.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config.ts';
import { isRfidError } from '../../src/errors.ts';
import { revokeApiKey } from '../../src/postgres/api-keys/revoke-api-key.ts';
import { openApi, problemOf, type TestApi } from '../support/api.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

// Key cache off: a revocation must show on the very next request in this test.
const t = makeTestEnv('auth', { RFID_API_KEY_CACHE_SECONDS: '0', RFID_RATE_LIMIT_PER_MIN: '0', RFID_CORS_ORIGINS: 'http://console.test' });
let services: Services;
let api: TestApi;

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
});
after(async () => {
  await api.close();
  await services.close();
});

const event = () => ({ event_id: randomUUID(), event_ts: new Date().toISOString(), event_type: 'IN', sku: 'SKU-AUTH', location: 'A-01', qty: 1 });
const post = (key: string | undefined, body: unknown = event()) =>
  api.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: JSON.stringify(body),
  });

test('no key, a malformed key, an unknown key, a Basic header: 401 problem+json', async () => {
  const none = await api.get('/v1/inventory');
  assert.equal(none.statusCode, 401);
  assert.match(String(none.headers['www-authenticate']), /^Bearer/);
  const p = problemOf(none);
  assert.equal(p.code, 'UNAUTHORIZED');
  assert.equal(p.instance, '/v1/inventory');
  assert.equal(p.errors?.[0]?.field, 'header.authorization');
  for (const header of ['Bearer nonsense', `Bearer rfid_000000000000_${'0'.repeat(64)}`, 'Basic dXNlcjpwYXNz', 'Bearer']) {
    const res = await api.app.inject({ method: 'GET', url: '/v1/inventory', headers: { authorization: header } });
    assert.equal(res.statusCode, 401, header);
    assert.equal(problemOf(res).code, 'UNAUTHORIZED');
  }
  assert.equal((await post(undefined)).statusCode, 401);
});

test('roles: read may GET but not POST (403); ingest may POST events and GET; admin may both', async () => {
  const read = await api.key('read');
  const ingest = await api.key('ingest');
  const admin = await api.key('admin');
  for (const key of [read, ingest, admin]) assert.equal((await api.get('/v1/inventory', key)).statusCode, 200);
  const refused = await post(read);
  assert.equal(refused.statusCode, 403);
  const p = problemOf(refused);
  assert.equal(p.code, 'FORBIDDEN');
  assert.match(p.detail, /role read; this route needs ingest/);
  assert.equal((await post(ingest)).statusCode, 202);
  assert.equal((await post(admin)).statusCode, 202);
  const upload = await api.app.inject({
    method: 'POST',
    url: '/v1/imports',
    headers: { authorization: `Bearer ${read}`, 'content-type': 'application/json' },
    payload: '{}',
  });
  assert.equal(upload.statusCode, 403, 'imports need ingest too');
});

test('a revoked key: 401 on the next request; the key is never echoed', async () => {
  const key = await api.key('admin', 'to-revoke');
  assert.equal((await api.get('/v1/inventory', key)).statusCode, 200);
  const prefix = key.split('_')[1]!;
  assert.ok(await revokeApiKey(services.pool, prefix));
  const res = await api.get('/v1/inventory', key);
  assert.equal(res.statusCode, 401);
  assert.ok(!res.body.includes(key.split('_')[2]!), 'the secret is not in the answer');
  // last_used_at is written behind the request (at most once a minute per key): wait for it.
  const state = async () =>
    (await services.pool.query('SELECT last_used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE prefix = $1', [prefix])).rows[0];
  const deadline = Date.now() + 10_000;
  let row = await state();
  while (!row.used && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    row = await state();
  }
  assert.deepEqual(row, { used: true, revoked: true });
});

test('public routes need no key; /metrics does (RFID_METRICS_AUTH on); /openapi.json and /docs are open', async () => {
  assert.equal((await api.get('/health')).statusCode, 200);
  assert.equal((await api.get('/health/ready')).statusCode, 200);
  assert.equal((await api.get('/openapi.json')).statusCode, 200);
  assert.equal((await api.get('/docs/json')).statusCode, 200);
  assert.equal((await api.get('/metrics')).statusCode, 401);
  assert.equal((await api.app.inject({ method: 'HEAD', url: '/health' })).statusCode, 200, 'HEAD of a public GET is public');
  assert.equal((await api.app.inject({ method: 'HEAD', url: '/v1/inventory' })).statusCode, 401, 'HEAD of a protected GET is protected');
  const key = await api.key('read');
  const metrics = await api.get('/metrics', key);
  assert.equal(metrics.statusCode, 200);
  assert.match(metrics.body, /rfid_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/inventory"/);
  assert.doesNotMatch(metrics.body, /route="\/v1\/inventory\/SKU/, 'labelled by route pattern, not URL');
});

test('CORS: an allowed origin gets its header, also on a 401; preflight needs no key', async () => {
  const res = await api.get('/v1/inventory', undefined, { origin: 'http://console.test' });
  assert.equal(res.statusCode, 401);
  assert.equal(res.headers['access-control-allow-origin'], 'http://console.test');
  const other = await api.get('/health', undefined, { origin: 'http://evil.test' });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const preflight = await api.app.inject({
    method: 'OPTIONS',
    url: '/v1/events',
    headers: { origin: 'http://console.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  assert.equal(preflight.statusCode, 204);
});

test('rate limit per key: over RFID_RATE_LIMIT_PER_MIN → 429 problem with Retry-After; another key is not affected', async () => {
  const limited = await openApi(loadConfig({ ...t.env, RFID_RATE_LIMIT_PER_MIN: '3' }), services);
  try {
    const a = await limited.key('read');
    const b = await limited.key('read');
    for (let i = 0; i < 3; i++) assert.equal((await limited.get('/v1/inventory', a)).statusCode, 200);
    const over = await limited.get('/v1/inventory', a);
    assert.equal(over.statusCode, 429);
    assert.equal(problemOf(over).code, 'RATE_LIMITED');
    assert.ok(Number(over.headers['retry-after']) > 0);
    assert.equal((await limited.get('/v1/inventory', b)).statusCode, 200);
    assert.equal((await limited.get('/health')).statusCode, 200, 'health is not limited');
  } finally {
    await limited.close();
  }
});

test('RFID_AUTH=off: refused at config unless HOST is loopback; on loopback every route is open', async () => {
  for (const host of ['0.0.0.0', '10.1.2.3', 'example.com', '::']) {
    assert.throws(
      () => loadConfig({ RFID_AUTH: 'off', HOST: host }),
      (e: unknown) => isRfidError(e, 'CONFIG_INVALID') && /RFID_AUTH=off.*HOST/.test(e.message),
      host,
    );
  }
  for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost']) assert.equal(loadConfig({ RFID_AUTH: 'off', HOST: host }).api.auth, false, host);
  const open = await openApi(loadConfig({ ...t.env, RFID_AUTH: 'off', HOST: '127.0.0.1' }), services);
  try {
    assert.equal((await open.get('/v1/inventory')).statusCode, 200);
    const posted = await open.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(event()),
    });
    assert.equal(posted.statusCode, 202);
  } finally {
    await open.close();
  }
});

test('a POST route without a declared role is refused when it is registered', async () => {
  const { default: Fastify } = await import('fastify');
  const { authPlugin } = await import('../../src/http/auth.ts');
  const { ApiKeyVerifier } = await import('../../src/http/api-key-verifier.ts');
  const bare = Fastify();
  await bare.register(authPlugin, { auth: true, rateLimitPerMin: 0, verifier: new ApiKeyVerifier(services.pool, { cacheMs: 0 }) });
  assert.throws(() => bare.post('/v1/undeclared', async () => ({})), /must declare config\.role/);
  await bare.close();
});
