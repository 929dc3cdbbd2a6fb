-- Issue 10's ≤ 10 s daily run: the forecast job wrote 1.4 million rows a day into three tables
-- keyed per method (700,000 per-origin forecasts, 600,000 backtest results, 100,000 auto choices),
-- 8.2 s of the 100,000-cell run. Each now gets one row per cell, with the methods as arrays; the
-- old names stay as views with their columns, for analytics.forecast_vs_actual,
-- analytics.forecast_accuracy_by_method and BI users.

-- What each origin's run said per cell: forecast_qty[(j - 1) * horizon + k] is the forecast of
-- methods[j] (every method, then auto) for origin_day + k. float8, not numeric: the job sends
-- each value rounded to 4 decimals, which float8 holds and casts back to the same numeric (15
-- significant digits), and a binary COPY of 8-byte floats costs Postgres no numeric to build.
CREATE TABLE forecast_origin_cells (
  origin_day   date        NOT NULL,
  sku          text        NOT NULL,
  location     text        NOT NULL,
  methods      text[]      NOT NULL,
  forecast_qty float8[]    NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin_day, sku, location),
  CHECK (cardinality(methods) > 0 AND cardinality(forecast_qty) % cardinality(methods) = 0)
);

INSERT INTO forecast_origin_cells (origin_day, sku, location, methods, forecast_qty, computed_at)
SELECT f.origin_day, f.sku, f.location, array_agg(f.method ORDER BY f.method) FILTER (WHERE q.k = 1),
       array_agg(q.v::float8 ORDER BY f.method, q.k), max(f.computed_at)
FROM shipment_forecast_by_origin f
CROSS JOIN LATERAL unnest(f.forecast_qty) WITH ORDINALITY AS q(v, k)
GROUP BY f.origin_day, f.sku, f.location;

-- The rolling-origin backtest of the latest origin per cell, methods[j] sorted by name (the order
-- GET /v1/forecast-accuracy pages in), and the method auto stands for and why (null: none
-- recorded). Rewritten every day: room on each page for the new version (heap-only updates, as
-- migration 011 measured).
CREATE TABLE forecast_backtest_cells (
  sku         text        NOT NULL,
  location    text        NOT NULL,
  origin_day  date        NOT NULL,
  methods     text[]      NOT NULL,
  wape        numeric[]   NOT NULL,
  mase        numeric[]   NOT NULL,
  bias        numeric[]   NOT NULL,
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
  SELECT sku, location, max(origin_day) AS origin_day, array_agg(method ORDER BY method) AS methods, array_agg(wape ORDER BY method) AS wape,
         array_agg(mase ORDER BY method) AS mase, array_agg(bias ORDER BY method) AS bias, array_agg(points ORDER BY method) AS points,
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
SELECT f.origin_day, f.sku, f.location, m.method,
       f.forecast_qty[(m.j - 1) * h.horizon + 1 : m.j * h.horizon]::numeric[] AS forecast_qty, f.computed_at
FROM forecast_origin_cells f
CROSS JOIN LATERAL (SELECT cardinality(f.forecast_qty) / cardinality(f.methods) AS horizon) h
CROSS JOIN LATERAL unnest(f.methods) WITH ORDINALITY AS m(method, j);
COMMENT ON VIEW shipment_forecast_by_origin IS 'Every method and auto per origin day and cell: forecast_qty[k] is the forecast for origin_day + k (one row per method of forecast_origin_cells)';

CREATE VIEW forecast_accuracy AS
SELECT b.sku, b.location, m.method, b.origin_day, m.wape, m.mase, m.bias, m.points, m.origins, b.computed_at
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
CROSS JOIN LATERAL unnest(b.methods, b.wape, b.mase, b.bias) AS a(method, wape, mase, bias)
GROUP BY a.method;
COMMENT ON VIEW analytics.forecast_accuracy_by_method IS 'Rolling-origin backtest per method over all series (latest origin): mean and median WAPE, mean MASE and bias, and how many series auto chose it';
