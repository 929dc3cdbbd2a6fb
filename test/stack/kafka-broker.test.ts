import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive } from '../../src/stack/processes.ts';
import { makeTestEnv, runCli } from '../support/test-env.ts';

// A second, private broker on other ports with its own state folder, so that stopping it does
// not disturb the shared broker the other test files use. Same jars cache.
const stateDir = mkdtempSync(path.join(tmpdir(), 'rfid-stack-'));
const t = makeTestEnv('broker', { KAFKA_BROKERS: '127.0.0.1:19192', RFID_STATE_DIR: stateDir, RFID_KAFKA_HEAP_MB: '256' });
after(async () => {
  await runCli(['stack', 'down'], t.env).catch(() => {});
  await t.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

test('stack up starts a real KRaft broker that `stack down` stops, leaving nothing behind', async () => {
  const up = await runCli(['stack', 'up'], t.env, { timeoutMs: 180_000 });
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stderr, /kafka\s+started \(pid (\d+)\)/);
  const pid = Number(readFileSync(path.join(stateDir, 'kafka', 'broker.pid'), 'utf8'));
  assert.ok(isAlive(pid));

  const again = await runCli(['stack', 'up'], t.env);
  assert.match(again.stderr, new RegExp(`kafka\\s+already-running \\(pid ${pid}\\)`));

  const status = await runCli(['stack', 'status', '--json'], t.env);
  const kafka = (JSON.parse(status.stdout) as Array<{ component: string; pid: number; version: string }>)[0]!;
  assert.equal(kafka.pid, pid);
  assert.match(kafka.version, /^4\.\d+\.\d+$/);

  const down = await runCli(['stack', 'down'], t.env, { timeoutMs: 60_000 });
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, new RegExp(`kafka stopped \\(pid ${pid}`));
  // Postgres and Redis were already running: down must leave them alone.
  assert.match(down.stderr, /redis: not started by rfid, left running/);
  assert.match(down.stderr, /postgres: not started by rfid, left running/);
  assert.equal(isAlive(pid), false);

  const after = await runCli(['stack', 'status'], t.env);
  assert.equal(after.code, 1);
  assert.match(after.stdout, /✘ kafka\s+down/);
});
