/** One series' forecast from one origin: `qty[k]` is the forecast for origin + k + 1. */
export interface SeriesForecast {
  sku: string;
  location: string;
  method: string;
  qty: readonly number[];
}

/** The flat parameters of a batch of series forecasts (all of one horizon), for `unnest`. */
export function forecastColumns(rows: readonly SeriesForecast[]): { skus: string[]; locations: string[]; methods: string[]; qty: number[] } {
  const qty: number[] = [];
  for (const r of rows) for (const v of r.qty) qty.push(roundQty(v));
  return { skus: rows.map((r) => r.sku), locations: rows.map((r) => r.location), methods: rows.map((r) => r.method), qty };
}

/** Four decimals: 3/7 ≈ 0.4286 units/day stays visible, and a numeric of that scale stays small. */
export function roundQty(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
