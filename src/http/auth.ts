/**
 * API-key authentication, role checks and the per-key rate limit, as one Fastify plugin that
 * `buildApi` registers before any route (it must see every route as it is added).
 *
 * Routes declare who may call them with route config:
 * - `config: { public: true }` — no key (health, readiness, the docs);
 * - `config: { role: 'read' | 'ingest' | 'admin' }` — a key whose role includes it (admin ⊇
 *   ingest ⊇ read). A GET without either needs `read`; any other method must declare, or
 *   registering the route throws — a forgotten declaration fails at start, not in production.
 *
 * No key or a wrong, malformed or revoked key → 401; a key without the role → 403; over
 * `RFID_RATE_LIMIT_PER_MIN` → 429. All problem+json. The key never reaches a log line: only its
 * display prefix and id are kept on the request (`request.apiKey`).
 *
 * @example
 * await app.register(authPlugin, { auth: true, rateLimitPerMin: 600, verifier, publicPrefixes: ['/docs'] })
 * app.post('/v1/jobs/:name/run', { config: { role: 'admin' } }, handler)
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { bearerToken, isApiRole, roleAllows, type ApiRole } from '../domain/api-key.ts';
import type { ApiKeyIdentity } from '../postgres/api-keys/find-api-key.ts';
import type { ApiKeyVerifier } from './api-key-verifier.ts';
import { problemResponse, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a key needs for this route (default `read` for GET). */
    role?: ApiRole;
    /** Open to anyone, no key. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The key the request authenticated with; the anonymous admin when RFID_AUTH=off; null on public routes. */
    apiKey: ApiKeyIdentity | null;
  }
}

export interface AuthOptions {
  /** RFID_AUTH. */
  auth: boolean;
  /** RFID_RATE_LIMIT_PER_MIN; 0 = no limit. */
  rateLimitPerMin: number;
  verifier: ApiKeyVerifier;
  /** URL prefixes that are public whatever their config (plugins' routes such as `/docs`). */
  publicPrefixes?: readonly string[];
}

/** Who a request is when RFID_AUTH=off (loopback only): allowed everything. */
export const ANONYMOUS: ApiKeyIdentity = Object.freeze({ id: 'anonymous', name: 'anonymous (RFID_AUTH=off)', role: 'admin', prefix: '' });

const READ_METHODS = new Set(['GET', 'HEAD']);

function requiredRole(route: RouteOptions, publicPrefixes: readonly string[]): ApiRole | 'public' {
  const config = (route.config ?? {}) as { role?: unknown; public?: unknown };
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase());
  if (config.public === true || methods.every((m) => m === 'OPTIONS') || publicPrefixes.some((p) => route.url === p || route.url.startsWith(`${p}/`)))
    return 'public';
  if (config.role !== undefined) {
    if (!isApiRole(config.role))
      throw new Error(`route ${methods.join(',')} ${route.url}: config.role must be read, ingest or admin, got ${String(config.role)}`);
    return config.role;
  }
  if (methods.every((m) => READ_METHODS.has(m))) return 'read';
  throw new Error(`route ${methods.join(',')} ${route.url} must declare config.role ('read' | 'ingest' | 'admin') or config.public`);
}

async function auth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const publicPrefixes = options.publicPrefixes ?? [];
  app.decorateRequest('apiKey', null);

  app.addHook('onRoute', (route) => {
    const role = requiredRole(route, publicPrefixes);
    route.config = { ...(route.config ?? {}), ...(role === 'public' ? { public: true } : { role }) };
    // Every protected route documents its 401/403/429, so the OpenAPI document is complete;
    // a public one says it needs no key (`security: []` overrides the document's default).
    const schema = route.schema as { response?: Record<string, unknown>; hide?: boolean; security?: unknown[] } | undefined;
    if (role === 'public' && schema && !schema.hide) schema.security = [];
    if (role !== 'public' && schema && !schema.hide) {
      schema.response = {
        401: problemResponse('no API key, or a wrong or revoked one (Authorization: Bearer <key>)'),
        403: problemResponse(`the key's role does not include ${role}`),
        ...(options.rateLimitPerMin > 0 ? { 429: problemResponse('over the per-key rate limit; see Retry-After') } : {}),
        ...(schema.response ?? {}),
      };
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (request.is404 || config.public === true) return;
    if (!options.auth) {
      request.apiKey = ANONYMOUS;
      return;
    }
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      void reply.header('www-authenticate', 'Bearer realm="rfid"');
      return sendProblem(reply, 401, {
        code: 'UNAUTHORIZED',
        title: 'Unauthorized',
        detail: 'this route needs an API key: send Authorization: Bearer <key>',
        hint: 'create one with `rfid apikey create --name NAME --role read|ingest|admin`',
        errors: [
          {
            field: 'header.authorization',
            code: request.headers.authorization === undefined ? 'MISSING_FIELD' : 'BAD_FORMAT',
            message: 'expected Bearer <key>',
          },
        ],
      });
    }
    const identity = await options.verifier.verify(token);
    if (identity === undefined) {
      void reply.header('www-authenticate', 'Bearer realm="rfid", error="invalid_token"');
      return sendProblem(reply, 401, { code: 'UNAUTHORIZED', title: 'Unauthorized', detail: 'the API key is not valid: unknown, malformed or revoked' });
    }
    request.apiKey = identity;
    const need = config.role ?? 'read';
    if (!roleAllows(identity.role, need)) {
      return sendProblem(reply, 403, {
        code: 'FORBIDDEN',
        title: 'Forbidden',
        detail: `key ${identity.prefix} (${identity.name}) has role ${identity.role}; this route needs ${need}`,
      });
    }
  });

  if (options.rateLimitPerMin > 0) {
    // Added per route by the plugin, after the hook above: the key id is known by then.
    await app.register(rateLimit, {
      max: options.rateLimitPerMin,
      timeWindow: 60_000,
      hook: 'onRequest',
      keyGenerator: (request: FastifyRequest) => (request.apiKey && request.apiKey !== ANONYMOUS ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
      allowList: (request: FastifyRequest) => request.routeOptions.config.public === true,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`more than ${context.max} requests in a minute with this key (RFID_RATE_LIMIT_PER_MIN); retry in ${context.after}`), {
          statusCode: context.statusCode,
        }),
    });
  }
}

/** The plugin; `fastify-plugin` keeps its hooks on the parent, so they guard every route. */
export const authPlugin = fp(auth, { name: 'rfid-auth', fastify: '5.x' });
