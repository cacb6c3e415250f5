-- 0012: the audit log. Who (a person, through a browser session or one of their API keys), when, from
-- which client address, did what to which object: views of reports and downloads of artifacts (a dump is
-- a customer's memory), exports of this log, deletions, membership, role and key changes, sign-ins.

-- No foreign keys to users, API keys or cases on purpose: the log must outlive what it names (a removed
-- user, a purged case), so it keeps the actor's name and e-mail as they were. The organisation is
-- referenced (RESTRICT, as everywhere): an organisation with a history is not deleted by accident.
CREATE TABLE audit_events (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_user_id uuid,
    actor_name character varying(200),
    actor_email character varying(320),
    api_key_id uuid,
    client_address character varying(64),
    action character varying(40) NOT NULL,
    target_kind character varying(40),
    target_id uuid,
    case_id uuid,
    detail jsonb,
    CONSTRAINT pk_audit_events PRIMARY KEY (id),
    CONSTRAINT fk_audit_events_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT
);

-- The administrators' searches: newest first within the organisation, narrowed by actor, action or case.
-- (organization_id, at) also serves the foreign key.
CREATE INDEX ix_audit_events_organization_id_at ON audit_events (organization_id, at);
CREATE INDEX ix_audit_events_organization_id_actor_user_id_at ON audit_events (organization_id, actor_user_id, at);
CREATE INDEX ix_audit_events_organization_id_action_at ON audit_events (organization_id, action, at);
CREATE INDEX ix_audit_events_organization_id_case_id_at ON audit_events (organization_id, case_id, at);

-- Append-only. The service's database role may write every table, so without this a bug, an injected
-- statement or a hasty maintenance query could rewrite or erase the record of who read which dump, and
-- nobody would know. With it, changing history needs a schema change (DROP TRIGGER), which only a
-- migration or a database owner makes, and which leaves its own trace in the schema history.
CREATE FUNCTION crashdesk_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The audit log keeps every event; nothing is updated or deleted.';
END;
$$;

CREATE TRIGGER tr_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION crashdesk_audit_events_append_only();
CREATE TRIGGER tr_audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION crashdesk_audit_events_append_only();
