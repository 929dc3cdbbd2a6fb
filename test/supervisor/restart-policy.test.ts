import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterExit, backoffMs, DEFAULT_RESTART_POLICY, INITIAL_RESTART_STATE, type RestartState } from '../../src/supervisor/restart-policy.ts';

const p = DEFAULT_RESTART_POLICY;

test('backoff: 1 s doubling, capped at 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffMs(p, n)),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
  );
  assert.equal(backoffMs(p, 0), 0);
  assert.equal(backoffMs(p, 10_000), 30_000);
});

test('a crash loop doubles the delay each time up to the cap', () => {
  let s: RestartState = INITIAL_RESTART_STATE;
  const delays: number[] = [];
  let now = 0;
  for (let i = 0; i < 8; i++) {
    s = afterExit(p, s, { startedAtMs: now, exitedAtMs: now + 200 });
    delays.push(s.delayMs);
    now += 200 + s.delayMs;
  }
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  assert.equal(s.consecutiveCrashes, 8);
});

test('a run of 60 s or more resets the backoff; 59.999 s does not', () => {
  const looping: RestartState = { consecutiveCrashes: 5, delayMs: 16_000 };
  assert.deepEqual(afterExit(p, looping, { startedAtMs: 0, exitedAtMs: 60_000 }), { consecutiveCrashes: 1, delayMs: 1_000 });
  assert.deepEqual(afterExit(p, looping, { startedAtMs: 0, exitedAtMs: 59_999 }), { consecutiveCrashes: 6, delayMs: 30_000 });
});

test('another policy is honoured as given', () => {
  const fast = { initialMs: 100, maxMs: 250, resetAfterMs: 1_000 };
  assert.deepEqual(
    [1, 2, 3].map((n) => backoffMs(fast, n)),
    [100, 200, 250],
  );
});
