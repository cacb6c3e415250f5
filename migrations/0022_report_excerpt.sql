-- 0022: a report made from a dump excerpt (the ranges of a dump the log-only pass reads, sent ahead of
-- the dump by `crashdesk upload`): it has the kernel log and its triage only, and the console and
-- re-analyses look past it to the whole dump's report.
ALTER TABLE reports ADD COLUMN is_excerpt boolean NOT NULL DEFAULT false;
