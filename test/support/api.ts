/** The real API over a test file's services, driven with `inject`, plus API keys made for the test. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/auth/api-key-secret.ts';
import type { Config } from '../../src/config/config.ts';
import type { ApiRole } from '../../src/domain/api-key.ts';
import { buildApi } from '../../src/http/api-server.ts';
import { EventProducer } from '../../src/kafka/event-producer.ts';
import { createLogger } from '../../src/logger.ts';
import { insertApiKey } from '../../src/postgres/api-keys/insert-api-key.ts';
import type { Services } from './services.ts';

export interface TestApi {
  app: FastifyInstance;
  /** A new key with this role (its text). */
  key(role: ApiRole, name?: string): Promise<string>;
  get(path: string, key?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
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
