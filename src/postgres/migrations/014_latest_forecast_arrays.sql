-- The seed's `shipment_forecast_daily` becomes a view over two tables (issue 10's ≤ 10 s daily run).
--
-- As a table it was rewritten by every day's forecast: each origin's horizon (14 days) per cell and
-- seed method, 2.8 million rows a day at 100,000 cells × (ma7, auto), of which 2.6 million replaced
-- the origin before's forecast of the same day. Measured on the daily-run benchmark: 18.2 of the
-- day's 30.3 s went to those rows; even a binary COPY costs ~8 µs of Postgres CPU per row here.
-- Now a day's run writes one array per series (the newest origin's horizon) and settles one day
-- per series (the day the newest origin reached, whose latest forecast can no longer change unless
-- an older origin is restated): 400,000 rows a day instead of 2.8 million, for the same rows read.
--
--   shipment_forecast_settled  days up to each series' newest origin: the latest forecast made for
--                              that day (the former table, renamed, with its keys and indexes);
--   shipment_forecast_latest   per series, the newest origin's forecast: forecast_qty[k] is the
--                              forecast for origin_day + k;
--   shipment_forecast_daily    the seed's name, columns and key (date, sku, location, method): the
--                              union of the two (the writer keeps them disjoint per series).

ALTER TABLE shipment_forecast_daily RENAME TO shipment_forecast_settled;
ALTER TABLE shipment_forecast_settled RENAME CONSTRAINT shipment_forecast_daily_pkey TO shipment_forecast_settled_pkey;
ALTER INDEX shipment_forecast_daily_cell_idx RENAME TO shipment_forecast_settled_cell_idx;
-- It keeps fillfactor 50 (migration 011): a restated origin updates the settled days after it,
-- and room on the page keeps those updates heap-only. Measured on the daily-run benchmark's
-- restatement at fillfactor 100: ~20 µs of Postgres per updated row (a new tuple and two index
-- entries), the seed table's write 17.8 s for 3 days against 9.4 s.
COMMENT ON TABLE shipment_forecast_settled IS 'The latest forecast made for each day up to each series'' newest origin; read it through shipment_forecast_daily';

CREATE TABLE shipment_forecast_latest (
  sku          text        NOT NULL,
  location     text        NOT NULL,
  method       text        NOT NULL,
  origin_day   date        NOT NULL,
  forecast_qty numeric[]   NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, location, method)
-- Rewritten in place every day: room for the new version on the page keeps the update heap-only.
) WITH (fillfactor = 50);
COMMENT ON TABLE shipment_forecast_latest IS 'Per series, the newest origin''s forecast: forecast_qty[k] is for origin_day + k; read it through shipment_forecast_daily';

-- The days the arrays cover, for reading the view in date order without unnesting every array:
-- each run's pages add their origin's days, and the run removes the days no array covers any more.
CREATE TABLE shipment_forecast_latest_days (
  day date PRIMARY KEY
);
COMMENT ON TABLE shipment_forecast_latest_days IS 'Days some series'' array in shipment_forecast_latest covers (a superset between a forecast run''s pages and its prune)';

-- Each series' newest origin's rows for the days after it become its array, when they are the
-- days origin+1 … origin+k without a gap (as the job wrote them); any other row stays settled, and
-- the job's next run of a series removes its settled rows within the horizon it writes.
WITH newest AS (
  SELECT sku, location, method, max(origin_day) AS origin_day
  FROM shipment_forecast_settled WHERE origin_day IS NOT NULL
  GROUP BY sku, location, method
), ahead AS (
  SELECT s.sku, s.location, s.method, n.origin_day,
         array_agg(s.forecast_qty ORDER BY s.date) AS forecast_qty, max(s.date) - n.origin_day AS last_lead, count(*) AS days,
         max(s.computed_at) AS computed_at
  FROM shipment_forecast_settled s
  JOIN newest n USING (sku, location, method)
  WHERE s.date > n.origin_day AND s.origin_day = n.origin_day
  GROUP BY s.sku, s.location, s.method, n.origin_day
)
INSERT INTO shipment_forecast_latest (sku, location, method, origin_day, forecast_qty, computed_at)
SELECT sku, location, method, origin_day, forecast_qty, computed_at FROM ahead WHERE last_lead = days;

DELETE FROM shipment_forecast_settled s
USING shipment_forecast_latest l
WHERE s.sku = l.sku AND s.location = l.location AND s.method = l.method
  AND s.date > l.origin_day AND s.date <= l.origin_day + cardinality(l.forecast_qty);

INSERT INTO shipment_forecast_latest_days (day)
SELECT DISTINCT l.origin_day + h FROM shipment_forecast_latest l CROSS JOIN LATERAL generate_series(1, cardinality(l.forecast_qty)) AS h;

CREATE VIEW shipment_forecast_daily AS
SELECT date, sku, location, forecast_qty, method, computed_at, origin_day
FROM shipment_forecast_settled
UNION ALL
SELECT l.origin_day + h, l.sku, l.location, l.forecast_qty[h], l.method, l.computed_at, l.origin_day
FROM shipment_forecast_latest l
CROSS JOIN LATERAL generate_series(1, cardinality(l.forecast_qty)) AS h;
COMMENT ON VIEW shipment_forecast_daily IS 'Seed 000''s table: the latest forecast made for each day, sku, location and method (ma7 = the seed''s 7-day moving average); origin_day is the day the forecast was made from';
