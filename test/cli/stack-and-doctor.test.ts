import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestEnv, runCli } from '../support/test-env.ts';

const t = makeTestEnv('stack');
after(() => t.cleanup());

test('stack up is idempotent: the second run starts nothing', async () => {
  const first = await runCli(['stack', 'up'], t.env, { timeoutMs: 180_000 });
  assert.equal(first.code, 0, first.stderr);
  const second = await runCli(['stack', 'up'], t.env, { timeoutMs: 60_000 });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /kafka\s+(already-running|external)/);
  assert.match(second.stderr, /postgres\s+running/);
  assert.match(second.stderr, /redis\s+running/);
  assert.doesNotMatch(second.stderr, /starting Kafka/);
});

test('stack status lists every component with address and version', async () => {
  const r = await runCli(['stack', 'status', '--json'], t.env);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ component: string; up: boolean; version: string; address: string }>;
  assert.deepEqual(
    rows.map((x) => x.component),
    ['kafka', 'postgres', 'redis'],
  );
  assert.ok(rows.every((x) => x.up));
  assert.match(rows.find((x) => x.component === 'postgres')!.version, /^\d+/);
});

test('doctor passes once migrated and topics exist', async () => {
  assert.equal((await runCli(['migrate'], t.env)).code, 0);
  assert.equal((await runCli(['topics', 'ensure'], t.env)).code, 0);
  const r = await runCli(['doctor'], t.env, { timeoutMs: 90_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✔ Kafka: produce \+ consume round trip/);
  assert.match(r.stdout, /all \d+ checks passed/);
});

test('doctor fails with a hint naming KAFKA_BROKERS when Kafka is a closed port', async () => {
  const r = await runCli(['doctor'], { ...t.env, KAFKA_BROKERS: '127.0.0.1:1' }, { timeoutMs: 90_000 });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✘ Kafka: metadata/);
  assert.match(r.stdout, /→ .*KAFKA_BROKERS/);
  // The other dependencies are still checked and reported.
  assert.match(r.stdout, /✔ Redis: PING/);
});

test('doctor says to migrate when migrations are pending', async () => {
  const fresh = makeTestEnv('stack-nomigr');
  try {
    assert.equal((await runCli(['stack', 'up'], fresh.env)).code, 0); // creates the database only
    const r = await runCli(['doctor'], fresh.env, { timeoutMs: 90_000 });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✘ Postgres: migrations: \d+ pending: 001_core/);
    assert.match(r.stdout, /rfid migrate/);
  } finally {
    await fresh.cleanup();
  }
});

test('a bad variable stops any command with exit code 2 and names it', async () => {
  const r = await runCli(['doctor'], { ...t.env, PORT: 'abc' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /PORT="abc"/);
});
