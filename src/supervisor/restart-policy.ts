/**
 * When a supervised child that exited is started again: exponential backoff from `initialMs`,
 * doubling per consecutive crash up to `maxMs`; a child that stayed up `resetAfterMs` or longer
 * counts as healthy again, so its next crash waits `initialMs`. Pure: the caller passes the clock.
 *
 * @example
 * const p = DEFAULT_RESTART_POLICY
 * let s = INITIAL_RESTART_STATE
 * s = afterExit(p, s, { startedAtMs: 0, exitedAtMs: 500 })    // s.delayMs === 1_000
 * s = afterExit(p, s, { startedAtMs: 1_500, exitedAtMs: 1_600 }) // s.delayMs === 2_000
 * s = afterExit(p, s, { startedAtMs: 0, exitedAtMs: 90_000 })  // up 90 s: s.delayMs === 1_000
 */
export interface RestartPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A run at least this long resets the backoff. */
  readonly resetAfterMs: number;
}

/** 1 s doubling to 30 s, reset after 60 s up: a crash loop costs little, a rare crash restarts fast. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = Object.freeze({ initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 });

export interface RestartState {
  /** Crashes in a row, each after a run shorter than `resetAfterMs`. */
  readonly consecutiveCrashes: number;
  /** Wait before the next start. */
  readonly delayMs: number;
}

export const INITIAL_RESTART_STATE: RestartState = Object.freeze({ consecutiveCrashes: 0, delayMs: 0 });

/** The delay before restart number `crashes` in a row (1 → initialMs), capped at maxMs. */
export function backoffMs(policy: RestartPolicy, crashes: number): number {
  if (crashes <= 0) return 0;
  // 2 ** 30 already exceeds any sensible cap; bounding the exponent keeps the number finite.
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(crashes - 1, 30));
}

/** The state after a child's run ended at `exitedAtMs`. */
export function afterExit(policy: RestartPolicy, state: RestartState, run: { startedAtMs: number; exitedAtMs: number }): RestartState {
  const healthyRun = run.exitedAtMs - run.startedAtMs >= policy.resetAfterMs;
  const consecutiveCrashes = healthyRun ? 1 : state.consecutiveCrashes + 1;
  return { consecutiveCrashes, delayMs: backoffMs(policy, consecutiveCrashes) };
}
