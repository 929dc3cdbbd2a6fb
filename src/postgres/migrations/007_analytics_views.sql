-- Stable, commented SQL views for BI tools (seed 000's Metabase; Superset, Grafana): point the
-- tool at schema `analytics` with a read-only role. Columns are only ever added, never renamed.
CREATE SCHEMA analytics;
COMMENT ON SCHEMA analytics IS 'rfid-pipeline views for BI tools: stable names and columns (added to, never renamed)';

-- The business zone of the daily layer, for views that cut days.
CREATE VIEW analytics.business_zone AS SELECT time_zone FROM daily_settings;
COMMENT ON VIEW analytics.business_zone IS 'The IANA time zone business days are cut in (RFID_TIMEZONE)';

CREATE VIEW analytics.current_stock AS
SELECT c.sku, s.name AS sku_name, s.category, c.location, l.name AS location_name, l.warehouse, l.zone,
       c.qty_on_hand, c.last_event_ts, c.updated_at
FROM inventory_current c
LEFT JOIN sku_master s USING (sku)
LEFT JOIN location_master l USING (location);
COMMENT ON VIEW analytics.current_stock IS 'On-hand now per SKU x location, with master-data names (null where unknown); may be negative';

CREATE VIEW analytics.daily_movements AS
SELECT (e.event_ts AT TIME ZONE z.time_zone)::date AS day, e.sku, e.location,
       sum(e.qty) FILTER (WHERE e.event_type = 'IN')     AS in_qty,
       sum(e.qty) FILTER (WHERE e.event_type = 'OUT')    AS out_qty,
       sum(e.qty) FILTER (WHERE e.event_type = 'ADJUST') AS adjust_qty,
       sum(CASE e.event_type WHEN 'OUT' THEN -e.qty ELSE e.qty END) AS net_qty,
       count(*) AS events
FROM rfid_events e CROSS JOIN daily_settings z
GROUP BY 1, 2, 3;
COMMENT ON VIEW analytics.daily_movements IS 'Ledger totals per business day (RFID_TIMEZONE, by event_ts) and cell: IN, OUT, ADJUST (signed), net, event count. Reads the ledger: filter on day and sku';

CREATE VIEW analytics.snapshot_trend AS
SELECT date AS day, sku, location, qty_on_hand,
       qty_on_hand - lag(qty_on_hand) OVER (PARTITION BY sku, location ORDER BY date) AS change_from_previous
FROM inventory_snapshot_daily;
COMMENT ON VIEW analytics.snapshot_trend IS 'End-of-business-day on-hand per cell and its change from the previous snapshot (null on the first)';

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
       count(c.sku) AS chosen_by_auto
FROM forecast_accuracy a
LEFT JOIN forecast_method_choice c ON c.sku = a.sku AND c.location = a.location AND c.method = a.method
GROUP BY a.method;
COMMENT ON VIEW analytics.forecast_accuracy_by_method IS 'Rolling-origin backtest per method over all series (latest origin): mean and median WAPE, mean MASE and bias, and how many series auto chose it';

CREATE VIEW analytics.reorder_status AS
SELECT r.day, r.sku, s.name AS sku_name, r.location, l.name AS location_name,
       coalesce(c.qty_on_hand, r.on_hand) AS qty_on_hand_now, r.on_hand AS qty_on_hand_at_day_end,
       r.mean_daily, r.sd_daily, r.lead_time_days, r.service_level, r.safety_stock, r.reorder_point,
       r.days_of_cover, r.stockout_date, coalesce(c.qty_on_hand, r.on_hand) < r.reorder_point AS below_reorder_point_now
FROM reorder_signals r
LEFT JOIN inventory_current c USING (sku, location)
LEFT JOIN sku_master s USING (sku)
LEFT JOIN location_master l USING (location)
WHERE r.day = (SELECT max(day) FROM reorder_signals);
COMMENT ON VIEW analytics.reorder_status IS 'The newest reorder signals per cell with names, the on-hand now and whether it is below the reorder point now';

CREATE VIEW analytics.open_alerts AS
SELECT id, kind, subject, status, details, opened_at, last_seen_at, acknowledged_at, acknowledged_by
FROM alerts WHERE status <> 'resolved';
COMMENT ON VIEW analytics.open_alerts IS 'Active alerts (open or acknowledged), one per rule and subject';

CREATE VIEW analytics.dlq_summary AS
SELECT (d.dead_at AT TIME ZONE z.time_zone)::date AS day, d.source_topic, d.code, count(*) AS messages,
       min(d.dead_at) AS first_at, max(d.dead_at) AS last_at
FROM ingest_dead_letters d CROSS JOIN daily_settings z
GROUP BY 1, 2, 3;
COMMENT ON VIEW analytics.dlq_summary IS 'Dead letters per business day, source topic and reason code';
