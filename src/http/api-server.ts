/**
 * The HTTP API (Fastify 5): `/health`, OpenAPI at `/docs`, event ingestion and CSV imports. Later
 * issues add the query routes here. Built by `buildApi` so tests start the same server the CLI
 * does, on an ephemeral port.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ApiDeps } from './api-deps.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerConflictRoutes } from './routes/conflicts.ts';
import { registerDlqRoutes } from './routes/dlq.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerPipelineRoutes } from './routes/pipeline.ts';
import { registerStreamRoutes } from './routes/stream.ts';

/** Where accepted events go: resolves once Kafka acknowledged them all. */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.http.bodyLimitBytes,
    // Clients may send `Connection: keep-alive` batches for a long time; do not cut them.
    keepAliveTimeout: 10_000,
    disableRequestLogging: true,
    ajv: { customOptions: { strict: false } },
  });
  registerErrorHandler(app);
  // Only JSON and multipart bodies are accepted; anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  await app.register(swagger, {
    openapi: {
      info: { title: 'rfid-pipeline API', version: deps.version ?? '0.1.0', description: 'RFID events → exactly-once stock per SKU × location.' },
      tags: [
        { name: 'events', description: 'event ingestion' },
        { name: 'imports', description: 'CSV imports' },
        { name: 'health', description: 'liveness and readiness' },
        { name: 'operations', description: 'pipeline lag, dead letters, conflicts, live stock stream' },
        { name: 'exports', description: 'CSV and Excel downloads, streamed' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, { limits: { fileSize: deps.config.http.importMaxBytes, files: 1, fields: 10 } });
  registerHealthRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerPipelineRoutes(app, deps);
  registerDlqRoutes(app, deps);
  registerConflictRoutes(app, deps);
  registerStreamRoutes(app, deps);
  registerExportRoutes(app, deps);
  return app;
}
