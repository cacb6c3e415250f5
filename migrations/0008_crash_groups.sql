-- 0008: crash groups. Every analysed case joins the group of its primary crash signature (one group
-- per organisation and signature). People correct the grouping: a case moved by hand, or split off
-- into a new group, is pinned there (cases.group_pinned) and re-analysis leaves it; a group merged
-- into another points at it (merged_into_id), so later cases with the merged signature follow.

CREATE TABLE crash_groups (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    signature character varying(64),
    signature_version integer,
    title character varying(500) NOT NULL,
    crash_class character varying(100),
    guilty_frame character varying(300),
    merged_into_id uuid,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_crash_groups PRIMARY KEY (id),
    CONSTRAINT fk_crash_groups_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_crash_groups_merged_into_id FOREIGN KEY (merged_into_id) REFERENCES crash_groups (id) ON DELETE SET NULL,
    CONSTRAINT fk_crash_groups_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT ck_crash_groups_not_merged_into_itself CHECK (merged_into_id IS NULL OR merged_into_id <> id)
);
-- One group per signature and organisation; a group split off by hand has none.
CREATE UNIQUE INDEX ix_crash_groups_organization_id_signature ON crash_groups (organization_id, signature) WHERE signature IS NOT NULL;
CREATE INDEX ix_crash_groups_merged_into_id ON crash_groups (merged_into_id);
CREATE INDEX ix_crash_groups_created_by_user_id ON crash_groups (created_by_user_id);

ALTER TABLE cases
    ADD COLUMN group_id uuid,
    ADD COLUMN group_pinned boolean NOT NULL DEFAULT false;
ALTER TABLE cases ADD CONSTRAINT fk_cases_group_id FOREIGN KEY (group_id) REFERENCES crash_groups (id) ON DELETE SET NULL;
CREATE INDEX ix_cases_group_id_created_at ON cases (group_id, created_at);

-- The cases analysed before this migration: one group per signature, titled by its newest case.
INSERT INTO crash_groups (id, organization_id, signature, signature_version, title, crash_class, guilty_frame, created_at, updated_at)
SELECT DISTINCT ON (organization_id, crash_signature)
       gen_random_uuid(), organization_id, crash_signature, 1, coalesce(triage_title, panic_line, crash_signature),
       crash_class, guilty_frame, now(), now()
  FROM cases WHERE crash_signature IS NOT NULL
 ORDER BY organization_id, crash_signature, created_at DESC;
UPDATE cases c SET group_id = g.id FROM crash_groups g
 WHERE g.organization_id = c.organization_id AND g.signature = c.crash_signature;
