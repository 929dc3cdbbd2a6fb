/**
 * Where a batch's time goes, as the `rfid_ingest_phase_seconds{phase}` histogram: each step
 * records the time since the previous mark and returns a new mark.
 *
 * @example
 * let mark = phases.now(); await step(); mark = phases.lap('step', mark)
 */
import type { IngestMetrics } from './metrics.ts';

export interface PhaseTimer {
  now(): number;
  /** Records the time since `since` under `phase`; returns now. */
  lap(phase: string, since: number): number;
}

export function phaseTimer(metrics: Pick<IngestMetrics, 'phaseSeconds'>): PhaseTimer {
  return {
    now: () => performance.now(),
    lap(phase, since) {
      const now = performance.now();
      metrics.phaseSeconds.observe({ phase }, (now - since) / 1000);
      return now;
    },
  };
}
