-- 0001: the service's own tables (cases, artifacts, analyses, reports, users, API keys).
-- Written from the EF model's create script (CrashdeskDbContext); Core.Tests' schema test proves they match.

CREATE TABLE organizations (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_organizations PRIMARY KEY (id)
);

CREATE TABLE users (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    email character varying(320) NOT NULL,
    display_name character varying(200) NOT NULL,
    password_hash text NOT NULL,
    is_admin boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT fk_users_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT
);

CREATE TABLE api_keys (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    prefix character varying(16) NOT NULL,
    key_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_api_keys PRIMARY KEY (id),
    CONSTRAINT fk_api_keys_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_api_keys_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE cases (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    customer character varying(200) NOT NULL,
    external_reference character varying(200),
    description text,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_cases PRIMARY KEY (id),
    CONSTRAINT fk_cases_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_cases_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT
);

CREATE TABLE artifacts (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    file_name character varying(255) NOT NULL,
    kind character varying(20) NOT NULL,
    storage_key character varying(512) NOT NULL,
    size bigint NOT NULL,
    sha256 character varying(64) NOT NULL,
    uploaded_by_user_id uuid,
    uploaded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_artifacts PRIMARY KEY (id),
    CONSTRAINT fk_artifacts_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_artifacts_uploaded_by_user_id FOREIGN KEY (uploaded_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE analysis_jobs (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    artifact_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    progress integer NOT NULL,
    progress_message character varying(300),
    error text,
    attempts integer NOT NULL,
    worker_name character varying(200),
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_analysis_jobs PRIMARY KEY (id),
    CONSTRAINT fk_analysis_jobs_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_analysis_jobs_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);

CREATE TABLE reports (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    analysis_job_id uuid NOT NULL,
    artifact_id uuid NOT NULL,
    version integer NOT NULL,
    schema_version integer NOT NULL,
    panic_line character varying(1000),
    content jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_reports PRIMARY KEY (id),
    CONSTRAINT fk_reports_analysis_job_id FOREIGN KEY (analysis_job_id) REFERENCES analysis_jobs (id) ON DELETE CASCADE,
    CONSTRAINT fk_reports_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_reports_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);

CREATE INDEX ix_analysis_jobs_artifact_id ON analysis_jobs (artifact_id);
CREATE INDEX ix_analysis_jobs_case_id ON analysis_jobs (case_id);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_organization_id ON api_keys (organization_id);
CREATE INDEX ix_api_keys_user_id ON api_keys (user_id);
CREATE INDEX ix_artifacts_case_id ON artifacts (case_id);
CREATE UNIQUE INDEX ix_artifacts_storage_key ON artifacts (storage_key);
CREATE INDEX ix_artifacts_uploaded_by_user_id ON artifacts (uploaded_by_user_id);
CREATE INDEX ix_cases_created_by_user_id ON cases (created_by_user_id);
CREATE INDEX ix_cases_organization_id_created_at ON cases (organization_id, created_at);
CREATE UNIQUE INDEX ix_organizations_name ON organizations (name);
CREATE UNIQUE INDEX ix_reports_analysis_job_id ON reports (analysis_job_id);
CREATE INDEX ix_reports_artifact_id ON reports (artifact_id);
CREATE UNIQUE INDEX ix_reports_case_id_version ON reports (case_id, version);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE INDEX ix_users_organization_id ON users (organization_id);
-- Enumerations are stored as their lower-case wire names; the database refuses anything else.
ALTER TABLE analysis_jobs ADD CONSTRAINT ck_analysis_jobs_status CHECK (status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE artifacts ADD CONSTRAINT ck_artifacts_kind CHECK (kind IN ('vmcore', 'debug-kernel', 'console-log', 'other'));
ALTER TABLE analysis_jobs ADD CONSTRAINT ck_analysis_jobs_progress CHECK (progress BETWEEN 0 AND 100);
