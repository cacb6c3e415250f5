-- Single sign-on identities (OpenID Connect): an (issuer, subject) pair linked to a user. It replaces
-- user_logins (ASP.NET Core Identity's login store, never written by the service): one table for one idea.
-- Subjects are at most 255 ASCII characters (OpenID Connect Core 1.0 §2, "sub").
CREATE TABLE external_logins (
    id uuid NOT NULL,
    issuer character varying(500) NOT NULL,
    subject character varying(255) NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    CONSTRAINT pk_external_logins PRIMARY KEY (id),
    CONSTRAINT fk_external_logins_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_external_logins_issuer_subject ON external_logins (issuer, subject);
CREATE INDEX ix_external_logins_user_id ON external_logins (user_id);

INSERT INTO external_logins (id, issuer, subject, user_id, created_at)
SELECT gen_random_uuid(), left(login_provider, 500), left(provider_key, 255), user_id, now() FROM user_logins;
DROP TABLE user_logins;
