-- 0009: known issues and what the dashboard counts.
-- A crash group marked a known issue carries its links, the kernel versions that fix it per kernel
-- line, a workaround and capture advice; every case of the group is labelled with it, and its kernel
-- (cases.kernel_build beside kernel_release: uname -v names the distribution's package version, e.g.
-- "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2") is judged against the fixes.
-- cases.closed_at: when the case was last closed (null while open), so closed-per-week is one index scan.

CREATE TABLE known_issues (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    group_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    links text[] NOT NULL,
    fixed_in text[] NOT NULL,
    workaround text NOT NULL,
    capture_advice text NOT NULL,
    version integer NOT NULL,
    created_by_user_id uuid,
    updated_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_known_issues PRIMARY KEY (id),
    CONSTRAINT fk_known_issues_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_known_issues_group_id FOREIGN KEY (group_id) REFERENCES crash_groups (id) ON DELETE CASCADE,
    CONSTRAINT fk_known_issues_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_known_issues_updated_by_user_id FOREIGN KEY (updated_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_known_issues_group_id ON known_issues (group_id);
CREATE INDEX ix_known_issues_organization_id_updated_at ON known_issues (organization_id, updated_at);
CREATE INDEX ix_known_issues_created_by_user_id ON known_issues (created_by_user_id);
CREATE INDEX ix_known_issues_updated_by_user_id ON known_issues (updated_by_user_id);

ALTER TABLE cases
    ADD COLUMN kernel_build character varying(300),
    ADD COLUMN closed_at timestamp with time zone;
-- Cases analysed before this migration: the build their newest environment version read from the
-- dump or log (os.kernelBuild, stored camelCase by Core/Environments/EnvironmentJson).
UPDATE cases c SET kernel_build = left(s.content -> 'os' -> 'kernelBuild' ->> 'value', 300)
  FROM (SELECT DISTINCT ON (case_id) case_id, content FROM environment_snapshots
         WHERE case_id IS NOT NULL ORDER BY case_id, version DESC) s
 WHERE s.case_id = c.id AND s.content -> 'os' -> 'kernelBuild' ->> 'value' IS NOT NULL;
CREATE INDEX ix_cases_organization_id_closed_at ON cases (organization_id, closed_at) INCLUDE (crash_class);

-- Cases closed before this migration: the time of their last move to closed.
UPDATE cases c SET closed_at = e.at
  FROM (SELECT case_id, max(at) AS at FROM case_events WHERE kind = 'status' AND new_value = 'closed' GROUP BY case_id) e
 WHERE c.id = e.case_id AND c.status = 'closed';
UPDATE cases SET closed_at = updated_at WHERE status = 'closed' AND closed_at IS NULL;

-- Similar cases: the primary crash's call-trace functions from the guilty frame down (entry code left
-- out), and the module of the guilty frame; a case's neighbours share its signature, guilty frame,
-- module or some of these frames (the GIN index answers "shares a frame" with &&).
ALTER TABLE cases
    ADD COLUMN trace_frames text[],
    ADD COLUMN guilty_module character varying(100);
CREATE INDEX ix_cases_trace_frames ON cases USING gin (trace_frames);
CREATE INDEX ix_cases_organization_id_guilty_frame ON cases (organization_id, guilty_frame);
CREATE INDEX ix_cases_organization_id_guilty_module ON cases (organization_id, guilty_module);

-- The dashboard's queue: analyses waiting or running, and the ones that failed lately.
CREATE INDEX ix_analysis_jobs_status_finished_at ON analysis_jobs (status, finished_at);

-- The group list ranks an organisation's groups by cases and last seen in one index-only pass; the
-- dashboard counts opened and open cases the same way (each index carries the columns it counts).
CREATE INDEX ix_cases_organization_id_group_id_created_at ON cases (organization_id, group_id, created_at);
DROP INDEX ix_cases_organization_id_created_at;
CREATE INDEX ix_cases_organization_id_created_at ON cases (organization_id, created_at) INCLUDE (group_id, crash_class);
CREATE INDEX ix_cases_organization_id_status_assignee_user_id ON cases (organization_id, status, assignee_user_id);
