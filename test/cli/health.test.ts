import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { startMetricsServer } from '../../src/http/metrics-server.ts';
import { ensureDatabase } from '../../src/postgres/pool.ts';
import { makeTestEnv, runCli, type TestEnv } from '../support/test-env.ts';

let t: TestEnv;
let healthy: Server;
let unhealthy: Server;
before(async () => {
  t = makeTestEnv('health');
  await ensureDatabase(t.config.databaseUrl);
  // The ingest worker's own /metrics + /health server, on free ports.
  healthy = await startMetricsServer(new Registry(), 0, '127.0.0.1', () => ({ ok: true }));
  unhealthy = await startMetricsServer(new Registry(), 0, '127.0.0.1', () => ({ ok: false }));
});
after(async () => {
  healthy.close();
  unhealthy.close();
  await t.cleanup();
});

const portOf = (server: Server) => String((server.address() as AddressInfo).port);

test('worker: healthy when Postgres answers, not when it does not', async () => {
  const up = await runCli(['health', '--role', 'worker'], t.env);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  assert.match(up.stdout, /✔ worker: Postgres answers/);
  // Port 9 (discard) is not a Postgres anywhere here: the connection is refused.
  const down = await runCli(['health', '--role', 'worker'], { ...t.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:9/x' });
  assert.equal(down.code, 1, down.stdout + down.stderr);
  assert.match(down.stdout, /✘ worker:/);
});

test("ingest: asks the metrics port's /health and follows its answer", async () => {
  const up = await runCli(['health', '--role', 'ingest'], { ...t.env, HOST: '0.0.0.0', RFID_METRICS_PORT: portOf(healthy) });
  assert.equal(up.code, 0, up.stdout + up.stderr);
  assert.match(up.stdout, new RegExp(`GET http://127\\.0\\.0\\.1:${portOf(healthy)}/health → 200`));
  const sick = await runCli(['health', '--role', 'ingest'], { ...t.env, HOST: '127.0.0.1', RFID_METRICS_PORT: portOf(unhealthy) });
  assert.equal(sick.code, 1, sick.stdout + sick.stderr);
  assert.match(sick.stdout, /→ 503/);
});

test('api: nothing listening on PORT is unhealthy; an unknown role is refused', async () => {
  const api = await runCli(['health', '--role', 'api', '--timeout-ms', '1000'], { ...t.env, PORT: '9' });
  assert.equal(api.code, 1, api.stdout + api.stderr);
  const unknown = await runCli(['health', '--role', 'migrate'], t.env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stdout, /unknown role "migrate"/);
});
