-- The exact record of every message that went to the DLQ topic, written in the same transaction
-- that moves the partition's offset past it. The Kafka DLQ is at-least-once (a crash after the
-- DLQ write but before the commit writes it again; its origin headers identify the copy); this
-- table has exactly one row per bad message.
CREATE TABLE ingest_dead_letters (
  source_topic     text        NOT NULL,
  source_partition int         NOT NULL,
  source_offset    bigint      NOT NULL,
  code             text        NOT NULL,
  message          text        NOT NULL,
  event_id         text,
  record_key       bytea,
  record_value     bytea,
  record_ts        timestamptz,
  worker_id        text        NOT NULL,
  dead_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX ingest_dead_letters_code_idx ON ingest_dead_letters (code, dead_at);
