-- 0006: why each analysis ran, and every change to a case, its analyses, reports, artifacts or notes is announced on the
-- channel crashdesk_case_changed with the case id as payload (pg_notify: delivered when the
-- writing transaction commits, once per distinct payload per transaction). The UI listens
-- (CaseChangeFeed) and re-reads an open case page at once instead of polling for it; whichever
-- process wrote — a worker on another machine, the API, the page itself — the database says so.

-- Two functions: PL/pgSQL resolves every field a statement names, so one function reading
-- NEW.case_id would fail on the cases table itself.
CREATE FUNCTION crashdesk_notify_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crashdesk_case_changed', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE FUNCTION crashdesk_notify_case_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crashdesk_case_changed', NEW.case_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_cases_notify AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();
CREATE TRIGGER tr_analysis_jobs_notify AFTER INSERT OR UPDATE ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();
CREATE TRIGGER tr_reports_notify AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();
CREATE TRIGGER tr_artifacts_notify AFTER INSERT ON artifacts
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();
CREATE TRIGGER tr_notes_notify AFTER INSERT OR UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_child_changed();

-- Why an analysis ran (uploaded, a re-analysis someone asked for, a debug kernel that became
-- ready), for the case page; NULL for analyses from before.
ALTER TABLE analysis_jobs ADD COLUMN reason character varying(300);

-- The case's search vector covers its notes (weight D): one GIN scan per search instead of a union
-- with the notes' own index, and one rank per case. notes_text is kept by the note service.
ALTER TABLE cases ADD COLUMN notes_text text;
UPDATE cases c SET notes_text = left(n.text, 200000)
  FROM (SELECT case_id, string_agg(body, E'\n' ORDER BY created_at) AS text FROM notes WHERE deleted_at IS NULL GROUP BY case_id) n
 WHERE n.case_id = c.id;
DROP INDEX ix_cases_search_vector;
ALTER TABLE cases DROP COLUMN search_vector;
-- Kept in step with CaseConfiguration.SearchVectorSql.
ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(panic_line, '') || ' ' || coalesce(triage_title, '') || ' ' || coalesce(guilty_frame, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(customer, '') || ' ' || coalesce(external_reference, '') || ' ' || coalesce(description, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(notes_text, '')), 'D')
) STORED;
CREATE INDEX ix_cases_search_vector ON cases USING gin (search_vector);
DROP INDEX ix_notes_search_vector;
ALTER TABLE notes DROP COLUMN search_vector;

-- Filters the list runs often, each with its index (a count without one reads every case).
CREATE INDEX ix_cases_organization_id_priority_updated_at ON cases (organization_id, priority, updated_at DESC);
CREATE INDEX ix_cases_organization_id_crash_class ON cases (organization_id, crash_class);
-- Not in the EF model (expressions): the customer filter ignores case, the kernel filter is a prefix.
CREATE INDEX cases_customer_lower ON cases (organization_id, lower(customer));
CREATE INDEX cases_kernel_release_prefix ON cases (organization_id, kernel_release text_pattern_ops);
