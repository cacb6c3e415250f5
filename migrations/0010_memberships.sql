-- 0010: many organisations, memberships with a role per organisation, server-side sessions,
-- ASP.NET Core Identity's lockout and security-stamp columns on users, scoped and expiring API keys,
-- notes visible to the customer or internal to the support centre.

-- The support centre itself (its administrators create customer organisations).
ALTER TABLE organizations ADD COLUMN is_provider boolean NOT NULL DEFAULT false;
UPDATE organizations SET is_provider = true
WHERE id = (SELECT organization_id FROM users ORDER BY is_owner DESC, created_at LIMIT 1);

CREATE TABLE memberships (
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    role character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_memberships PRIMARY KEY (user_id, organization_id),
    CONSTRAINT ck_memberships_role CHECK (role IN ('customer', 'engineer', 'admin')),
    CONSTRAINT fk_memberships_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_memberships_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX ix_memberships_organization_id ON memberships (organization_id);

-- Every existing user keeps what it had: a membership of its organisation, admin or engineer.
INSERT INTO memberships (user_id, organization_id, role, created_at)
SELECT id, organization_id, CASE WHEN is_admin THEN 'admin' ELSE 'engineer' END, created_at FROM users;
ALTER TABLE users DROP COLUMN is_admin;

-- users.organization_id stays: the user's home organisation (the one a sign-in starts in).
-- Identity's UserManager keeps these (lockout after failed sign-ins, a stamp that changes with the
-- password or a deactivation and so ends every session).
ALTER TABLE users ADD COLUMN security_stamp character varying(64) NOT NULL DEFAULT md5(random()::text);
ALTER TABLE users ALTER COLUMN security_stamp DROP DEFAULT;
ALTER TABLE users ADD COLUMN access_failed_count integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN lockout_end timestamp with time zone;
ALTER TABLE users ADD COLUMN deactivated_at timestamp with time zone;

-- A cookie carries only a session id; the row decides whether it is still valid (sign-out revokes it).
CREATE TABLE user_sessions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    security_stamp character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    remote_address character varying(64),
    user_agent character varying(300),
    CONSTRAINT pk_user_sessions PRIMARY KEY (id),
    CONSTRAINT fk_user_sessions_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_sessions_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);
CREATE INDEX ix_user_sessions_organization_id ON user_sessions (organization_id);

-- External sign-ins (OpenID Connect): the provider's subject for a user.
CREATE TABLE user_logins (
    login_provider character varying(100) NOT NULL,
    provider_key character varying(200) NOT NULL,
    user_id uuid NOT NULL,
    provider_display_name character varying(200),
    CONSTRAINT pk_user_logins PRIMARY KEY (login_provider, provider_key),
    CONSTRAINT fk_user_logins_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_logins_user_id ON user_logins (user_id);

-- Scopes as the ApiKeyScopes bit set (read 1, upload 2, write 4, admin 8); existing keys keep full power.
ALTER TABLE api_keys ADD COLUMN scopes integer NOT NULL DEFAULT 15;
ALTER TABLE api_keys ALTER COLUMN scopes DROP DEFAULT;
ALTER TABLE api_keys ADD COLUMN expires_at timestamp with time zone;
ALTER TABLE api_keys ADD COLUMN last_used_address character varying(64);
-- false: the key acts only in its organisation, even when its user serves several.
ALTER TABLE api_keys ADD COLUMN all_organizations boolean NOT NULL DEFAULT false;
ALTER TABLE api_keys ALTER COLUMN all_organizations DROP DEFAULT;

-- Existing notes were written by the support centre for itself.
ALTER TABLE notes ADD COLUMN visibility character varying(20) NOT NULL DEFAULT 'internal';
ALTER TABLE notes ALTER COLUMN visibility DROP DEFAULT;
ALTER TABLE notes ADD CONSTRAINT ck_notes_visibility CHECK (visibility IN ('internal', 'customer'));
