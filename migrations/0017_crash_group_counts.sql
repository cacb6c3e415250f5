-- 0017: each crash group carries its number of cases and its first and last case's time, kept by the
-- database itself. The views over many groups (crash groups across organisations; five organisations of
-- 100 000 cases each have tens of thousands of groups) then read one row per group instead of counting
-- every case on every request. Triggers on cases keep the columns exact whatever moves a case: the
-- analysis joining a group, a person moving, merging or splitting, the retention purge deleting, a
-- migration or a hand-written UPDATE. They are statement-level with transition tables
-- (https://www.postgresql.org/docs/current/trigger-definition.html), so a merge that moves 10 000
-- cases refreshes each group it touches once, not once per case.

ALTER TABLE crash_groups
    ADD COLUMN case_count integer NOT NULL DEFAULT 0,
    ADD COLUMN first_seen timestamp with time zone,
    ADD COLUMN last_seen timestamp with time zone;
ALTER TABLE crash_groups ADD CONSTRAINT ck_crash_groups_case_count CHECK (case_count >= 0);

-- Recounts the given groups from their cases: the count from the (group_id, created_at) index, first and
-- last seen from its two ends. A recount rather than +1/-1 so that a refresh can never drift. The groups'
-- rows are locked first (in id order, so two recounts cannot deadlock) and counted in a later statement,
-- which under READ COMMITTED takes a fresh snapshot: two transactions adding a case to one group each
-- count the other's case once it committed, instead of both writing "one more" over the same old count.
-- FOR NO KEY UPDATE, not FOR UPDATE: the foreign key check of a case joining the group holds FOR KEY
-- SHARE on it, which FOR UPDATE would wait for (and two such inserts would deadlock).
CREATE FUNCTION crashdesk_crash_group_recount(groups uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(groups) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM crash_groups WHERE id = ANY(groups) ORDER BY id FOR NO KEY UPDATE;
    UPDATE crash_groups g
       SET case_count = s.cases, first_seen = s.first_seen, last_seen = s.last_seen
      FROM (SELECT a.id,
                   (SELECT count(*)::int FROM cases c WHERE c.group_id = a.id) AS cases,
                   (SELECT min(c.created_at) FROM cases c WHERE c.group_id = a.id) AS first_seen,
                   (SELECT max(c.created_at) FROM cases c WHERE c.group_id = a.id) AS last_seen
              FROM unnest(groups) AS a(id)) s
     WHERE g.id = s.id
       AND (g.case_count, g.first_seen, g.last_seen) IS DISTINCT FROM (s.cases, s.first_seen, s.last_seen);
END;
$$;

-- One function for the three triggers: the groups a statement's rows left or joined. An insert has only
-- new rows, a delete only old ones; an update counts only rows whose group or creation time changed, so a
-- status or title change is a join of two one-row tables. (PL/pgSQL plans each query when it first runs,
-- so a branch naming a transition table its trigger lacks is never planned.)
CREATE FUNCTION crashdesk_cases_group_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM crashdesk_crash_group_recount(ARRAY(SELECT DISTINCT group_id FROM inserted WHERE group_id IS NOT NULL));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM crashdesk_crash_group_recount(ARRAY(SELECT DISTINCT group_id FROM deleted WHERE group_id IS NOT NULL));
    ELSE
        PERFORM crashdesk_crash_group_recount(ARRAY(
            SELECT g FROM (
                SELECT o.group_id AS before, n.group_id AS after
                  FROM deleted o JOIN inserted n ON n.id = o.id
                 WHERE o.group_id IS DISTINCT FROM n.group_id OR o.created_at IS DISTINCT FROM n.created_at) changed,
                LATERAL (VALUES (changed.before), (changed.after)) v(g)
             WHERE g IS NOT NULL
             GROUP BY g));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_cases_group_counts_insert AFTER INSERT ON cases
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION crashdesk_cases_group_counts();
CREATE TRIGGER tr_cases_group_counts_delete AFTER DELETE ON cases
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION crashdesk_cases_group_counts();
CREATE TRIGGER tr_cases_group_counts_update AFTER UPDATE ON cases
    REFERENCING OLD TABLE AS deleted NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION crashdesk_cases_group_counts();

-- The groups of the cases there are already.
SELECT crashdesk_crash_group_recount(ARRAY(SELECT id FROM crash_groups));
