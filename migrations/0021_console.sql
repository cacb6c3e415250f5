-- 0021: the console (crash-compatible commands on a stored dump, run by a worker).
-- A session is one person's console on one case (at most one per person and case); the worker that
-- holds its open dump (worker_name) keeps lease_until ahead of now, and when it stops renewing, another
-- worker takes the session over. A command is one line sent to it, and afterwards its recorded output.
ALTER TABLE organization_data_policies ADD COLUMN customer_console boolean NOT NULL DEFAULT false;

CREATE TABLE console_sessions (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    case_id uuid NOT NULL,
    user_id uuid NOT NULL,
    artifact_id uuid NOT NULL,
    debug_kernel_id uuid,
    worker_name character varying(200),
    lease_until timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_console_sessions PRIMARY KEY (id),
    CONSTRAINT fk_console_sessions_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_sessions_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_sessions_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_sessions_artifact_id FOREIGN KEY (artifact_id) REFERENCES artifacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_sessions_debug_kernel_id FOREIGN KEY (debug_kernel_id) REFERENCES debug_kernels (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_console_sessions_user_id_case_id ON console_sessions (user_id, case_id);
CREATE INDEX ix_console_sessions_organization_id ON console_sessions (organization_id);
CREATE INDEX ix_console_sessions_case_id ON console_sessions (case_id);
CREATE INDEX ix_console_sessions_artifact_id ON console_sessions (artifact_id);
CREATE INDEX ix_console_sessions_debug_kernel_id ON console_sessions (debug_kernel_id);

CREATE TABLE console_commands (
    id uuid NOT NULL,
    session_id uuid NOT NULL,
    case_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    line character varying(1000) NOT NULL,
    status character varying(20) NOT NULL,
    output text,
    links jsonb,
    truncated boolean NOT NULL,
    error text,
    cancel_requested boolean NOT NULL,
    worker_name character varying(200),
    bytes_read bigint,
    duration_ms integer,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_console_commands PRIMARY KEY (id),
    CONSTRAINT fk_console_commands_session_id FOREIGN KEY (session_id) REFERENCES console_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_commands_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_console_commands_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_console_commands_session_id_created_at ON console_commands (session_id, created_at);
CREATE INDEX ix_console_commands_case_id ON console_commands (case_id);
CREATE INDEX ix_console_commands_user_id ON console_commands (user_id);
-- The workers' claim looks only at queued and running commands.
CREATE INDEX ix_console_commands_status ON console_commands (status) WHERE status IN ('queued', 'running');
ALTER TABLE console_commands ADD CONSTRAINT ck_console_commands_status CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE console_commands ADD CONSTRAINT ck_console_commands_kind CHECK (kind IN ('run', 'complete'));

-- Every new command and every change of its status or cancel flag is announced on one channel, the
-- payload its id: the workers wake for new commands, the one running it for a cancel, the waiting
-- request for the end (PostgreSQL NOTIFY; delivered at commit).
CREATE FUNCTION console_command_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crashdesk_console', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER console_commands_notify AFTER INSERT OR UPDATE OF status, cancel_requested ON console_commands
    FOR EACH ROW EXECUTE FUNCTION console_command_notify();
