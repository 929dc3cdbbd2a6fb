-- CSV imports through the API: one row per upload with its report, and the rejected rows a
-- person downloads as CSV (capped per import; `rejects_truncated` says when more were counted).
CREATE TABLE event_imports (
  import_id         uuid        PRIMARY KEY,
  file_name         text        NOT NULL,
  sha256            text,
  status            text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_read         bigint      NOT NULL DEFAULT 0,
  accepted          bigint      NOT NULL DEFAULT 0,
  rejected          bigint      NOT NULL DEFAULT 0,
  rejects_truncated boolean     NOT NULL DEFAULT false,
  error             text,
  started_at        timestamptz NOT NULL DEFAULT now(),
  finished_at       timestamptz
);
CREATE INDEX event_imports_started_idx ON event_imports (started_at DESC);

CREATE TABLE event_import_rejects (
  import_id uuid    NOT NULL REFERENCES event_imports (import_id) ON DELETE CASCADE,
  line      bigint  NOT NULL,
  code      text    NOT NULL,
  field     text,
  reason    text    NOT NULL,
  raw       text    NOT NULL,
  PRIMARY KEY (import_id, line)
);
