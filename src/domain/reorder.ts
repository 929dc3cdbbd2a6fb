/**
 * Reorder signals of one cell (sku × location) for an origin day D:
 *
 * - mean and σ of daily demand over the given history (σ is the sample standard deviation, n − 1;
 *   0 with fewer than two days);
 * - safety stock SS = z·σ·√L, z the service level's standard normal quantile and L the lead time
 *   in days (demand independent from day to day, lead time fixed);
 * - reorder point ROP = mean·L + SS: expected demand over the lead time plus the buffer;
 * - days of cover: how long the on-hand lasts, along the forward forecast when one is given (past
 *   its last day at the forecast's mean), else at the historical mean; fractional;
 * - projected stockout date: the day the stock runs out, D + ⌈cover⌉ (D itself when nothing is on
 *   hand); null when demand is 0 (it never runs out);
 * - below reorder point: on-hand < ROP, strictly, so a cell with no demand (ROP 0) and nothing on
 *   hand raises nothing.
 */
import { RfidError } from '../errors.ts';
import { addDays, type Day } from './business-day.ts';
import { normalQuantile } from './normal-quantile.ts';

export { normalQuantile } from './normal-quantile.ts';

export interface ReorderInput {
  /** Daily demand (OUT quantity), oldest → newest, zero-filled. */
  demand: readonly number[];
  onHand: number;
  leadTimeDays: number;
  /** Cycle service level, e.g. 0.95: the chance of no stockout during one lead time. */
  serviceLevel: number;
  originDay: Day;
  /** Optional forward forecast for D+1, D+2, … used for cover and stockout instead of the mean. */
  forecastDaily?: readonly number[];
}

export interface ReorderSignal {
  meanDaily: number;
  sdDaily: number;
  z: number;
  safetyStock: number;
  reorderPoint: number;
  daysOfCover: number | null;
  stockoutDate: Day | null;
  belowReorderPoint: boolean;
}

// Past this, a stockout date means nothing (and would leave Date's range): report none.
const MAX_STOCKOUT_DAYS = 36_500;

/**
 * The reorder signal of one cell.
 *
 * @example
 * reorderSignal({ demand: [4, 6, 4, 6], onHand: 20, leadTimeDays: 4, serviceLevel: 0.95, originDay: '2026-06-01' })
 * // mean 5, σ = √(4/3) = 1.1547, z = 1.6449, SS = 1.6449 × 1.1547 × 2 = 3.7987,
 * // ROP = 20 + 3.7987 = 23.7987 → below; cover 20 / 5 = 4 days, stockout '2026-06-05'
 */
export function reorderSignal(input: ReorderInput): ReorderSignal {
  const { demand, onHand, leadTimeDays, serviceLevel, originDay, forecastDaily } = input;
  if (!(leadTimeDays >= 0) || !Number.isFinite(leadTimeDays)) throw new RfidError('INVALID_INPUT', `lead time must be ≥ 0 days, got ${leadTimeDays}`);
  if (!Number.isFinite(onHand)) throw new RfidError('INVALID_INPUT', `on-hand must be a number, got ${onHand}`);
  const n = demand.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += demand[i]!;
  const meanDaily = n > 0 ? sum / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (demand[i]! - meanDaily) ** 2;
  const sdDaily = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const z = normalQuantile(serviceLevel);
  const safetyStock = z * sdDaily * Math.sqrt(leadTimeDays);
  const reorderPoint = meanDaily * leadTimeDays + safetyStock;
  const daysOfCover = coverDays(onHand, forecastDaily !== undefined && forecastDaily.length > 0 ? forecastDaily : null, meanDaily);
  const stockoutDate = daysOfCover === null || daysOfCover > MAX_STOCKOUT_DAYS ? null : addDays(originDay, Math.ceil(daysOfCover));
  return { meanDaily, sdDaily, z, safetyStock, reorderPoint, daysOfCover, stockoutDate, belowReorderPoint: onHand < reorderPoint };
}

/** Days until `onHand` is used up along `path` (then at its mean), or at `mean` without a path. */
function coverDays(onHand: number, path: readonly number[] | null, mean: number): number | null {
  if (onHand <= 0) return 0;
  let remaining = onHand;
  let tailRate = mean;
  if (path !== null) {
    let total = 0;
    for (let k = 0; k < path.length; k++) {
      const rate = Math.max(0, path[k]!);
      if (rate > 0 && rate >= remaining) return k + remaining / rate;
      remaining -= rate;
      total += rate;
    }
    tailRate = total / path.length;
    return tailRate > 0 ? path.length + remaining / tailRate : null;
  }
  return tailRate > 0 ? remaining / tailRate : null;
}
