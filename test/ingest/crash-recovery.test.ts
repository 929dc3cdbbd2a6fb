/**
 * SIGKILL the real `rfid ingest` process at random moments while it works through a stream of
 * events with duplicates, restart it each time, and compare the end state with an oracle
 * computed from the produced events alone. Then two workers with a rebalance in the middle.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import type { Pool } from '../../src/postgres/pool.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv, type TestEnv } from '../support/test-env.ts';
import { oracle, produceRaw, randomEvents, rng, toMessage } from '../support/events.ts';
import { diffStock, redisVsPostgres, stockFromPostgres, waitUntilApplied } from '../support/pipeline-checks.ts';

const EVENTS = Number(process.env.RFID_CRASH_TEST_EVENTS ?? 200_000);
const KILLS = Number(process.env.RFID_CRASH_TEST_KILLS ?? 5);

function spawnWorker(t: TestEnv, id: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'ingest'], {
    env: { ...process.env, ...t.env, RFID_WORKER_ID: id, RFID_BATCH_MAX_MESSAGES: '2000', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // RFID_TEST_WORKER_LOGS=dir keeps each worker's log for a post-mortem.
  if (process.env.RFID_TEST_WORKER_LOGS) child.stderr!.pipe(createWriteStream(path.join(process.env.RFID_TEST_WORKER_LOGS, `${id}.log`), { flags: 'a' }));
  // The end of each worker's log, for the message of a failed assertion.
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-3000)));
  stderrTails.set(child, () => tail);
  return child;
}

const stderrTails = new WeakMap<ChildProcess, () => string>();

/** Asserts a clean exit after SIGTERM, with the exit signal and the worker's last log lines when not. */
function assertCleanExit(child: ChildProcess, name: string): void {
  assert.equal(
    child.exitCode,
    0,
    `${name}: SIGTERM is a clean stop (exit code ${child.exitCode}, signal ${child.signalCode}); its log ends:\n${stderrTails.get(child)?.() ?? ''}`,
  );
}

/** Resolves when the child has exited; a child still running after `limitMs` is killed and the test fails. */
async function exited(child: ChildProcess, limitMs = 60_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), limitMs))),
  ]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    assert.fail(`worker pid ${child.pid} did not exit within ${limitMs / 1000} s of its signal`);
  }
}

async function ledgerCount(pool: Pool): Promise<number> {
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events')).rows[0]!.n;
}

async function setup(name: string) {
  const t = makeTestEnv(name);
  const services = await openServices(t);
  opened.push(services);
  return { t, ...services };
}

const opened: Services[] = [];
after(async () => {
  for (const s of opened) await s.close();
});

/** Waits until everything produced is applied and Redis caught up, then stops the worker (SIGTERM). */
async function settleThenStop(s: Services & { t: TestEnv }, worker: ChildProcess): Promise<void> {
  try {
    await waitUntilApplied(s.t.config, s.pool, 300_000);
    // The worker repairs Redis from the outbox shortly after; give it a moment.
    const deadline = Date.now() + 30_000;
    while ((await redisVsPostgres(s.pool, s.cache)).length > 0 && Date.now() < deadline) await sleep(250);
  } finally {
    worker.kill('SIGTERM');
    await exited(worker);
  }
}

test(`SIGKILL the worker ${KILLS} times during a ${EVENTS}-event run: ledger, stock and Redis match the oracle`, async () => {
  const s = await setup('crash');
  const events = randomEvents(EVENTS, { seed: 42, skus: 500, locations: 10 });
  const rand = rng(43);
  const dups = events.filter(() => rand() < 0.2);
  const messages = [...events, ...dups].map(toMessage);
  // Shuffle duplicates in among the originals (deterministically).
  for (let i = messages.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [messages[i], messages[j]] = [messages[j]!, messages[i]!];
  }
  await produceRaw(s.t.config, messages);

  let kills = 0;
  // Static membership, as a supervisor restarting the same replica would use: the restarted
  // process takes its partitions back without waiting for the session to time out.
  const env = { ...s.t, env: { ...s.t.env, RFID_GROUP_INSTANCE_ID: 'crash-worker' } };
  let worker = spawnWorker(env, 'crash-1');
  while (kills < KILLS) {
    // Kill at a random moment once some progress is visible.
    const before = await ledgerCount(s.pool);
    const deadline = Date.now() + 60_000;
    while ((await ledgerCount(s.pool)) === before && Date.now() < deadline) await sleep(50);
    await sleep(Math.floor(rand() * 400));
    worker.kill('SIGKILL');
    await exited(worker);
    kills++;
    worker = spawnWorker(env, `crash-${kills + 1}`);
  }
  await settleThenStop(s, worker);
  assert.equal(kills, KILLS);
  assert.equal(await ledgerCount(s.pool), new Set(events.map((e) => e.event_id)).size);
  assert.deepEqual(diffStock(oracle(events), await stockFromPostgres(s.pool)), []);
  assert.deepEqual(await redisVsPostgres(s.pool, s.cache), []);
  const outbox = await s.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory_outbox');
  assert.equal(outbox.rows[0]!.n, 0);
});

test('two workers with a rebalance in the middle (one joins, one leaves): same equalities', async () => {
  const s = await setup('rebalance');
  const events = randomEvents(30_000, { seed: 5, skus: 300, locations: 6 });
  const dups = events.slice(0, 3000);
  await produceRaw(s.t.config, events.slice(0, 15_000).map(toMessage));
  const a = spawnWorker(s.t, 'A');
  await sleep(1500);
  const b = spawnWorker(s.t, 'B'); // joins: rebalance
  await produceRaw(s.t.config, [...events.slice(15_000), ...dups].map(toMessage));
  await sleep(1500);
  a.kill('SIGTERM'); // leaves cleanly: rebalance again
  await exited(a);
  await settleThenStop(s, b);
  assertCleanExit(b, 'worker B');
  assertCleanExit(a, 'worker A');
  assert.equal(await ledgerCount(s.pool), events.length);
  assert.deepEqual(diffStock(oracle(events), await stockFromPostgres(s.pool)), []);
  assert.deepEqual(await redisVsPostgres(s.pool, s.cache), []);
});
