-- 0005: the engineer's desk. A case gets its own workflow (status, priority, assignee, tags) apart
-- from its analyses' state, a revision for optimistic concurrency (bumped by people's edits only),
-- the newest report's facts as columns (filters and search without reading reports), a full-text
-- search vector, an activity timeline, and Markdown notes with their edit history.

ALTER TABLE cases
    ADD COLUMN status character varying(30) NOT NULL DEFAULT 'new',
    ADD COLUMN priority integer NOT NULL DEFAULT 3,
    ADD COLUMN assignee_user_id uuid,
    ADD COLUMN revision integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_by_user_id uuid,
    ADD COLUMN panic_line character varying(1000),
    ADD COLUMN triage_title character varying(500),
    ADD COLUMN crash_class character varying(100),
    ADD COLUMN guilty_frame character varying(300),
    ADD COLUMN kernel_release character varying(200);
ALTER TABLE cases ALTER COLUMN status DROP DEFAULT;
ALTER TABLE cases ALTER COLUMN priority DROP DEFAULT;
ALTER TABLE cases ALTER COLUMN revision DROP DEFAULT;
ALTER TABLE cases ADD CONSTRAINT ck_cases_status
    CHECK (status IN ('new', 'triaging', 'waiting-for-customer', 'root-caused', 'closed'));
ALTER TABLE cases ADD CONSTRAINT ck_cases_priority CHECK (priority BETWEEN 1 AND 4);
ALTER TABLE cases ADD CONSTRAINT fk_cases_assignee_user_id
    FOREIGN KEY (assignee_user_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE cases ADD CONSTRAINT fk_cases_updated_by_user_id
    FOREIGN KEY (updated_by_user_id) REFERENCES users (id) ON DELETE SET NULL;

-- The newest report's facts (the engine's JSON: triage.reports[0] is the primary crash report).
UPDATE cases c SET
    panic_line = r.panic_line,
    triage_title = left(r.content -> 'triage' -> 'reports' -> 0 ->> 'title', 500),
    crash_class = left(r.content -> 'triage' -> 'reports' -> 0 ->> 'class', 100),
    guilty_frame = left(r.content -> 'triage' -> 'reports' -> 0 ->> 'guiltyFrame', 300),
    kernel_release = left(coalesce(r.content -> 'dump' ->> 'kernelRelease',
                                   r.content -> 'triage' -> 'reports' -> 0 ->> 'kernelRelease'), 200)
  FROM (SELECT DISTINCT ON (case_id) case_id, panic_line, content FROM reports ORDER BY case_id, version DESC) r
 WHERE r.case_id = c.id;

-- Kept in step with CaseConfiguration.SearchVectorSql.
ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(panic_line, '') || ' ' || coalesce(triage_title, '') || ' ' || coalesce(guilty_frame, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(customer, '') || ' ' || coalesce(external_reference, '') || ' ' || coalesce(description, '')), 'C')
) STORED;

CREATE INDEX ix_cases_organization_id_updated_at ON cases (organization_id, updated_at);
CREATE INDEX ix_cases_organization_id_status ON cases (organization_id, status);
CREATE INDEX ix_cases_assignee_user_id ON cases (assignee_user_id);
CREATE INDEX ix_cases_updated_by_user_id ON cases (updated_by_user_id);
CREATE INDEX ix_cases_search_vector ON cases USING gin (search_vector);
-- The list shows each case's newest analysis.
CREATE INDEX ix_analysis_jobs_case_id_created_at ON analysis_jobs (case_id, created_at);

CREATE TABLE tags (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name character varying(50) NOT NULL,
    normalized_name character varying(50) NOT NULL,
    CONSTRAINT pk_tags PRIMARY KEY (id),
    CONSTRAINT fk_tags_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_tags_organization_id_normalized_name ON tags (organization_id, normalized_name);

CREATE TABLE case_tags (
    case_id uuid NOT NULL,
    tag_id uuid NOT NULL,
    CONSTRAINT pk_case_tags PRIMARY KEY (case_id, tag_id),
    CONSTRAINT fk_case_tags_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_case_tags_tag_id FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
);
CREATE INDEX ix_case_tags_tag_id ON case_tags (tag_id);

CREATE TABLE case_events (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_user_id uuid,
    actor_name character varying(200) NOT NULL,
    kind character varying(40) NOT NULL,
    old_value text,
    new_value text,
    note_id uuid,
    CONSTRAINT pk_case_events PRIMARY KEY (id),
    CONSTRAINT fk_case_events_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_case_events_actor_user_id FOREIGN KEY (actor_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_case_events_case_id_at ON case_events (case_id, at);
CREATE INDEX ix_case_events_actor_user_id ON case_events (actor_user_id);

CREATE TABLE notes (
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    author_user_id uuid,
    author_name character varying(200) NOT NULL,
    body text NOT NULL,
    anchor_kind character varying(20),
    anchor_position character varying(100),
    anchor_content character varying(1000),
    anchor_report_version integer,
    revision integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    deleted_by_user_id uuid,
    -- Kept in step with NoteConfiguration.SearchVectorSql.
    search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
    CONSTRAINT pk_notes PRIMARY KEY (id),
    CONSTRAINT fk_notes_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT fk_notes_author_user_id FOREIGN KEY (author_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_notes_deleted_by_user_id FOREIGN KEY (deleted_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT ck_notes_anchor_kind CHECK (anchor_kind IN ('log-line', 'frame', 'task', 'lock'))
);
CREATE INDEX ix_notes_case_id ON notes (case_id);
CREATE INDEX ix_notes_author_user_id ON notes (author_user_id);
CREATE INDEX ix_notes_deleted_by_user_id ON notes (deleted_by_user_id);
CREATE INDEX ix_notes_search_vector ON notes USING gin (search_vector);

CREATE TABLE note_revisions (
    id uuid NOT NULL,
    note_id uuid NOT NULL,
    revision integer NOT NULL,
    body text NOT NULL,
    editor_user_id uuid,
    edited_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_note_revisions PRIMARY KEY (id),
    CONSTRAINT fk_note_revisions_note_id FOREIGN KEY (note_id) REFERENCES notes (id) ON DELETE CASCADE,
    CONSTRAINT fk_note_revisions_editor_user_id FOREIGN KEY (editor_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_note_revisions_note_id_revision ON note_revisions (note_id, revision);
CREATE INDEX ix_note_revisions_editor_user_id ON note_revisions (editor_user_id);
