/** One series' forecast from one origin: `qty[k]` is the forecast for origin + k + 1. */
export interface SeriesForecast {
  sku: string;
  location: string;
  method: string;
  qty: readonly number[];
}

/**
 * The parameters of a batch of series forecasts for `unnest`: one array literal per series
 * (`'{0.4286,0.4286}'`, cast to numeric[] in SQL). Not one flat array indexed per row: Postgres
 * copies a parameter array on every subscript, which made 35,000 series take 60 s instead of 1.
 */
export function forecastColumns(rows: readonly SeriesForecast[]): { skus: string[]; locations: string[]; methods: string[]; qty: string[] } {
  return {
    skus: rows.map((r) => r.sku),
    locations: rows.map((r) => r.location),
    methods: rows.map((r) => r.method),
    qty: rows.map((r) => `{${r.qty.map(roundQty).join(',')}}`),
  };
}

/** Four decimals: 3/7 ≈ 0.4286 units/day stays visible, and a numeric of that scale stays small. */
export function roundQty(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
