-- 0004: jobs move from Quartz.NET to Hangfire (Hangfire.PostgreSql keeps its own tables in the
-- "hangfire" schema; SqlMigrationRunner installs them with Hangfire's installer after these files).
-- The rows stay the truth about every job: a claim is one UPDATE that takes a lease
-- (lease_until), renewed while the job runs, so a duplicate fire never runs a job twice and a dead
-- worker's job is claimable again once its lease has run out. queue_job_id is the Hangfire job that
-- carries the row; NULL means none yet (an upgrade from Quartz, or a crash between the row's insert
-- and the enqueue): QueuedWorkRecovery enqueues those at start-up.

DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks,
    qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers, qrtz_blob_triggers, qrtz_triggers,
    qrtz_job_details, qrtz_calendars, qrtz_paused_job_grps, qrtz_execution_history,
    qrtz_misfire_history, qrtz_job_status CASCADE;

ALTER TABLE analysis_jobs
    ADD COLUMN lease_until timestamp with time zone,
    ADD COLUMN queue_job_id character varying(100);

ALTER TABLE debug_kernels
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN worker_name character varying(200),
    ADD COLUMN started_at timestamp with time zone,
    ADD COLUMN lease_until timestamp with time zone,
    ADD COLUMN queue_job_id character varying(100);
ALTER TABLE debug_kernels ALTER COLUMN attempts DROP DEFAULT;

-- What the service needs to know about a report, as columns written with it: the dump's build-id,
-- whether it is a console-log report, the debug kernel used (or none) and those refused. Until now
-- they were read back out of the engine's JSON; debug_kernel holds the service's own record of the
-- choice (which the engine's report no longer carries).
ALTER TABLE reports
    ADD COLUMN build_id character varying(128),
    ADD COLUMN is_log boolean NOT NULL DEFAULT false,
    ADD COLUMN used_debug_kernel_id uuid,
    ADD COLUMN refused_debug_kernel_ids uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN debug_kernel jsonb;

UPDATE reports r SET
    build_id = lower(r.content -> 'dump' ->> 'buildId'),
    is_log = coalesce(jsonb_typeof(r.content -> 'log'), 'null') <> 'null',
    used_debug_kernel_id = (SELECT d.id FROM debug_kernels d
                             WHERE coalesce((r.content -> 'debugKernel' ->> 'used')::boolean, false)
                               AND d.id::text = r.content -> 'debugKernel' ->> 'libraryId'),
    refused_debug_kernel_ids = ARRAY(SELECT (m ->> 'libraryId')::uuid
                                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.content -> 'debugKernel' -> 'mismatches') = 'array'
                                                                      THEN r.content -> 'debugKernel' -> 'mismatches' ELSE '[]'::jsonb END) m
                                      WHERE m ->> 'libraryId' IS NOT NULL),
    debug_kernel = r.content -> 'debugKernel',
    content = r.content - 'debugKernel';

ALTER TABLE reports ALTER COLUMN is_log DROP DEFAULT;
ALTER TABLE reports ALTER COLUMN refused_debug_kernel_ids DROP DEFAULT;
ALTER TABLE reports ADD CONSTRAINT fk_reports_used_debug_kernel_id
    FOREIGN KEY (used_debug_kernel_id) REFERENCES debug_kernels (id) ON DELETE SET NULL;
CREATE INDEX ix_reports_build_id ON reports (build_id);
CREATE INDEX ix_reports_used_debug_kernel_id ON reports (used_debug_kernel_id);

-- The installation's owner (the first administrator, made by the first start): the only one who may
-- act in the operations dashboard (/ops/jobs); other organisation admins see it read-only.
ALTER TABLE users ADD COLUMN is_owner boolean NOT NULL DEFAULT false;
UPDATE users SET is_owner = true
 WHERE id = (SELECT id FROM users WHERE is_admin ORDER BY created_at, id LIMIT 1);
ALTER TABLE users ALTER COLUMN is_owner DROP DEFAULT;
