-- The ledger, current stock, daily snapshot and forecast tables of seed 000 (with at least the
-- seed's columns), plus what exactly-once ingest needs: stored offsets, conflicts, an outbox.

-- Append-only event ledger. One row per distinct event_id, ever.
CREATE TABLE rfid_events (
  event_id         uuid        PRIMARY KEY,
  event_ts         timestamptz NOT NULL,
  ingested_ts      timestamptz NOT NULL DEFAULT now(),
  event_type       text        NOT NULL CHECK (event_type IN ('IN', 'OUT', 'ADJUST')),
  sku              text        NOT NULL,
  location         text        NOT NULL,
  qty              int         NOT NULL,
  device_id        text,
  ref_event_id     uuid,
  -- Where the event was read from, for tracing a row back to its Kafka record.
  source_partition int,
  source_offset    bigint,
  CHECK ((event_type IN ('IN', 'OUT') AND qty > 0) OR (event_type = 'ADJUST' AND qty <> 0))
);
CREATE INDEX rfid_events_cell_ts_idx ON rfid_events (sku, location, event_ts);
CREATE INDEX rfid_events_ts_idx ON rfid_events (event_ts);
CREATE INDEX rfid_events_ref_idx ON rfid_events (ref_event_id) WHERE ref_event_id IS NOT NULL;

-- Nothing updates or deletes a ledger row (DESIGN.md §4): corrections are new events.
CREATE FUNCTION rfid_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rfid_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER rfid_events_no_update BEFORE UPDATE OR DELETE ON rfid_events
  FOR EACH ROW EXECUTE FUNCTION rfid_events_append_only();
CREATE TRIGGER rfid_events_no_truncate BEFORE TRUNCATE ON rfid_events
  FOR EACH STATEMENT EXECUTE FUNCTION rfid_events_append_only();

-- Current on-hand per SKU x location. `version` increases by one with every batch that changes
-- the cell; Redis and the change feed carry it so that an older value never overwrites a newer one.
CREATE TABLE inventory_current (
  sku           text        NOT NULL,
  location      text        NOT NULL,
  qty_on_hand   int         NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       bigint      NOT NULL DEFAULT 0,
  last_event_ts timestamptz,
  PRIMARY KEY (sku, location)
);

CREATE TABLE inventory_snapshot_daily (
  date        date        NOT NULL,
  sku         text        NOT NULL,
  location    text        NOT NULL,
  qty_on_hand int         NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (date, sku, location)
);

CREATE TABLE shipment_forecast_daily (
  date         date        NOT NULL,
  sku          text        NOT NULL,
  location     text        NOT NULL,
  forecast_qty int         NOT NULL,
  method       text        NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (date, sku, location, method)
);

-- The truth about what the stock contains: for each partition of the events topic, the offset of
-- the next record not yet applied. Written in the same transaction as the ledger and the stock.
CREATE TABLE ingest_offsets (
  topic       text        NOT NULL,
  partition   int         NOT NULL,
  next_offset bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition)
);

-- Same event_id, different content: not applied, kept for a person to look at.
CREATE TABLE rfid_event_conflicts (
  id               bigserial   PRIMARY KEY,
  event_id         uuid        NOT NULL,
  received         jsonb       NOT NULL,
  source_topic     text        NOT NULL,
  source_partition int         NOT NULL,
  source_offset    bigint      NOT NULL,
  detected_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  resolution_note  text,
  UNIQUE (source_topic, source_partition, source_offset)
);
CREATE INDEX rfid_event_conflicts_open_idx ON rfid_event_conflicts (detected_at) WHERE resolved_at IS NULL;

-- Transactional outbox: the cells a committed batch changed, until Redis and the change topic
-- have them. A crash between the Postgres commit and those writes loses nothing: any worker
-- replays the rows left here.
CREATE TABLE inventory_outbox (
  id         bigserial   PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  cells      jsonb       NOT NULL
);

-- Master data (seed 001 enrichment). Unknown SKUs and locations still apply: nothing references these.
CREATE TABLE sku_master (
  sku            text PRIMARY KEY,
  name           text,
  category       text,
  lead_time_days int CHECK (lead_time_days IS NULL OR lead_time_days >= 0),
  reorder_point  int,
  reorder_qty    int,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE location_master (
  location   text PRIMARY KEY,
  name       text,
  warehouse  text,
  zone       text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
