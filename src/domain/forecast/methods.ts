/**
 * The forecast methods by name, their fixed parameters, and one entry point that the daily
 * forecast job calls per series. Every method is fitted with fixed parameters (no optimisation):
 * a nightly run over ~200,000 series must stay cheap and reproducible, and the backtest
 * (backtest.ts) is what chooses between methods per series.
 */
import { RfidError } from '../../errors.ts';
import { crostonRate } from './croston.ts';
import { holtWintersInto } from './holt-winters.ts';
import { ma7Rate } from './ma7.ts';
import { sesLevel } from './ses.ts';
import { tsbRate } from './tsb.ts';

/** In order of simplicity: `chooseAuto` breaks ties towards the earlier one. */
export const FORECAST_METHODS = ['ma7', 'ses', 'croston', 'croston_sba', 'tsb', 'holt_winters'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export interface ForecastParams {
  alpha?: number;
  beta?: number;
  gamma?: number;
  alphaDemand?: number;
  alphaProbability?: number;
  seasonLength?: number;
}

/**
 * Fixed defaults:
 * - `alpha` 0.1: the smoothing of SES, of both Croston sub-series (statsforecast's Croston fixes
 *   α = 0.1, which makes SBA's factor its 0.95) and of Holt–Winters' level. Small, because daily
 *   SKU demand is mostly noise around a slowly moving level.
 * - `beta` 0.01: Holt–Winters' trend smoothing; a trend over 14 days is extrapolated, so it must
 *   move slowly or one busy week turns into a runaway forecast.
 * - `gamma` 0.1: Holt–Winters' seasonal smoothing; each weekday's effect is updated once a week.
 * - `alphaDemand` 0.1, `alphaProbability` 0.1: TSB's size and probability smoothing (statsforecast
 *   has no default; 0.1 keeps TSB comparable with Croston at α = 0.1).
 * - `seasonLength` 7: a weekly cycle of business days.
 */
export const DEFAULT_PARAMS: Required<ForecastParams> = Object.freeze({
  alpha: 0.1,
  beta: 0.01,
  gamma: 0.1,
  alphaDemand: 0.1,
  alphaProbability: 0.1,
  seasonLength: 7,
});

/**
 * `params` over the defaults, checked once: smoothing parameters in (0, 1], a season of ≥ 2 days.
 *
 * @example
 * resolveParams({ alpha: 0.3 }).alpha // 0.3
 */
export function resolveParams(params?: ForecastParams): Required<ForecastParams> {
  // The common case, once per series in a nightly run: nothing to merge or check.
  if (params === undefined || params === DEFAULT_PARAMS) return DEFAULT_PARAMS;
  const p = { ...DEFAULT_PARAMS };
  for (const key of Object.keys(params) as (keyof ForecastParams)[]) {
    const v = params[key];
    if (v !== undefined) p[key] = v;
  }
  for (const key of ['alpha', 'beta', 'gamma', 'alphaDemand', 'alphaProbability'] as const) {
    const v = p[key];
    if (!(v > 0 && v <= 1)) throw new RfidError('INVALID_INPUT', `forecast parameter ${key} must be in (0, 1], got ${v}`);
  }
  if (!Number.isInteger(p.seasonLength) || p.seasonLength < 2) {
    throw new RfidError('INVALID_INPUT', `forecast parameter seasonLength must be an integer ≥ 2, got ${p.seasonLength}`);
  }
  return p;
}

/**
 * Writes the forecast of the first `end` days of `history` into `out[0..horizon)`, clamped at 0.
 * No allocation for the flat methods: the backtest calls this once per origin and method.
 *
 * @example
 * const out = new Float64Array(2)
 * forecastInto('ma7', [7, 7, 7, 7, 7, 7, 7, 0], 7, 2, resolveParams(), out)
 * out // [7, 7]
 */
export function forecastInto(
  method: ForecastMethod,
  history: readonly number[],
  end: number,
  horizon: number,
  p: Required<ForecastParams>,
  out: Float64Array | number[],
): void {
  let rate: number;
  switch (method) {
    case 'ma7':
      rate = ma7Rate(history, end);
      break;
    case 'ses':
      rate = sesLevel(history, p.alpha, end);
      break;
    case 'croston':
      rate = crostonRate(history, p.alpha, end);
      break;
    case 'croston_sba':
      rate = crostonRate(history, p.alpha, end) * (1 - p.alpha / 2);
      break;
    case 'tsb':
      rate = tsbRate(history, p.alphaDemand, p.alphaProbability, end);
      break;
    case 'holt_winters': {
      holtWintersInto(history, end, horizon, p, out);
      for (let h = 0; h < horizon; h++) if (!(out[h]! > 0)) out[h] = 0;
      return;
    }
    default:
      throw new RfidError('INVALID_INPUT', `unknown forecast method '${String(method)}'`);
  }
  // biome-ignore lint/complexity/useMathMinMax: a NaN rate must become 0; Math.max would keep the NaN
  const value = rate > 0 ? rate : 0;
  for (let h = 0; h < horizon; h++) out[h] = value;
}

/**
 * Forecast of daily OUT quantity for D+1..D+horizon.
 *
 * `history` is the daily OUT quantity per day, oldest → newest, zero-filled, ending at the origin
 * day D. Values are never negative (a falling Holt–Winters trend is clamped at 0); an empty
 * history forecasts 0.
 *
 * @example
 * forecast('ma7', [0, 1, 2, 3, 4, 5, 6, 7], 3) // [4, 4, 4]
 * forecast('croston', [0, 0, 6, 0, 2], 1) // [1.931…]
 */
export function forecast(method: ForecastMethod, history: readonly number[], horizon: number, params?: ForecastParams): number[] {
  if (!Number.isInteger(horizon) || horizon < 0) throw new RfidError('INVALID_INPUT', `forecast horizon must be a whole number of days ≥ 0, got ${horizon}`);
  const out = new Array<number>(horizon).fill(0);
  forecastInto(method, history, history.length, horizon, resolveParams(params), out);
  return out;
}
