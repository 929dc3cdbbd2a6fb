/**
 * Laps of a step's phases for `JobContext.onPhase` (bench/daily-run's breakdown): each lap
 * reports the time since the previous one under a phase name. Costs two clock reads when nobody
 * listens.
 *
 * @example
 * const timer = phaseTimer(ctx, 'forecast'); await read(); timer.lap('read')
 */
import type { JobContext } from './job-context.ts';

export interface PhaseTimer {
  /** Reports the time since the last lap (or the start) as `phase`. */
  lap(phase: string): void;
  /** Reports `ms` as `phase` without moving the lap (work timed by its callee, or that overlapped others). */
  add(phase: string, ms: number): void;
  /** Starts the next lap now without reporting the time since the last (reported with `add`). */
  restart(): void;
}

export function phaseTimer(ctx: JobContext, step: string): PhaseTimer {
  let last = performance.now();
  return {
    lap(phase) {
      const now = performance.now();
      ctx.onPhase?.(step, phase, now - last);
      last = now;
    },
    add(phase, ms) {
      ctx.onPhase?.(step, phase, ms);
    },
    restart() {
      last = performance.now();
    },
  };
}
