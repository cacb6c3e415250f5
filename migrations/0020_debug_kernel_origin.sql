-- 0020: where a library debug kernel came from, and the fetches from debuginfod servers.
-- origin: 'upload' (a person or the API uploaded it), or the debuginfod URL it was fetched from
-- (GET {server}/buildid/{build-id}/debuginfo, debuginfod(8)).
ALTER TABLE debug_kernels ADD COLUMN origin character varying(1000) NOT NULL DEFAULT 'upload';

-- One row per (organisation, build-id) asked of debuginfod: the work row of the fetch job (claimed and
-- leased like analyses), and afterwards the memory of its outcome: until retry_after, analyses of that
-- build-id do not ask again (a failure is not retried on every re-analysis).
CREATE TABLE debuginfod_fetches (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    case_id uuid,
    build_id character varying(128) NOT NULL,
    status character varying(20) NOT NULL,
    error text,
    source_url character varying(1000),
    debug_kernel_id uuid,
    retry_after timestamp with time zone,
    attempts integer NOT NULL,
    worker_name character varying(200),
    lease_until timestamp with time zone,
    queue_job_id character varying(100),
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_debuginfod_fetches PRIMARY KEY (id),
    CONSTRAINT fk_debuginfod_fetches_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_debuginfod_fetches_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE SET NULL,
    CONSTRAINT fk_debuginfod_fetches_debug_kernel_id FOREIGN KEY (debug_kernel_id) REFERENCES debug_kernels (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_debuginfod_fetches_organization_id_build_id ON debuginfod_fetches (organization_id, build_id);
CREATE INDEX ix_debuginfod_fetches_case_id ON debuginfod_fetches (case_id);
CREATE INDEX ix_debuginfod_fetches_debug_kernel_id ON debuginfod_fetches (debug_kernel_id);
ALTER TABLE debuginfod_fetches ADD CONSTRAINT ck_debuginfod_fetches_status CHECK (status IN ('queued', 'running', 'done', 'failed'));
