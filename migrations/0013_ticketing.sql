-- 0013: the ticketing API. Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): the first request with a
-- key claims this row; its response is kept, so a retried create answers the same, never a second case.

CREATE TABLE idempotency_keys (
    organization_id uuid NOT NULL,
    key character varying(255) NOT NULL,
    fingerprint character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone NULL,
    status_code integer NULL,
    content_type character varying(200) NULL,
    location character varying(2000) NULL,
    etag character varying(200) NULL,
    body bytea NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (organization_id, key),
    CONSTRAINT fk_idempotency_keys_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
-- Expired keys are removed oldest first.
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

-- A ticketing system finds its case by the ticket id (GET /api/v1/cases?externalReference=…).
CREATE INDEX ix_cases_organization_id_external_reference ON cases (organization_id, external_reference);
