-- Archives (tar, zip, gz, xz, zst, bz2 of a kdump directory or a sosreport) are stored as artifacts of
-- kind 'archive' and unpacked by a job into artifacts of their own: each member's artifact names the
-- archive it came from, and archive_unpacks (claimed and leased like an analysis) keeps what became of
-- every member.

ALTER TABLE artifacts DROP CONSTRAINT ck_artifacts_kind;
ALTER TABLE artifacts ADD CONSTRAINT ck_artifacts_kind CHECK (kind IN ('vmcore', 'debug-kernel', 'console-log', 'sosreport', 'other', 'archive'));

ALTER TABLE artifacts ADD COLUMN from_archive_id uuid;
ALTER TABLE artifacts ADD CONSTRAINT fk_artifacts_from_archive_id
    FOREIGN KEY (from_archive_id) REFERENCES artifacts (id) ON DELETE SET NULL;
CREATE INDEX ix_artifacts_from_archive_id ON artifacts (from_archive_id);

CREATE TABLE archive_unpacks (
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
    result jsonb,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_archive_unpacks PRIMARY KEY (id),
    CONSTRAINT fk_archive_unpacks_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_archive_unpacks_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_archive_unpacks_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT ck_archive_unpacks_status CHECK (status IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT ck_archive_unpacks_progress CHECK (progress BETWEEN 0 AND 100)
);
CREATE INDEX ix_archive_unpacks_case_id ON archive_unpacks (case_id);
CREATE INDEX ix_archive_unpacks_artifact_id ON archive_unpacks (artifact_id);
CREATE INDEX ix_archive_unpacks_created_by_user_id ON archive_unpacks (created_by_user_id);

-- An open case page re-reads when an unpack moves.
CREATE TRIGGER tr_archive_unpacks_notify AFTER INSERT OR UPDATE ON archive_unpacks
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();
