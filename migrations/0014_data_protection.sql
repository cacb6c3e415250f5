-- 0014: data protection. Retention and a storage quota per organisation, legal holds on cases, and
-- purged raw dumps that keep their row (the report, notes and environment read from them stay).

-- One row per organisation that set a policy; no row (or null) means keep forever / no quota.
CREATE TABLE organization_data_policies (
    organization_id uuid NOT NULL,
    retention_days integer,
    quota_bytes bigint,
    updated_at timestamp with time zone NOT NULL,
    updated_by_user_id uuid,
    CONSTRAINT pk_organization_data_policies PRIMARY KEY (organization_id),
    CONSTRAINT ck_organization_data_policies_retention_days CHECK (retention_days IS NULL OR retention_days BETWEEN 0 AND 36500),
    CONSTRAINT ck_organization_data_policies_quota_bytes CHECK (quota_bytes IS NULL OR quota_bytes >= 0),
    CONSTRAINT fk_organization_data_policies_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_organization_data_policies_updated_by_user_id FOREIGN KEY (updated_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_organization_data_policies_updated_by_user_id ON organization_data_policies (updated_by_user_id);

-- A case on legal hold keeps every object, whatever the retention policy says.
CREATE TABLE case_legal_holds (
    case_id uuid NOT NULL,
    placed_by_user_id uuid,
    placed_by_name character varying(200) NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    reason character varying(500),
    CONSTRAINT pk_case_legal_holds PRIMARY KEY (case_id),
    CONSTRAINT fk_case_legal_holds_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_case_legal_holds_placed_by_user_id FOREIGN KEY (placed_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_case_legal_holds_placed_by_user_id ON case_legal_holds (placed_by_user_id);

-- The object is gone; the row stays (name, size, SHA-256: what the report was read from).
ALTER TABLE artifacts ADD COLUMN purged_at timestamp with time zone;
ALTER TABLE artifacts ADD COLUMN purge_reason character varying(300);
-- The purge job's scan: raw dumps not yet purged, oldest first.
CREATE INDEX ix_artifacts_uploaded_at ON artifacts (uploaded_at) WHERE purged_at IS NULL;
