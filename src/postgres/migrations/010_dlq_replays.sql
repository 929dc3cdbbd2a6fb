-- Operations on the DLQ through the API (issue 11). A dead letter gets a stable id for
-- /v1/dlq/{id}, and keeps the original record's headers so that a replay sends back what the
-- reader sent (rows written before this migration have none: they replay with the replay header
-- only). Every replay is recorded: which row, when, by whom and why, and where it went.
ALTER TABLE ingest_dead_letters ADD COLUMN id bigserial;
ALTER TABLE ingest_dead_letters ADD CONSTRAINT ingest_dead_letters_id_key UNIQUE (id);
-- [[key, value], …] with both as base64: header values are bytes, not necessarily text.
ALTER TABLE ingest_dead_letters ADD COLUMN record_headers jsonb;
CREATE INDEX ingest_dead_letters_dead_at_idx ON ingest_dead_letters (dead_at);
CREATE INDEX ingest_dead_letters_event_id_idx ON ingest_dead_letters (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE dlq_replays (
  id               bigserial   PRIMARY KEY,
  dead_letter_id   bigint      NOT NULL REFERENCES ingest_dead_letters (id),
  replayed_at      timestamptz NOT NULL DEFAULT now(),
  replayed_by      text        NOT NULL,
  reason           text,
  forced           boolean     NOT NULL DEFAULT false,
  target_topic     text        NOT NULL,
  target_partition int         NOT NULL,
  target_offset    bigint      NOT NULL
);
CREATE INDEX dlq_replays_dead_letter_idx ON dlq_replays (dead_letter_id);
