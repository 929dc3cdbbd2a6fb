-- API keys of the HTTP API (issue 11). Only a hash of each key is kept: the key itself is printed
-- once by `rfid apikey create`. key_hash is SHA-256 of the whole key text, not a slow password
-- hash: a key holds 256 random bits, so its hash cannot be inverted by guessing, and a lookup per
-- request must stay cheap (one unique-index read).
CREATE TABLE api_keys (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text        NOT NULL CHECK (name <> ''),
  role         text        NOT NULL CHECK (role IN ('read', 'ingest', 'admin')),
  key_hash     bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  -- The 12 hex digits after `rfid_`, for listings, logs and `rfid apikey revoke <prefix>`.
  prefix       text        NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{12}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Stock as of an instant reads, per cell, the latest snapshot row at or before a day: the
-- primary key (date, sku, location) leads with the date, so this index serves that lookup.
CREATE INDEX IF NOT EXISTS inventory_snapshot_daily_cell_idx ON inventory_snapshot_daily (sku, location, date);
