-- Issue 10's ≤ 10 s daily run: the forecast job wrote 1.4 million rows a day into three tables
-- keyed per method (700,000 per-origin forecasts, 600,000 backtest results, 100,000 auto choices),
-- 8.2 s of the 100,000-cell run. Each now gets one row per cell, with the methods as arrays; the
-- old names stay as views with their columns, for analytics.forecast_vs_actual,
-- analytics.forecast_accuracy_by_method and BI users.

-- What each origin's run said per cell: for methods[j] (every method, then auto, sorted by name)
-- the run of forecast_qty from starts[j] to the next run: `horizon` values (the forecasts for
-- origin_day + 1 … + horizon), or one when the forecast is flat (the same for every lead, as ma7,
-- ses and the Croston family always are): ~30 values a cell instead of 98, half the bytes and the
-- Postgres CPU of a day's COPY. float8, not numeric: the job sends each value rounded to 4
-- decimals, which float8 holds and casts back to the same numeric (15 significant digits), and a
-- binary COPY of 8-byte floats costs Postgres no numeric to build.
CREATE TABLE forecast_origin_cells (
  origin_day   date        NOT NULL,
  sku          text        NOT NULL,
  location     text        NOT NULL,
  methods      text[]      NOT NULL,
  horizon      int         NOT NULL CHECK (horizon > 0),
  starts       int[]       NOT NULL,
  forecast_qty float8[]    NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin_day, sku, location),
  CHECK (cardinality(starts) = cardinality(methods))
);

-- The j-th method's forecasts of a forecast_origin_cells row, one per lead (inlined by the planner).
CREATE FUNCTION forecast_origin_series(qty float8[], starts int[], horizon int, j int) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN coalesce(starts[j + 1], cardinality(qty) + 1) - starts[j] = 1 THEN array_fill(qty[starts[j]], ARRAY[horizon])
            ELSE qty[starts[j] : starts[j] + horizon - 1] END;

WITH runs AS (
  SELECT origin_day, sku, location, method, computed_at, cardinality(forecast_qty) AS horizon,
         CASE WHEN forecast_qty[1] = ALL (forecast_qty) THEN forecast_qty[1:1] ELSE forecast_qty END::float8[] AS run
  FROM shipment_forecast_by_origin
), placed AS (
  SELECT r.*, 1 + coalesce(sum(cardinality(r.run)) OVER (PARTITION BY origin_day, sku, location ORDER BY method
                                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS start
  FROM runs r
)
INSERT INTO forecast_origin_cells (origin_day, sku, location, methods, horizon, starts, forecast_qty, computed_at)
SELECT p.origin_day, p.sku, p.location, array_agg(p.method ORDER BY p.method) FILTER (WHERE q.k = 1), max(p.horizon),
       array_agg(p.start ORDER BY p.method) FILTER (WHERE q.k = 1), array_agg(q.v ORDER BY p.method, q.k), max(p.computed_at)
FROM placed p
CROSS JOIN LATERAL unnest(p.run) WITH ORDINALITY AS q(v, k)
GROUP BY p.origin_day, p.sku, p.location;

-- The rolling-origin backtest of the latest origin per cell, methods[j] sorted by name (the order
-- GET /v1/forecast-accuracy pages in), and the method auto stands for and why (null: none
-- recorded). The measures are the doubles the job computed (the numerics before held their
-- shortest decimals, which a float8 holds exactly). Rewritten every day: room on each page for the
-- new version (heap-only updates, as migration 011 measured).
CREATE TABLE forecast_backtest_cells (
  sku         text        NOT NULL,
  location    text        NOT NULL,
  origin_day  date        NOT NULL,
  methods     text[]      NOT NULL,
  wape        float8[]    NOT NULL,
  mase        float8[]    NOT NULL,
  bias        float8[]    NOT NULL,
  points      int[]       NOT NULL,
  origins     int[]       NOT NULL,
  auto_method text,
  auto_reason text,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, location),
  CHECK (cardinality(wape) = cardinality(methods) AND cardinality(mase) = cardinality(methods) AND cardinality(bias) = cardinality(methods)
         AND cardinality(points) = cardinality(methods) AND cardinality(origins) = cardinality(methods))
) WITH (fillfactor = 50);

INSERT INTO forecast_backtest_cells (sku, location, origin_day, methods, wape, mase, bias, points, origins, auto_method, auto_reason, computed_at)
SELECT coalesce(a.sku, c.sku), coalesce(a.location, c.location), greatest(a.origin_day, c.origin_day),
       coalesce(a.methods, '{}'), coalesce(a.wape, '{}'), coalesce(a.mase, '{}'), coalesce(a.bias, '{}'), coalesce(a.points, '{}'),
       coalesce(a.origins, '{}'), c.method, c.reason, greatest(a.computed_at, c.computed_at)
FROM (
  SELECT sku, location, max(origin_day) AS origin_day, array_agg(method ORDER BY method) AS methods, array_agg(wape::float8 ORDER BY method) AS wape,
         array_agg(mase::float8 ORDER BY method) AS mase, array_agg(bias::float8 ORDER BY method) AS bias, array_agg(points ORDER BY method) AS points,
         array_agg(origins ORDER BY method) AS origins, max(computed_at) AS computed_at
  FROM forecast_accuracy GROUP BY sku, location
) a
FULL JOIN forecast_method_choice c ON c.sku = a.sku AND c.location = a.location;

DROP VIEW analytics.forecast_vs_actual;
DROP VIEW analytics.forecast_accuracy_by_method;
DROP TABLE shipment_forecast_by_origin;
DROP TABLE forecast_accuracy;
DROP TABLE forecast_method_choice;

-- The old tables' names and columns, one row per method.
CREATE VIEW shipment_forecast_by_origin AS
SELECT f.origin_day, f.sku, f.location, m.method, forecast_origin_series(f.forecast_qty, f.starts, f.horizon, m.j::int)::numeric[] AS forecast_qty,
       f.computed_at
FROM forecast_origin_cells f
CROSS JOIN LATERAL unnest(f.methods) WITH ORDINALITY AS m(method, j);
COMMENT ON VIEW shipment_forecast_by_origin IS 'Every method and auto per origin day and cell: forecast_qty[k] is the forecast for origin_day + k (one row per method of forecast_origin_cells)';

-- float8 → text → numeric: the shortest decimal that reads back as the same double (with
-- extra_float_digits ≥ 1, the default), the numeric the job wrote before; a plain cast keeps 15
-- significant digits.
CREATE VIEW forecast_accuracy AS
SELECT b.sku, b.location, m.method, b.origin_day, m.wape::text::numeric AS wape, m.mase::text::numeric AS mase, m.bias::text::numeric AS bias,
       m.points, m.origins, b.computed_at
FROM forecast_backtest_cells b
CROSS JOIN LATERAL unnest(b.methods, b.wape, b.mase, b.bias, b.points, b.origins) AS m(method, wape, mase, bias, points, origins);
COMMENT ON VIEW forecast_accuracy IS 'Rolling-origin backtest of the latest origin per cell and method (one row per method of forecast_backtest_cells)';

CREATE VIEW forecast_method_choice AS
SELECT sku, location, auto_method AS method, auto_reason AS reason, origin_day, computed_at
FROM forecast_backtest_cells
WHERE auto_method IS NOT NULL;
COMMENT ON VIEW forecast_method_choice IS 'The method auto stands for per cell, and why (forecast_backtest_cells)';

-- As migration 007 made them (the same columns and rows), over the new tables.
CREATE VIEW analytics.forecast_vs_actual AS
SELECT f.origin_day, f.method, f.sku, f.location, q.lead::int AS lead_days, f.origin_day + q.lead::int AS day,
       q.forecast_qty, coalesce(m.out_qty, 0) AS actual_qty,
       f.origin_day + q.lead::int <= (SELECT max(date) FROM inventory_snapshot_daily) AS actual_known
FROM shipment_forecast_by_origin f
CROSS JOIN LATERAL unnest(f.forecast_qty) WITH ORDINALITY AS q(forecast_qty, lead)
LEFT JOIN analytics.daily_movements m ON m.day = f.origin_day + q.lead::int AND m.sku = f.sku AND m.location = f.location;
COMMENT ON VIEW analytics.forecast_vs_actual IS 'What each origin day forecast per method for each later day (lead_days ahead) next to the OUT quantity shipped that day; actual_known is false for days not snapshotted yet';

CREATE VIEW analytics.forecast_accuracy_by_method AS
SELECT a.method, count(*) AS series,
       avg(a.wape) AS mean_wape, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.wape) AS median_wape,
       avg(a.mase) AS mean_mase, avg(a.bias) AS mean_bias,
       count(*) FILTER (WHERE a.method = b.auto_method) AS chosen_by_auto
FROM forecast_backtest_cells b
CROSS JOIN LATERAL unnest(b.methods, b.wape::text[]::numeric[], b.mase::text[]::numeric[], b.bias::text[]::numeric[]) AS a(method, wape, mase, bias)
GROUP BY a.method;
COMMENT ON VIEW analytics.forecast_accuracy_by_method IS 'Rolling-origin backtest per method over all series (latest origin): mean and median WAPE, mean MASE and bias, and how many series auto chose it';
