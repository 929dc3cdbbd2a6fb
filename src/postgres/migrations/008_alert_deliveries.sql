-- Webhook deliveries of alert transitions (issue 10): one row per alert and transition, written by
-- a trigger in the transaction that makes the transition, so none is lost and none is made twice.
-- `rfid worker` posts them (RFID_ALERT_WEBHOOK_URL) with retries and backoff kept in the row.
CREATE TABLE alert_deliveries (
  id              bigserial   PRIMARY KEY,
  alert_id        bigint      NOT NULL REFERENCES alerts (id),
  transition      text        NOT NULL CHECK (transition IN ('opened', 'acknowledged', 'resolved')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text,
  UNIQUE (alert_id, transition)
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

CREATE FUNCTION alerts_record_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO alert_deliveries (alert_id, transition)
    VALUES (NEW.id, CASE NEW.status WHEN 'open' THEN 'opened' ELSE NEW.status END)
    ON CONFLICT (alert_id, transition) DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER alerts_transitions AFTER INSERT OR UPDATE OF status ON alerts
  FOR EACH ROW EXECUTE FUNCTION alerts_record_transition();
