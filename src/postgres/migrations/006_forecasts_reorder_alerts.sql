-- Forecasts, reorder signals and alerts of the daily layer (issue 10).

-- An intermittent SKU's 0.43 units/day must not round to 0.
ALTER TABLE shipment_forecast_daily ALTER COLUMN forecast_qty TYPE numeric USING forecast_qty::numeric;
-- The origin day whose run wrote the row: a re-run of an older origin never overwrites the
-- forecast of a newer one (the table holds the latest forecast made for each day).
ALTER TABLE shipment_forecast_daily ADD COLUMN origin_day date;

-- What each origin's run said, per method including `auto`, for forecast-vs-actual at a fixed
-- lead: forecast_qty[k] is the forecast for origin_day + k (one row per series and method keeps
-- a day's run at 7 rows per cell instead of 7 × horizon).
CREATE TABLE shipment_forecast_by_origin (
  origin_day   date        NOT NULL,
  sku          text        NOT NULL,
  location     text        NOT NULL,
  method       text        NOT NULL,
  forecast_qty numeric[]   NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin_day, sku, location, method)
);

-- Rolling-origin backtest of the latest origin, per series and method.
CREATE TABLE forecast_accuracy (
  sku         text        NOT NULL,
  location    text        NOT NULL,
  method      text        NOT NULL,
  origin_day  date        NOT NULL,
  wape        numeric,
  mase        numeric,
  bias        numeric,
  points      int         NOT NULL,
  origins     int         NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, location, method)
);

-- The method `auto` stands for, per series, and why.
CREATE TABLE forecast_method_choice (
  sku         text        NOT NULL,
  location    text        NOT NULL,
  method      text        NOT NULL,
  reason      text        NOT NULL,
  origin_day  date        NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, location)
);

CREATE TABLE reorder_signals (
  day                 date        NOT NULL,
  sku                 text        NOT NULL,
  location            text        NOT NULL,
  on_hand             int         NOT NULL,
  mean_daily          numeric     NOT NULL,
  sd_daily            numeric     NOT NULL,
  lead_time_days      int         NOT NULL,
  service_level       numeric     NOT NULL,
  z                   numeric     NOT NULL,
  safety_stock        numeric     NOT NULL,
  reorder_point       numeric     NOT NULL,
  days_of_cover       numeric,
  stockout_date       date,
  below_reorder_point boolean     NOT NULL,
  computed_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, sku, location)
);

-- One open (or acknowledged) alert per rule and subject; resolved ones stay as history.
CREATE TABLE alerts (
  id              bigserial   PRIMARY KEY,
  kind            text        NOT NULL CHECK (kind IN ('negative_stock', 'below_reorder_point', 'stockout_soon', 'device_silent', 'dlq_rate', 'ingest_lag')),
  subject         text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  details         jsonb       NOT NULL DEFAULT '{}',
  opened_at       timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at     timestamptz
);
CREATE UNIQUE INDEX alerts_one_active ON alerts (kind, subject) WHERE status <> 'resolved';
CREATE INDEX alerts_status_idx ON alerts (status, opened_at DESC);

-- When each reader device was last heard from (the `device_silent` rule keeps it up to date).
CREATE TABLE reader_devices (
  device_id    text        PRIMARY KEY,
  last_seen_at timestamptz NOT NULL
);
