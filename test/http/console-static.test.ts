/**
 * The console's static files at `/`: public (no key even with auth on), index.html revalidated,
 * hashed assets cached for good, no way out of the build folder, and a 503 page saying how to
 * build when there is no build.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsoleStatic } from '../../src/http/console-static.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'rfid-console-dist-'));
const missing = path.join(dist, 'not-built');
let app: FastifyInstance;
let bare: FastifyInstance;

before(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(dist), `secret-${path.basename(dist)}.txt`), 'no');
  app = Fastify();
  await registerConsoleStatic(app, dist);
  bare = Fastify();
  await registerConsoleStatic(bare, missing);
});

after(async () => {
  await app.close();
  await bare.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(path.join(path.dirname(dist), `secret-${path.basename(dist)}.txt`), { force: true });
});

test('/ is index.html (no-cache); assets are immutable; a path out of the folder is not served', async () => {
  const index = await app.inject('/');
  assert.equal(index.statusCode, 200);
  assert.match(String(index.headers['content-type']), /^text\/html/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.body, '<!doctype html><title>console</title>');
  const js = await app.inject('/assets/index-abc123.js');
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.match(String(js.headers['cache-control']), /max-age=31536000.*immutable/);
  assert.equal((await app.inject('/assets/nope.js')).statusCode, 404);
  const outside = await app.inject(`/assets/..%2F..%2Fsecret-${path.basename(dist)}.txt`);
  assert.notEqual(outside.statusCode, 200);
});

test('without a build, / answers 503 with a page naming npm run build:console', async () => {
  const res = await bare.inject('/');
  assert.equal(res.statusCode, 503);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(res.body, /npm run build:console/);
});
