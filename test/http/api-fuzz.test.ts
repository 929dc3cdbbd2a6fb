/**
 * Fuzz: every operation of /openapi.json (so a new route is covered without touching this file)
 * gets seeded hostile requests over real HTTP — malformed path, query and header parameters,
 * foreign cursors, impossible dates, unicode and very long strings, bad Authorization, wrong
 * Accept and Content-Type, broken and oversized bodies — with a valid admin key and without one;
 * then raw bytes no HTTP client would send (oversized headers, control characters, bad request
 * lines). Never a 5xx; every 4xx is problem+json; /health answers afterwards.
 * Seed: RFID_FUZZ_SEED (printed), default fixed so a run is reproducible.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { useListeningApi } from '../support/api.ts';
import { createApiKey } from '../../src/auth/api-key-secret.ts';
import { insertApiKey } from '../../src/postgres/api-keys/insert-api-key.ts';
import { type FuzzOperation, type FuzzRequest, makeFuzzer, type OpenApiParameter, type OpenApiSchema } from '../support/fuzz-input.ts';
import { makeTestEnv } from '../support/test-env.ts';

const SEED = Number(process.env.RFID_FUZZ_SEED ?? 20261123);
const PER_OPERATION = Number(process.env.RFID_FUZZ_REQUESTS ?? 60);
const t = makeTestEnv('apifuzz', {
  RFID_RATE_LIMIT_PER_MIN: '0',
  RFID_HTTP_BODY_LIMIT_BYTES: '4096',
  RFID_SSE_MAX_STREAMS: '1000',
  RFID_SSE_HEARTBEAT_MS: '60000',
});
const api = useListeningApi(t);
let admin: string | undefined;
// A connection per request: one request's fate never lands on the next.
const agent = new http.Agent({ keepAlive: false });

// Inside the first test, not a second before(): root-level hooks do not wait for each other.
async function seed(): Promise<void> {
  if (admin !== undefined) return;
  const k = createApiKey();
  await insertApiKey(api.services.pool, { name: 'fuzz-admin', role: 'admin', prefix: k.prefix, hash: k.hash });
  admin = k.key;
  await api.services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES (gen_random_uuid(), '2026-11-01T00:00:00Z', 'IN', 'S-1', 'L-1', 3)`,
  );
  await api.services.pool.query(`INSERT INTO inventory_current (sku, location, qty_on_hand, version) VALUES ('S-1', 'L-1', 3, 1)`);
}
after(() => agent.destroy());

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One request; undefined when Node's client refuses to send it (an invalid header character). */
function send(r: FuzzRequest): Promise<Answer | undefined> {
  const url = new URL(api.base);
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent });
    } catch {
      resolve(undefined);
      return;
    }
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer in 20 s: ${r.method} ${r.path.slice(0, 200)}`)));
    req.on('error', (e) =>
      reject(
        new Error(`${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 300)} body=${JSON.stringify(r.body?.slice(0, 100))}: ${e.message}`),
      ),
    );
    req.on('response', (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      // A live stream or a big file: the status and type are what is checked.
      if (res.statusCode === 200 && /event-stream|spreadsheet|csv/.test(contentType)) {
        res.destroy();
        resolve({ status: 200, contentType, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.end(r.body);
  });
}

/** The problems with an answer, if any: a 5xx, or a 4xx that is not a complete RFC 9457 problem. */
function faultsOf(a: Answer): string | undefined {
  if (a.status >= 500) return `HTTP ${a.status}: ${a.body.slice(0, 300)}`;
  if (a.status < 400) return undefined;
  if (!a.contentType.startsWith('application/problem+json')) return `HTTP ${a.status} as ${a.contentType}: ${a.body.slice(0, 200)}`;
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(a.body);
  } catch {
    return `HTTP ${a.status}: body is not JSON: ${a.body.slice(0, 200)}`;
  }
  for (const m of ['type', 'title', 'status', 'detail', 'instance']) if (!(m in p)) return `HTTP ${a.status}: problem lacks ${m}`;
  if (p.status !== a.status) return `problem status ${p.status} ≠ HTTP ${a.status}`;
  return undefined;
}

async function operations(): Promise<FuzzOperation[]> {
  const res = await fetch(`${api.base}/openapi.json`);
  const doc = (await res.json()) as {
    paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }>>;
  };
  const out: FuzzOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], ...(body ? { body } : {}) });
    }
  return out;
}

test(`every OpenAPI operation under seeded hostile input (seed ${SEED}): no 5xx, 4xx always problem+json, server alive`, async (ctx) => {
  ctx.diagnostic(`RFID_FUZZ_SEED=${SEED} RFID_FUZZ_REQUESTS=${PER_OPERATION}`);
  console.log(`api fuzz seed ${SEED} (replay: RFID_FUZZ_SEED=${SEED})`);
  await seed();
  const ops = await operations();
  assert.ok(ops.length >= 25, `${ops.length} operations in /openapi.json`);
  const fuzz = makeFuzzer(SEED);
  const faults: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  for (const op of ops) {
    // Each live stream opens a Kafka consumer: fewer of them.
    const n = op.path === '/v1/stream' ? Math.ceil(PER_OPERATION / 6) : PER_OPERATION;
    for (let i = 0; i < n; i++) {
      const r = fuzz.request(op, i % 3 === 2 ? undefined : admin);
      const a = await send(r);
      if (a === undefined) continue;
      sent++;
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const fault = faultsOf(a);
      if (fault)
        faults.push(`${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 200)} body=${JSON.stringify(r.body?.slice(0, 100))} → ${fault}`);
    }
    // Other methods on the same path: 404/405 problems, never a 5xx.
    for (const method of ['DELETE', 'PATCH', 'OPTIONS']) {
      const a = await send({ method, path: op.path.replace(/\{[^}]+\}/g, '1'), headers: { authorization: `Bearer ${admin}` } });
      if (a && a.status !== 204) {
        const fault = faultsOf(a);
        if (fault) faults.push(`${method} ${op.path} → ${fault}`);
      }
    }
  }
  ctx.diagnostic(`${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  assert.deepEqual(faults.slice(0, 20), [], `${faults.length} faults (seed ${SEED})`);
  assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0 && (statuses.get(401) ?? 0) > 0, 'reached handlers, validation and auth');
  const health = await fetch(`${api.base}/health`);
  assert.equal(health.status, 200);
});

/** Raw bytes to the server; the answer's status line, content type and body. */
function raw(bytes: string | Buffer): Promise<Answer> {
  const url = new URL(api.base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1] ?? '';
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
      const body = rest.join('\r\n\r\n');
      // The first answer only: a request answered early (a 401 before its body) may be followed by the parser's 400 for the rest.
      resolve({ status, contentType, body: Number.isNaN(length) ? body : body.slice(0, length) });
    });
    socket.end(bytes);
  });
}

test('raw bytes no client library sends: oversized headers, control characters, bad request lines — 4xx problems', async () => {
  const host = `Host: ${new URL(api.base).host}\r\nConnection: close\r\n`;
  const cases: Array<[string, string | Buffer]> = [
    ['64 KiB header', `GET /v1/inventory HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(65_536)}\r\n\r\n`],
    ['64 KiB Authorization', `GET /v1/inventory HTTP/1.1\r\n${host}Authorization: Bearer ${'a'.repeat(65_536)}\r\n\r\n`],
    ['control character in a header', `GET /v1/inventory HTTP/1.1\r\n${host}X-Bad: a\u0001b\r\n\r\n`],
    ['raw UTF-8 in the path', Buffer.concat([Buffer.from('GET /v1/inventory/'), Buffer.from('日本', 'utf8'), Buffer.from(`/L HTTP/1.1\r\n${host}\r\n`)])],
    ['invalid UTF-8 in the path', Buffer.concat([Buffer.from('GET /v1/inventory/'), Buffer.from([0xff, 0xfe]), Buffer.from(`/L HTTP/1.1\r\n${host}\r\n`)])],
    ['space in the path', `GET /v1/inv entory HTTP/1.1\r\n${host}\r\n`],
    ['unknown method', `BREW /v1/inventory HTTP/1.1\r\n${host}\r\n`],
    ['not HTTP', 'hello\r\n\r\n'],
    ['bad Content-Length', `POST /v1/events HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}`],
    ['two Content-Lengths', `POST /v1/events HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
    ['bad chunked body', `POST /v1/events HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
  ];
  for (const [label, bytes] of cases) {
    const a = await raw(bytes);
    assert.ok(a.status >= 400 && a.status < 500, `${label}: HTTP ${a.status}`);
    assert.equal(faultsOf(a), undefined, label);
  }
  assert.equal((await fetch(`${api.base}/health`)).status, 200);
});

test('what earlier seeds found (each a 500, or a 200 with a cut-off file): out-of-range ids and U+0000 in text reaching SQL are 400 problems', async () => {
  await seed();
  const cases: Array<[string, string, string?]> = [
    ['GET', '/v1/dlq/99999999999999999999'],
    ['GET', '/v1/dlq/1e309'],
    ['GET', '/v1/dlq?event_id=%00&format=csv'],
    ['GET', '/v1/dlq?code=%00'],
    ['GET', '/v1/exports/events.csv?sku=%00'],
    // Failed after the 200 and the headers: a truncated download.
    ['GET', '/v1/exports/events.xlsx?device_id=a%00'],
    ['POST', '/v1/alerts/1e309/ack', '{}'],
    ['POST', '/v1/conflicts/99999999999999999999/resolve', '{"note":"x"}'],
    ['POST', '/v1/conflicts/1/resolve', '{"note":"a\\u0000b"}'],
    ['POST', '/v1/dlq/replay', '{"ids":[99999999999999999999]}'],
  ];
  for (const [method, path, body] of cases) {
    const a = await send({
      method,
      path,
      headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    assert.equal(a?.status, 400, `${method} ${path}: ${a?.body}`);
    assert.equal(faultsOf(a), undefined);
  }
});
