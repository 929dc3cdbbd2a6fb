-- The outbox keeps the batch's change records as the exact bytes published (newline-separated
-- JSON, encoded once per batch) instead of a jsonb document: no JSON parsing on the server for
-- every batch, and a replay sends byte for byte what the first attempt would have.
-- Rows written by an earlier version (cells jsonb) are still replayed.
ALTER TABLE inventory_outbox ALTER COLUMN cells DROP NOT NULL;
ALTER TABLE inventory_outbox ADD COLUMN records bytea;
ALTER TABLE inventory_outbox ADD CONSTRAINT inventory_outbox_has_payload CHECK (cells IS NOT NULL OR records IS NOT NULL);
