-- Indexes for the console's reads through the API (issue 12's budget: p99 ≤ 100 ms per request on
-- a 100k-cell inventory with 90 days of snapshots). Each serves a filter the primary key cannot:
-- the primary keys lead with the day, so one location's or one cell's rows are spread over every
-- day's key range.
--
-- GET /v1/snapshots?location= (a location's trend): rows of one location in (date, sku) order.
-- Before it, a page of 1,000 read ~20,000 index entries per page from the primary key (100 ms)
-- or, with the order on the text of the date, every row of the range (2.1 s on 6M rows).
CREATE INDEX inventory_snapshot_daily_location_idx ON inventory_snapshot_daily (location, date, sku);
-- GET /v1/forecasts?sku=&location= (a cell's forecast page).
CREATE INDEX shipment_forecast_daily_cell_idx ON shipment_forecast_daily (sku, location, date);
-- GET /v1/reorder?sku=&location= (the newest signal of a cell: DISTINCT ON (sku, location) … day DESC).
CREATE INDEX reorder_signals_cell_idx ON reorder_signals (sku, location, day);
