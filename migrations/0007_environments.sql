-- 0007: the machine of a case. Each case (and each named customer environment) has a history of
-- environment versions (one row per import or edit, never changed: environment_snapshots), made
-- from the dump's analysis, an uploaded sosreport (environment_imports: claimed and leased like an
-- analysis), a person's edit or the API. A case may link to a customer environment, and carries its
-- primary crash signature so the cases of one crash can be compared.

CREATE TABLE environments (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    normalized_name character varying(200) NOT NULL,
    description character varying(2000),
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_environments PRIMARY KEY (id),
    CONSTRAINT fk_environments_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_environments_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_environments_organization_id_normalized_name ON environments (organization_id, normalized_name);
CREATE INDEX ix_environments_created_by_user_id ON environments (created_by_user_id);

CREATE TABLE environment_snapshots (
    id uuid NOT NULL,
    case_id uuid,
    environment_id uuid,
    version integer NOT NULL,
    source character varying(20) NOT NULL,
    summary character varying(500) NOT NULL,
    author_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    content jsonb NOT NULL,
    package_count integer NOT NULL,
    CONSTRAINT pk_environment_snapshots PRIMARY KEY (id),
    CONSTRAINT fk_environment_snapshots_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_environment_snapshots_environment_id FOREIGN KEY (environment_id) REFERENCES environments (id) ON DELETE CASCADE,
    CONSTRAINT fk_environment_snapshots_author_user_id FOREIGN KEY (author_user_id) REFERENCES users (id) ON DELETE SET NULL,
    -- A version belongs to a case or to a customer environment, never both.
    CONSTRAINT ck_environment_snapshots_owner CHECK ((case_id IS NULL) <> (environment_id IS NULL)),
    CONSTRAINT ck_environment_snapshots_source CHECK (source IN ('dump', 'sosreport', 'manual', 'api')),
    CONSTRAINT ck_environment_snapshots_version CHECK (version >= 1)
);
CREATE UNIQUE INDEX ix_environment_snapshots_case_id_version ON environment_snapshots (case_id, version);
CREATE UNIQUE INDEX ix_environment_snapshots_environment_id_version ON environment_snapshots (environment_id, version);
CREATE INDEX ix_environment_snapshots_author_user_id ON environment_snapshots (author_user_id);

CREATE TABLE environment_imports (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    artifact_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    progress integer NOT NULL,
    progress_message character varying(300),
    error text,
    attempts integer NOT NULL,
    worker_name character varying(200),
    lease_until timestamp with time zone,
    queue_job_id character varying(100),
    snapshot_version integer,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_environment_imports PRIMARY KEY (id),
    CONSTRAINT fk_environment_imports_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_environment_imports_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_environment_imports_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT ck_environment_imports_status CHECK (status IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT ck_environment_imports_progress CHECK (progress BETWEEN 0 AND 100)
);
CREATE INDEX ix_environment_imports_case_id ON environment_imports (case_id);
CREATE INDEX ix_environment_imports_artifact_id ON environment_imports (artifact_id);
CREATE INDEX ix_environment_imports_created_by_user_id ON environment_imports (created_by_user_id);

ALTER TABLE cases
    ADD COLUMN crash_signature character varying(64),
    ADD COLUMN environment_id uuid;
ALTER TABLE cases ADD CONSTRAINT fk_cases_environment_id
    FOREIGN KEY (environment_id) REFERENCES environments (id) ON DELETE SET NULL;
CREATE INDEX ix_cases_organization_id_crash_signature ON cases (organization_id, crash_signature);
CREATE INDEX ix_cases_environment_id ON cases (environment_id);
-- The newest report's primary signature (triage.reports[0].signature), as CaseReportFacts copies it.
UPDATE cases c SET crash_signature = left(r.content -> 'triage' -> 'reports' -> 0 ->> 'signature', 64)
  FROM (SELECT DISTINCT ON (case_id) case_id, content FROM reports ORDER BY case_id, version DESC) r
 WHERE r.case_id = c.id;

ALTER TABLE artifacts DROP CONSTRAINT ck_artifacts_kind;
ALTER TABLE artifacts ADD CONSTRAINT ck_artifacts_kind CHECK (kind IN ('vmcore', 'debug-kernel', 'console-log', 'sosreport', 'other'));

-- An open case page re-reads when its environment changes or an import moves.
CREATE TRIGGER tr_environment_snapshots_notify AFTER INSERT ON environment_snapshots
    FOR EACH ROW WHEN (NEW.case_id IS NOT NULL) EXECUTE FUNCTION crashdesk_notify_case_child_changed();
CREATE TRIGGER tr_environment_imports_notify AFTER INSERT OR UPDATE ON environment_imports
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();
