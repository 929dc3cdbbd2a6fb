import { seededRandom } from './seeded-random.ts';
import { WEEKDAY_SHIPPING } from './warehouse-model.ts';

const HOUR_MS = 3_600_000;

/**
 * Clock readings for history mode: `count` instants over `days` days ending at `endMs`, more on
 * busy weekdays, within 06:00–22:00 UTC, in ascending order. Pure and deterministic.
 */
export function* historyClock(count: number, days: number, endMs: number, seed: number): Generator<number> {
  const rand = seededRandom(seed ^ 0x5f3759df);
  const dayMs = 86_400_000;
  const firstDay = Math.floor(endMs / dayMs) - days + 1;
  const weights = Array.from({ length: days }, (_, d) => WEEKDAY_SHIPPING[new Date((firstDay + d) * dayMs).getUTCDay()]!);
  const sum = weights.reduce((a, b) => a + b, 0);
  let emitted = 0;
  for (let d = 0; d < days; d++) {
    const n = d === days - 1 ? count - emitted : Math.round((count * weights[d]!) / sum);
    const start = (firstDay + d) * dayMs + 6 * HOUR_MS;
    const span = Math.min(16 * HOUR_MS, Math.max(1, endMs - start));
    const times = Array.from({ length: Math.max(0, n) }, () => Math.min(endMs, start + Math.floor(rand() * span))).sort((a, b) => a - b);
    for (const t of times) {
      if (emitted >= count) return;
      emitted++;
      yield t;
    }
  }
}
