/**
 * `rfid up` as a person runs it: the real CLI as a child process against the real services, with
 * its own database, topics, Redis prefix, state folder (RFID_STATE_DIR) and a free PORT.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { createPool, type Pool } from '../../src/postgres/pool.ts';
import { isAlive } from '../../src/stack/processes.ts';
import { readRunState, type RunState } from '../../src/supervisor/run-state.ts';
import { makeTestEnv, runCli, type TestEnv } from '../support/test-env.ts';
import { produceRaw, toMessage, type TestEvent } from '../support/events.ts';

const folders: string[] = [];
const envs: TestEnv[] = [];
const pools: Pool[] = [];
after(async () => {
  for (const p of pools) await p.end();
  for (const t of envs) await t.cleanup();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function upEnv(name: string, extra: Record<string, string> = {}): Promise<{ t: TestEnv; stateDir: string; port: number }> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'rfid-up-'));
  folders.push(stateDir);
  const port = await freePort();
  const t = makeTestEnv(name, { RFID_STATE_DIR: stateDir, PORT: String(port), LOG_LEVEL: 'warn', ...extra });
  envs.push(t);
  return { t, stateDir, port };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, limitMs = 90_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(200);
  }
}

function state(stateDir: string): RunState | undefined {
  return readRunState(path.join(stateDir, 'up.json'));
}

function pidsOf(s: RunState | undefined): number[] {
  return (s?.children ?? []).flatMap((c) => (c.pid !== undefined ? [c.pid] : []));
}

test('rfid up --no-demo runs ingest, worker and API; an event reaches the ledger; a killed child is restarted; a second up refuses; SIGTERM stops everything, exit 0', async () => {
  const { t, stateDir, port } = await upEnv('up-fg');
  const up: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'up', '--no-demo'], {
    env: { ...process.env, ...t.env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  up.stdout!.on('data', (d: Buffer) => (out += d));
  up.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((resolve) => up.on('exit', (code) => resolve(code)));
  const seenPids = new Set<number>();
  try {
    await until('the ready banner', () => (/rfid is running/.test(out) ? true : undefined), 180_000);
    assert.match(out, new RegExp(`API \\+ console\\s+http://127\\.0\\.0\\.1:${port}/`));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    const ready = state(stateDir)!;
    assert.equal(ready.supervisorPid, up.pid);
    assert.deepEqual(
      ready.children.map((c) => c.name),
      ['ingest-1', 'worker', 'api'],
    );
    for (const pid of pidsOf(ready)) seenPids.add(pid);
    assert.ok(pidsOf(ready).every(isAlive));

    // An event produced to the topic is applied by the supervised ingest worker.
    const pool = createPool(t.config.databaseUrl, { max: 1 });
    pools.push(pool);
    const event: TestEvent = { event_id: randomUUID(), event_ts: new Date().toISOString(), event_type: 'IN', sku: 'UP-SKU', location: 'UP-LOC', qty: 7 };
    await produceRaw(t.config, [toMessage(event)]);
    await until('the ledger row', async () =>
      (await pool.query('SELECT 1 FROM rfid_events WHERE event_id = $1', [event.event_id])).rowCount ? true : undefined,
    );

    // kill -9 the ingest worker: the supervisor reports it and starts a new one.
    const ingestPid = ready.children.find((c) => c.name === 'ingest-1')!.pid!;
    process.kill(ingestPid, 'SIGKILL');
    const restarted = await until('a new ingest-1', () => {
      const c = state(stateDir)?.children.find((x) => x.name === 'ingest-1');
      return c?.pid !== undefined && c.pid !== ingestPid ? c : undefined;
    });
    seenPids.add(restarted.pid!);
    assert.equal(restarted.restarts, 1);
    assert.equal(restarted.lastExit, 'signal SIGKILL');
    assert.match(out, new RegExp(`✘ ingest-1 \\(pid ${ingestPid}\\) exited with signal SIGKILL after [\\d.]+ s; restarting in 1 s`));
    // The restarted worker applies too.
    const second: TestEvent = { ...event, event_id: randomUUID(), qty: 3 };
    await produceRaw(t.config, [toMessage(second)]);
    await until('the second ledger row', async () =>
      (await pool.query('SELECT 1 FROM rfid_events WHERE event_id = $1', [second.event_id])).rowCount ? true : undefined,
    );

    // A second `rfid up` on the same state folder refuses and starts nothing.
    const again = await runCli(['up', '--no-demo'], t.env, { timeoutMs: 60_000 });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, new RegExp(`already running \\(pid ${up.pid}`));
    assert.doesNotMatch(again.stderr, /── stack/);
    assert.deepEqual(
      state(stateDir)!.children.map((c) => c.name),
      ['ingest-1', 'worker', 'api'],
    );

    // `rfid status` lists the children with pid and uptime.
    const status = await runCli(['status'], t.env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`ingest-1\\s+pid ${restarted.pid}\\s+up \\d+s\\s+restarts 1 \\(last: signal SIGKILL\\)`));
  } finally {
    up.kill('SIGTERM');
  }
  const code = await exited;
  assert.equal(code, 0, out);
  assert.match(out, /✔ every child stopped/);
  for (const pid of seenPids) assert.equal(isAlive(pid), false, `pid ${pid} still alive`);
  assert.equal(existsSync(path.join(stateDir, 'up.pid')), false);
  const status = await runCli(['status'], t.env);
  assert.equal(status.code, 1);
  assert.match(status.stdout, /not running/);
});

test('rfid up --detach with the demo feed: returns once up, back-dated history reaches the ledger, rfid down stops it all', async () => {
  const { t, stateDir, port } = await upEnv('up-detach', { RFID_DEMO_HISTORY_COUNT: '300', RFID_DEMO_HISTORY_DAYS: '3', RFID_DEMO_RATE: '5' });
  const r = await runCli(['up', '--detach'], t.env, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /rfid is running in the background/);
  assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${port}/docs`));
  assert.match(r.stdout, /demo feed\s+3 days of history \(300 events\), then 5 events\/s/);
  const running = state(stateDir)!;
  assert.ok(isAlive(running.supervisorPid));
  assert.deepEqual(
    running.children.map((c) => c.name),
    ['ingest-1', 'worker', 'api', 'demo-feed'],
  );
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  assert.ok(existsSync(path.join(stateDir, 'logs', 'api.log')));

  // History is back-dated: a business day before today is in the ledger.
  const pool = createPool(t.config.databaseUrl, { max: 1 });
  pools.push(pool);
  const days = await until('back-dated history in the ledger', async () => {
    const q = await pool.query<{ days: number; n: number }>(
      "SELECT count(DISTINCT event_ts::date)::int AS days, count(*)::int AS n FROM rfid_events WHERE event_ts < date_trunc('day', now())",
    );
    return q.rows[0]!.n > 0 ? q.rows[0]! : undefined;
  });
  assert.ok(days.days >= 1);
  // The live feed keeps producing: the ledger grows past the history.
  await until('live events after the history', async () => {
    const q = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
    return q.rows[0]!.n > 300 ? true : undefined;
  });

  const status = await runCli(['status', '--json'], t.env);
  assert.equal(status.code, 0);
  const s = JSON.parse(status.stdout) as { running: boolean; children: Array<{ name: string; alive: boolean }> };
  assert.equal(s.running, true);
  assert.ok(s.children.every((c) => c.alive));

  const down = await runCli(['down'], t.env, { timeoutMs: 60_000 });
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, new RegExp(`rfid up stopped \\(pid ${running.supervisorPid}, 4 children\\)`));
  assert.equal(isAlive(running.supervisorPid), false);
  for (const pid of pidsOf(running)) assert.equal(isAlive(pid), false, `pid ${pid} still alive`);
  const again = await runCli(['down'], t.env);
  assert.equal(again.code, 0);
  assert.match(again.stderr, /not running/);
});
