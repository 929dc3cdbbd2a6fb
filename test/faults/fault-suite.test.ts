/**
 * The reduced fault-injection suite in CI (bench/fault-suite.ts runs the full one): 50k events
 * with 10% malformed and 10% duplicates, 3 workers, 3 SIGKILLs, a broker restart, a Postgres
 * restart, a Redis FLUSHALL, a Redis restart and partitions added mid-run, on private servers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CI_PLAN, runFaultSuite } from '../../bench/lib/fault-harness.ts';

test('faults during a 50k-event run: ledger, stock, Redis and DLQ all match the oracle', async () => {
  const lines: string[] = [];
  const report = await runFaultSuite({ ...CI_PLAN, ports: { kafka: 19_692, postgres: 15_692, redis: 16_692 }, log: (l) => lines.push(l) });
  const kinds = new Set(report.faults.map((f) => f.fault));
  for (const k of ['kill', 'broker-restart', 'postgres-restart', 'redis-flushall', 'redis-restart', 'add-partitions'])
    assert.ok(kinds.has(k), `${k} was injected`);
  assert.equal(report.faults.filter((f) => f.fault === 'kill').length, CI_PLAN.kills);
  const failed = report.checks.filter((c) => !c.pass);
  assert.deepEqual(failed, [], `${lines.join('\n')}\n${JSON.stringify(report.checks, null, 1)}`);
  assert.equal(report.checks.length, 7);
});
