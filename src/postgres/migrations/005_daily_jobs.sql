-- The daily layer's bookkeeping (issue 10): the business time zone as the database sees it, the
-- business days late events touched, and the run history of the daily jobs. graphile-worker's own
-- tables live in its schema `graphile_worker`, installed by `rfid migrate`, not here.

-- One row: the IANA zone business days are cut in. `rfid migrate` and `rfid worker` keep it equal
-- to RFID_TIMEZONE, so the late-event trigger below (which cannot read the environment) uses
-- the same days as the jobs.
CREATE TABLE daily_settings (
  singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  time_zone  text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO daily_settings (time_zone) VALUES ('UTC');

-- Business days before today that committed ledger rows belong to, until the scheduler has
-- restated them. `mark` changes on every new mark of the same day, so the scheduler deletes only
-- the marks it read: a day marked again while it was being restated stays marked.
CREATE SEQUENCE daily_dirty_days_mark_seq;
CREATE TABLE daily_dirty_days (
  day       date        PRIMARY KEY,
  mark      bigint      NOT NULL DEFAULT nextval('daily_dirty_days_mark_seq'),
  marked_at timestamptz NOT NULL DEFAULT now()
);

-- Statement-level: runs once per INSERT statement, whatever its row count. The common case (no
-- late row) costs one min() over the statement's new rows; only then are the distinct late days
-- computed. Days are upserted in order so concurrent inserters lock them in the same order.
CREATE FUNCTION rfid_events_mark_late_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone        text;
  earliest    timestamptz;
  today_start timestamptz;
BEGIN
  SELECT min(event_ts) INTO earliest FROM inserted;
  IF earliest IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT time_zone INTO zone FROM daily_settings;
  zone := coalesce(zone, 'UTC');
  today_start := date_trunc('day', now() AT TIME ZONE zone) AT TIME ZONE zone;
  IF earliest >= today_start THEN
    RETURN NULL;
  END IF;
  INSERT INTO daily_dirty_days AS d (day)
  SELECT DISTINCT (event_ts AT TIME ZONE zone)::date FROM inserted WHERE event_ts < today_start ORDER BY 1
  ON CONFLICT (day) DO UPDATE SET mark = nextval('daily_dirty_days_mark_seq'), marked_at = now();
  RETURN NULL;
END $$;
CREATE TRIGGER rfid_events_late_days AFTER INSERT ON rfid_events
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION rfid_events_mark_late_days();

-- Run history of the daily jobs, one row per attempt (the API reads it; `rfid jobs list`).
-- `trigger` says why it ran: the daily schedule, a restatement after late events, or a person.
CREATE TABLE daily_job_runs (
  id          bigserial   PRIMARY KEY,
  job         text        NOT NULL CHECK (job IN ('day', 'snapshot', 'forecast', 'reorder', 'alerts')),
  day         date        NOT NULL,
  trigger     text        NOT NULL CHECK (trigger IN ('schedule', 'restate', 'cli', 'backfill')),
  status      text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempt     int         NOT NULL DEFAULT 1,
  worker_id   text        NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  duration_ms int,
  rows        bigint,
  error       text
);
CREATE INDEX daily_job_runs_day_idx ON daily_job_runs (job, day);
CREATE INDEX daily_job_runs_started_idx ON daily_job_runs (started_at DESC);
-- Exactly one completed scheduled run per business day, however many workers there are.
CREATE UNIQUE INDEX daily_job_runs_one_scheduled_day ON daily_job_runs (day)
  WHERE job = 'day' AND trigger = 'schedule' AND status = 'done';
