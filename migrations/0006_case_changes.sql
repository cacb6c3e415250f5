-- 0006: why each analysis ran, and every change to a case, its analyses, reports, artifacts or notes is announced on the
-- channel crashdesk_case_changed with the case id as payload (pg_notify: delivered when the
-- writing transaction commits, once per distinct payload per transaction). The UI listens
-- (CaseChangeFeed) and re-reads an open case page at once instead of polling for it; whichever
-- process wrote — a worker on another machine, the API, the page itself — the database says so.

CREATE FUNCTION crashdesk_notify_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crashdesk_case_changed',
        (CASE WHEN TG_TABLE_NAME = 'cases' THEN NEW.id ELSE NEW.case_id END)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_cases_notify AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();
CREATE TRIGGER tr_analysis_jobs_notify AFTER INSERT OR UPDATE ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();
CREATE TRIGGER tr_reports_notify AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();
CREATE TRIGGER tr_artifacts_notify AFTER INSERT ON artifacts
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();
CREATE TRIGGER tr_notes_notify AFTER INSERT OR UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION crashdesk_notify_case_changed();

-- Why an analysis ran (uploaded, a re-analysis someone asked for, a debug kernel that became
-- ready), for the case page; NULL for analyses from before.
ALTER TABLE analysis_jobs ADD COLUMN reason character varying(300);
