/**
 * Serves the console's static build (`console/dist`, made by `npm run build:console`) at `/`:
 * public, no key (the console signs in with a key itself and calls `/v1/…`). Hash routing
 * (`/#/inventory`) keeps every console page on `/`, so nothing here can shadow `/v1`, `/docs`,
 * `/health` or `/metrics`. Hashed assets are cached for a year; `index.html` is revalidated, so
 * a new build shows at the next load. Without a build, `/` answers 503 with a page saying how to
 * make one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { PROJECT_ROOT } from '../config/config.ts';

export const CONSOLE_DIST = path.join(PROJECT_ROOT, 'console', 'dist');

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rfid console: not built</title><link rel="icon" href="data:,"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The console is not built</h1>
<p>This API serves the web console from <code>console/dist</code>, which does not exist yet. Build it with</p>
<pre>npm run build:console</pre>
<p>then reload this page (<code>bash scripts/main.sh</code> builds it by itself). The API itself works: <a href="/docs">/docs</a>.</p>
</body></html>
`;

/** Adds `/` and `/assets/*` (public). `dist` may be given for tests; it is looked at per request. */
export async function registerConsoleStatic(app: FastifyInstance, dist = CONSOLE_DIST): Promise<void> {
  // serve: false — only the two routes below, declared public for the auth plugin.
  await app.register(fastifyStatic, { root: dist, serve: false });
  const built = () => existsSync(path.join(dist, 'index.html'));
  const schema = { hide: true };
  app.get('/', { config: { public: true }, schema }, async (_request, reply) => {
    if (!built()) return reply.code(503).type('text/html; charset=utf-8').header('retry-after', '60').send(MISSING_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
  app.get('/assets/*', { config: { public: true }, schema }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    // sendFile refuses paths that leave the root; names are content-hashed, so cache for good.
    return reply.sendFile(path.posix.join('assets', file), { maxAge: 365 * 86_400_000, immutable: true });
  });
}
