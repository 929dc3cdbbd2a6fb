/** A forecast job's page for tests of the seed table's writer: the forecasts given, no backtest. */
import { PAGE_METHODS } from '../../src/jobs/compute-forecast-page.ts';
import type { ForecastPage } from '../../src/postgres/forecast/forecast-page.ts';

/**
 * `qty[(cell × PAGE_METHODS + j) × horizon + h]` is method j's forecast for origin + h + 1.
 *
 * @example
 * forecastOnlyPage('2026-06-05', [{ sku: 'A', location: 'L' }], 3, new Float64Array(21).fill(1))
 */
export function forecastOnlyPage(origin: string, cells: ForecastPage['cells'], horizon: number, qty: Float64Array): ForecastPage {
  return {
    origin,
    cells,
    methods: PAGE_METHODS,
    horizon,
    qty,
    backtestMethods: [],
    wape: new Float64Array(0),
    mase: new Float64Array(0),
    bias: new Float64Array(0),
    points: new Int32Array(0),
    origins: new Int32Array(0),
    choice: [],
    reason: [],
  };
}
