/**
 * Seeded hostile input for the API fuzz test: requests built from an OpenAPI operation (its path,
 * query and header parameters, its body schema) with each value either plausible for its schema
 * or garbage — empty, huge, control characters, lone surrogates, right-to-left marks, SQL, path
 * traversal, impossible dates, foreign cursors, wrong types — plus bad Authorization, Accept and
 * Content-Type headers and malformed bodies. The same seed builds the same requests.
 */
import { randomUUID } from 'node:crypto';
import { rng } from './events.ts';

export interface OpenApiSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: OpenApiSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
}
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: OpenApiSchema;
}
export interface FuzzOperation {
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body?: OpenApiSchema;
}
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const GARBAGE = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e309',
  '99999999999999999999',
  '9007199254740993',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '\u0000',
  '\u0001\u001f',
  'é',
  '日本語の在庫',
  '🧪📦',
  '\u202eRTL',
  '\ud800',
  '\uffff',
  "'; DROP TABLE rfid_events; --",
  '../../etc/passwd',
  '%00',
  '%FF%FE',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  'a'.repeat(257),
  'x'.repeat(5000),
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '2026-11-01T24:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-01T00:00:00+99:99',
  '2026-11-01T00:00:00.1234567891234Z',
  'yesterday',
];

export function makeFuzzer(seed: number) {
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => rand() < p;

  const garbage = (): string => (chance(0.1) ? pick(GARBAGE) + pick(GARBAGE) : pick(GARBAGE));
  function anyJson(depth = 0): unknown {
    const r = int(depth > 3 ? 5 : 8);
    if (r === 0) return null;
    if (r === 1) return chance(0.5);
    if (r === 2) return pick([0, -1, 1.5, 2 ** 53 + 2, 1e308, -0]);
    if (r === 3 || r === 4) return garbage();
    if (r === 5) return Array.from({ length: int(4) }, () => anyJson(depth + 1));
    if (r === 6)
      return Object.fromEntries(
        Array.from({ length: int(4) }, () => [pick(['a', 'ids', 'all', 'note', '__proto__', 'constructor', garbage()]), anyJson(depth + 1)]),
      );
    return pick([[1, 2], ['a', 'b'], [{}], ['2026-11-01T00:00:00.000000Z', randomUUID()], [2 ** 60], { id: -1 }, { id: 'x' }]);
  }
  const cursor = () => (chance(0.8) ? Buffer.from(JSON.stringify(anyJson()) ?? 'x', 'utf8').toString('base64url') : garbage());

  function plausible(schema: OpenApiSchema | undefined, name: string): unknown {
    const s = schema ?? {};
    if (s.anyOf?.length) return plausible(pick(s.anyOf), name);
    if (s.enum?.length) return pick(s.enum);
    if (s.const !== undefined) return s.const;
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'integer' || type === 'number') return pick([s.minimum ?? 1, s.maximum ?? 100, 1, 2, 50]);
    if (type === 'boolean') return chance(0.5);
    if (type === 'array') return Array.from({ length: 1 + int(2) }, () => plausible(s.items, name));
    if (type === 'object') return Object.fromEntries(Object.entries(s.properties ?? {}).flatMap(([k, v]) => (chance(0.7) ? [[k, plausible(v, k)]] : [])));
    if (name === 'cursor') return cursor();
    if (s.format === 'date-time' || /^(at|from|to)$/.test(name)) return pick(['2026-11-01T00:00:00Z', '2026-11-01T09:00:00+09:00', new Date().toISOString()]);
    if (s.pattern?.includes('\\d{4}')) return pick(['2026-11-01', '2026-11-23']);
    if (name.endsWith('event_id') || s.pattern?.includes('[0-9a-fA-F]{8}')) return randomUUID();
    return pick(['S-1', 'L-1', 'snapshot', 'forecast', 'p0:1,p1:2', 'WH1', 'A']);
  }
  const valueFor = (p: OpenApiParameter): string => {
    const v = chance(0.45) ? plausible(p.schema, p.name) : p.name === 'cursor' ? cursor() : garbage();
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  /** Percent-encoded, or raw (latin-1 only, as an HTTP client may send), or double-encoded. */
  function urlText(text: string): string {
    let encoded: string;
    try {
      encoded = encodeURIComponent(text);
    } catch {
      encoded = text.replace(/[\ud800-\udfff]/g, '%ED%A0%80');
    }
    const r = int(10);
    if (r === 0 && /^[\u0021-\u00ff]*$/.test(text)) return text.replaceAll('#', '%23').replaceAll('?', '%3F');
    if (r === 1) return encodeURIComponent(encoded);
    return encoded;
  }

  const AUTH_GARBAGE = [
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer rfid__',
    `Bearer rfid_${'0'.repeat(12)}_${'g'.repeat(64)}`,
    `Bearer ${'a'.repeat(6000)}`,
    'Bearer é',
  ];
  const ACCEPTS = [
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '*/*',
    'application/xml',
    'text/event-stream',
    ';;;,',
    'é',
  ];
  const CONTENT_TYPES = [
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'text/plain',
    'application/xml',
    'multipart/form-data',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'garbage/',
  ];

  function body(schema: OpenApiSchema | undefined): string {
    const r = int(8);
    if (r === 0) return '';
    if (r === 1) return pick(['{', '[', '{"a":', 'nul', '\u0000', '"\ud800"', '{"a":1}{"b":2}', '['.repeat(3000) + ']'.repeat(3000)]);
    if (r === 2) return JSON.stringify({ pad: 'x'.repeat(5000) });
    if (r === 3 || r === 4) return JSON.stringify(plausible(schema, 'body'));
    const base = plausible(schema, 'body');
    if (base !== null && typeof base === 'object' && !Array.isArray(base) && chance(0.7)) {
      const keys = Object.keys(schema?.properties ?? {});
      (base as Record<string, unknown>)[keys.length > 0 && chance(0.7) ? pick(keys) : garbage()] = anyJson();
      return JSON.stringify(base);
    }
    return JSON.stringify(anyJson());
  }

  /** One request for `op`; `key` is the valid admin key to use, or undefined for none or a bad one. */
  function request(op: FuzzOperation, key: string | undefined): FuzzRequest {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const p = op.parameters.find((x) => x.in === 'path' && x.name === name) ?? { name, in: 'path' as const };
      return urlText(valueFor(p));
    });
    const query: string[] = [];
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      if (chance(0.5)) continue;
      const name = chance(0.05) ? `${p.name}[x]` : p.name;
      query.push(chance(0.05) ? name : `${name}=${urlText(valueFor(p))}`);
      if (chance(0.05)) query.push(`${p.name}=${urlText(valueFor(p))}`);
    }
    if (chance(0.15)) query.push(`${urlText(garbage())}=${urlText(garbage())}`);
    const headers: Record<string, string> = {};
    if (key !== undefined) headers.authorization = `${chance(0.1) ? 'bearer' : 'Bearer'} ${key}`;
    else if (chance(0.8)) headers.authorization = pick(AUTH_GARBAGE);
    if (chance(0.3)) headers.accept = pick(ACCEPTS);
    for (const p of op.parameters.filter((x) => x.in === 'header')) if (chance(0.5)) headers[p.name] = valueFor(p);
    if (chance(0.1)) headers['x-fuzz'] = pick(GARBAGE.filter((g) => /^[\u0020-\u007e]*$/.test(g)));
    if (chance(0.05)) headers.origin = 'https://evil.example';
    let payload: string | undefined;
    if (op.method !== 'GET' && (op.body !== undefined || chance(0.3))) {
      payload = body(op.body);
      headers['content-type'] = chance(0.6) ? 'application/json' : pick(CONTENT_TYPES);
    } else if (chance(0.05)) {
      payload = '{}';
      headers['content-type'] = pick(CONTENT_TYPES);
    }
    return { method: op.method, path: query.length > 0 ? `${path}?${query.join('&')}` : path, headers, ...(payload !== undefined ? { body: payload } : {}) };
  }

  return { request, chance, pick };
}
