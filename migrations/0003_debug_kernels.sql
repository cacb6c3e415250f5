-- 0003: the debug-kernel library (issue 5). One row per uploaded vmlinux, per organisation; a worker
-- job fills in build-id, release and the kernel profile's object key. At most one 'ready' row per
-- (organisation, build-id): that is the one every matching dump of the organisation is analysed with.

CREATE TABLE debug_kernels (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    artifact_id uuid,
    file_name character varying(255) NOT NULL,
    storage_key character varying(512) NOT NULL,
    size bigint NOT NULL,
    sha256 character varying(64) NOT NULL,
    status character varying(20) NOT NULL,
    build_id character varying(128),
    release character varying(200),
    banner character varying(1000),
    profile_key character varying(512),
    profile_size bigint,
    error text,
    uploaded_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    processed_at timestamp with time zone,
    CONSTRAINT pk_debug_kernels PRIMARY KEY (id),
    CONSTRAINT fk_debug_kernels_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_debug_kernels_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE SET NULL,
    CONSTRAINT fk_debug_kernels_uploaded_by_user_id FOREIGN KEY (uploaded_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX ix_debug_kernels_organization_id_build_id ON debug_kernels (organization_id, build_id) WHERE status = 'ready';
CREATE INDEX ix_debug_kernels_organization_id_created_at ON debug_kernels (organization_id, created_at);
CREATE INDEX ix_debug_kernels_artifact_id ON debug_kernels (artifact_id);
CREATE INDEX ix_debug_kernels_uploaded_by_user_id ON debug_kernels (uploaded_by_user_id);
ALTER TABLE debug_kernels ADD CONSTRAINT ck_debug_kernels_status CHECK (status IN ('pending', 'ready', 'failed', 'duplicate'));
