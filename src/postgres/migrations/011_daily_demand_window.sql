-- Issue 10's benchmark (one day's full run for 100,000 cells in seconds): the forecast and reorder
-- jobs read each cell's daily OUT series from here instead of the ledger (0.6 s per page of 5,000
-- cells from the ledger's (sku, location, event_ts) index; one row per cell here).

-- Per cell, its daily OUT quantity over the `days` business days ending at `last_day`:
-- out_qty[days] is last_day, out_qty[days - j] is last_day - j; days after last_day shipped nothing.
-- The snapshot job keeps it: each day it sets that day's value for the cells with OUT rows on it
-- (a day costs what happened on it), and rebuilds it from the ledger when the snapshot chain breaks.
CREATE TABLE daily_demand_window (
  sku      text  NOT NULL,
  location text  NOT NULL,
  last_day date  NOT NULL,
  out_qty  int[] NOT NULL,
  PRIMARY KEY (sku, location)
) WITH (fillfactor = 70);

-- One row: whether the window is complete (a cell without a row shipped nothing on any day from
-- valid_from on), and its length. NULL until the first rebuild; set to NULL while one runs.
CREATE TABLE daily_demand_window_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  valid_from date,
  days       int     NOT NULL
);
INSERT INTO daily_demand_window_state (valid_from, days) VALUES (NULL, 0);

-- Tables whose rows a day's run rewrites (13 of each series' 14 latest forecasts, the backtest per
-- series and method, the auto choice): room on each page for the new version, so the update is
-- a heap-only tuple (no new index entry). Measured on 5 days of 280,000 seed-table rows, updated
-- from a temporary table: 2.4–4.1 µs of Postgres CPU per row at the default fillfactor, 1.5–2.4
-- at 50 (88% of the updates heap-only in a 20,000-cell run).
ALTER TABLE shipment_forecast_daily SET (fillfactor = 50);
ALTER TABLE forecast_accuracy SET (fillfactor = 50);
ALTER TABLE forecast_method_choice SET (fillfactor = 50);
