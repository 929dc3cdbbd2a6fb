/** The real API over a test file's services, driven with `inject`, plus API keys made for the test. */
import { after, before } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/auth/api-key-secret.ts';
import type { Config } from '../../src/config/config.ts';
import type { ApiRole } from '../../src/domain/api-key.ts';
import { buildApi } from '../../src/http/api-server.ts';
import { EventProducer } from '../../src/kafka/event-producer.ts';
import { createLogger } from '../../src/logger.ts';
import { insertApiKey } from '../../src/postgres/api-keys/insert-api-key.ts';
import { openServices, type Services } from './services.ts';
import type { TestEnv } from './test-env.ts';

export interface TestApi {
  app: FastifyInstance;
  /** A new key with this role (its text). */
  key(role: ApiRole, name?: string): Promise<string>;
  get(path: string, key?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POST with an optional key and JSON body (no body: no content type, as a bare client sends). */
  post(path: string, key?: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openApi(config: Config, services: Services): Promise<TestApi> {
  const producer = new EventProducer(config, 'api-test');
  const app = await buildApi({ config, pool: services.pool, redis: services.redis, events: producer, logger: createLogger('warn', 'api-test') });
  await app.ready();
  return {
    app,
    async key(role, name = `test-${role}`) {
      const k = createApiKey();
      await insertApiKey(services.pool, { name, role, prefix: k.prefix, hash: k.hash });
      return k.key;
    },
    get: (path, key, headers = {}) => app.inject({ method: 'GET', url: path, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } }),
    post: (path, key, body) =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      }),
    async close() {
      await app.close();
      await producer.close();
    },
  };
}

/** Asserts the RFC 9457 shape and returns the body. */
export function problemOf(res: LightMyRequestResponse): {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
} {
  if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
    throw new Error(`not problem+json (${res.statusCode} ${res.headers['content-type']}): ${res.body.slice(0, 300)}`);
  const body = res.json();
  for (const member of ['type', 'title', 'status', 'detail', 'instance']) if (!(member in body)) throw new Error(`problem lacks ${member}: ${res.body}`);
  if (body.status !== res.statusCode) throw new Error(`problem status ${body.status} ≠ HTTP ${res.statusCode}`);
  return body;
}

export interface ListeningApi {
  readonly services: Services;
  readonly producer: EventProducer;
  /** `http://127.0.0.1:<port>` of the listening server. */
  readonly base: string;
}

/**
 * A test file's services and the real API listening on a free loopback port (for fetch, SSE and
 * streamed downloads, which `inject` does not model), opened in before() and closed in after().
 */
export function useListeningApi(t: TestEnv): ListeningApi {
  let opened: { services: Services; producer: EventProducer; app: FastifyInstance; base: string } | undefined;
  before(async () => {
    const services = await openServices(t);
    const producer = new EventProducer(t.config, `${t.id}-api`);
    const app = await buildApi({ config: t.config, pool: services.pool, events: producer, redis: services.redis, logger: createLogger('warn', `${t.id}-api`) });
    opened = { services, producer, app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
  });
  after(async () => {
    if (!opened) return;
    await opened.app.close();
    await opened.producer.close();
    await opened.services.close();
  });
  const get = () => {
    if (!opened) throw new Error('the API opens in before(): use it inside a test or a hook');
    return opened;
  };
  return {
    get services() {
      return get().services;
    },
    get producer() {
      return get().producer;
    },
    get base() {
      return get().base;
    },
  };
}

/** Every item of a keyset-paginated list, following `next_cursor` page by page (at most 200 pages). */
export async function allPages<T>(api: Pick<TestApi, 'get'>, path: string, key: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 200; n++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key);
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${res.body}`);
    const body = res.json() as { items: T[]; next_cursor: string | null };
    out.push(...body.items);
    cursor = body.next_cursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}
