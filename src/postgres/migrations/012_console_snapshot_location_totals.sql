-- The console's Trends page (issue 12) sums end-of-day snapshots per day over a location, a
-- warehouse or every cell. On 100k cells × 30 days that is a 3M-row sum per request (measured
-- 220-830 ms p99 with bench/console-requests.ts); a per-day, per-location total makes it a few
-- hundred rows. The totals are kept by statement-level triggers: each statement that writes
-- snapshots recomputes the days it touched (one write of a 100k-cell day re-sums that day once,
-- ~tens of ms beside the seconds the snapshot job takes), so a restated day is right at commit.
CREATE TABLE inventory_snapshot_location_daily (
  date        date   NOT NULL,
  location    text   NOT NULL,
  qty_on_hand bigint NOT NULL,
  cells       int    NOT NULL,
  PRIMARY KEY (date, location)
);

CREATE FUNCTION inventory_snapshot_location_daily_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM inventory_snapshot_location_daily t WHERE t.date IN (SELECT DISTINCT c.date FROM changed c);
  INSERT INTO inventory_snapshot_location_daily (date, location, qty_on_hand, cells)
  SELECT s.date, s.location, sum(s.qty_on_hand), count(*)
  FROM inventory_snapshot_daily s
  WHERE s.date IN (SELECT DISTINCT c.date FROM changed c)
  GROUP BY s.date, s.location;
  RETURN NULL;
END
$$;

-- One trigger per event: a transition table belongs to a trigger with a single event.
CREATE TRIGGER inventory_snapshot_location_daily_ins AFTER INSERT ON inventory_snapshot_daily
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION inventory_snapshot_location_daily_refresh();
CREATE TRIGGER inventory_snapshot_location_daily_upd AFTER UPDATE ON inventory_snapshot_daily
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION inventory_snapshot_location_daily_refresh();
CREATE TRIGGER inventory_snapshot_location_daily_del AFTER DELETE ON inventory_snapshot_daily
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION inventory_snapshot_location_daily_refresh();

INSERT INTO inventory_snapshot_location_daily (date, location, qty_on_hand, cells)
SELECT date, location, sum(qty_on_hand), count(*) FROM inventory_snapshot_daily GROUP BY date, location;
