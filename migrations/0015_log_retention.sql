-- 0015: how long the service's own records are kept, and webhook secrets sealed at rest. An
-- organisation may set how many days its audit log is kept (null: for ever, the default); webhook events and their deliveries are kept for a
-- configured time (Webhooks:KeepDeliveriesFor) once every delivery has ended.

ALTER TABLE organization_data_policies ADD COLUMN audit_retention_days integer;
-- At least 30 days: a shorter audit log would not let anyone answer "who read this dump last month".
ALTER TABLE organization_data_policies ADD CONSTRAINT ck_organization_data_policies_audit_retention_days
    CHECK (audit_retention_days IS NULL OR audit_retention_days BETWEEN 30 AND 36500);

-- Still append-only, with one door: the retention purge (AuditRetention) may delete rows that are older
-- than their organisation's audit retention, and only after it announced itself in its transaction
-- (SET LOCAL crashdesk.audit_purge = 'on'). Any other DELETE, every UPDATE and TRUNCATE are refused as
-- before, so a bug or a hasty query still cannot erase recent history; the purge records itself as an
-- audit event of its own, which the next purge keeps until that too is old enough.
CREATE OR REPLACE FUNCTION crashdesk_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('crashdesk.audit_purge', true) = 'on' AND EXISTS (
        SELECT 1 FROM organization_data_policies p
         WHERE p.organization_id = OLD.organization_id
           AND p.audit_retention_days IS NOT NULL
           AND OLD.at < now() - make_interval(days => p.audit_retention_days)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The audit log keeps every event; only the retention purge removes events older than the organisation''s audit retention.';
END;
$$;

-- The webhook cleanup's scan: old events first.
CREATE INDEX ix_webhook_events_created_at ON webhook_events (created_at);

-- Webhook signing secrets are sealed with the master keys when there are any (SecretSealer): a sealed
-- value carries its key id, nonce and tag, longer than the plain secret.
ALTER TABLE webhook_endpoints ALTER COLUMN secret TYPE character varying(300);
ALTER TABLE webhook_endpoints ALTER COLUMN previous_secret TYPE character varying(300);
