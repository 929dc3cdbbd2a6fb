/**
 * The HTTP API (Fastify 5): health and metrics, OpenAPI at `/openapi.json` and `/docs`, event
 * ingestion and CSV imports, stock now and as of an instant, the ledger and the daily layer — behind API keys
 * (`auth.ts`), with RFC 9457 problems for every error (`problem.ts`). Built by `buildApi` so
 * tests start the same server the CLI does, on an ephemeral port.
 *
 * Order matters: CORS first (its headers must be on a 401 too), then auth (it sees every route
 * as it is added and documents 401/403/429 on it), then swagger (it reads the routes' schemas).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ApiDeps } from './api-deps.ts';
import { ApiKeyVerifier } from './api-key-verifier.ts';
import { createApiMetrics, observeRequests } from './api-metrics.ts';
import { authPlugin } from './auth.ts';
import { answerClientError } from './client-error.ts';
import { registerErrorHandler } from './error-handler.ts';
import { sendProblem } from './problem.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerInventoryAsOfRoutes } from './routes/inventory-as-of.ts';
import { registerInventoryRoutes } from './routes/inventory.ts';
import { registerLedgerRoutes } from './routes/ledger.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { registerConflictRoutes } from './routes/conflicts.ts';
import { registerDlqRoutes } from './routes/dlq.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerPipelineRoutes } from './routes/pipeline.ts';
import { registerStreamRoutes } from './routes/stream.ts';
import { registerDailyRoutes } from './routes/daily.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerConsoleMetaRoutes } from './routes/console-meta.ts';
import { registerTrendRoutes } from './routes/trends.ts';
import { registerConsoleStatic } from './console-static.ts';

const DOCS_PREFIX = '/docs';

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    // Clients may send `Connection: keep-alive` batches for a long time; do not cut them.
    keepAliveTimeout: 10_000,
    // Per-request log lines off (the request-duration histogram on /metrics covers them); the
    // top-level disableRequestLogging option is deprecated in Fastify 5.12 (FSTDEP023).
    logController: new LogController({ disableRequestLogging: true }),
    // allErrors: a 400 lists every bad parameter at once, not the first one.
    ajv: { customOptions: { strict: false, allErrors: true } },
    // A URL that cannot be decoded (e.g. %FF) is the client's mistake: a 400 problem, not Fastify's own body.
    frameworkErrors: (error, _request, reply) => sendProblem(reply, 400, { code: 'INVALID_INPUT', title: 'Bad Request', detail: error.message }),
    // Bytes that are not HTTP never reach a route: still a problem+json answer.
    clientErrorHandler: answerClientError,
  });
  registerErrorHandler(app);
  // Only JSON and multipart bodies are accepted; anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  const metrics = createApiMetrics();
  observeRequests(app, metrics);
  // No origins configured: no CORS plugin at all (with origin false it added no header but still
  // ran its hook on every request, ~3% of the cached stock read's CPU); preflights are 404 either way.
  if (config.api.corsOrigins.length > 0) await app.register(cors, { origin: config.api.corsOrigins.includes('*') ? '*' : [...config.api.corsOrigins] });
  await app.register(authPlugin, {
    auth: config.api.auth,
    rateLimitPerMin: config.api.rateLimitPerMin,
    verifier: new ApiKeyVerifier(deps.pool, { cacheMs: config.api.keyCacheSeconds * 1000 }),
    publicPrefixes: [DOCS_PREFIX],
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'rfid-pipeline API',
        version: deps.version ?? '0.1.0',
        description: 'RFID events → exactly-once stock per SKU × location. Errors are RFC 9457 application/problem+json.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'rfid_<prefix>_<secret> from `rfid apikey create`' } } },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'inventory', description: 'stock now and as of an instant' },
        { name: 'ledger', description: 'the append-only event ledger' },
        { name: 'events', description: 'event ingestion' },
        { name: 'imports', description: 'CSV imports' },
        { name: 'health', description: 'liveness, readiness, metrics' },
        { name: 'operations', description: 'pipeline lag, dead letters, conflicts, live stock stream' },
        { name: 'exports', description: 'CSV and Excel downloads, streamed' },
        { name: 'daily', description: 'the daily layer: snapshots, forecasts, reorder signals, alerts, job runs' },
        { name: 'console', description: 'what the web console reads first: meta, overview' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  await app.register(multipart, { limits: { fileSize: config.http.importMaxBytes, files: 1, fields: 10 } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  registerHealthRoutes(app, deps);
  registerMetricsRoute(app, deps, metrics);
  registerEventRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerInventoryRoutes(app, deps);
  registerInventoryAsOfRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerPipelineRoutes(app, deps);
  registerDlqRoutes(app, deps);
  registerConflictRoutes(app, deps);
  registerStreamRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerDailyRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerConsoleMetaRoutes(app, deps);
  registerTrendRoutes(app, deps);
  await registerConsoleStatic(app);
  return app;
}
