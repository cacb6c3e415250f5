-- Resumable uploads (tus 1.0): one row per upload session, its staged bytes in the object store's staging
-- area (a sparse file, or an S3 multipart upload whose id and parts are in store_state).
CREATE TABLE upload_sessions (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    case_id uuid NOT NULL,
    artifact_id uuid NOT NULL,
    file_name character varying(255) NOT NULL,
    kind character varying(20) NOT NULL,
    length bigint NOT NULL,
    "offset" bigint NOT NULL,
    expected_sha256 character varying(64),
    status character varying(20) NOT NULL,
    error character varying(1000),
    store_state text,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revision integer NOT NULL,
    CONSTRAINT pk_upload_sessions PRIMARY KEY (id),
    CONSTRAINT fk_upload_sessions_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_upload_sessions_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_upload_sessions_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_upload_sessions_case_id ON upload_sessions (case_id);
CREATE INDEX ix_upload_sessions_expires_at ON upload_sessions (expires_at);
CREATE INDEX ix_upload_sessions_organization_id ON upload_sessions (organization_id);
CREATE INDEX ix_upload_sessions_created_by_user_id ON upload_sessions (created_by_user_id);
