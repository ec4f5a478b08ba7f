-- Accounts: users, their login sessions and single-use tokens, second factor, viewing profiles.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- As typed at registration (shown back to the user).
    email TEXT NOT NULL,
    -- Lowercased, trimmed `email`, computed in Rust: the portable alternative to UNIQUE(lower(email)).
    email_normalized TEXT NOT NULL CHECK (email_normalized <> ''),
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    -- NULL until the address is confirmed through a `verify_email` token.
    email_verified_at TIMESTAMP NULL,
    -- NULL while the account may log in; set by an admin to disable it.
    disabled_at TIMESTAMP NULL,
    failed_login_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
    locked_until TIMESTAMP NULL,
    last_login_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_normalized_key ON users (email_normalized);
CREATE INDEX users_created_at_idx ON users (created_at);

-- One row per refresh-token family: a login on one device. Revoking it ends every token in it.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Random public identifier of the family, carried in access tokens (`sid`) for logout.
    family_id TEXT NOT NULL,
    user_agent TEXT NULL,
    ip TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    -- Absolute end of the family, however often it is refreshed.
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP NULL,
    revoked_reason TEXT NULL CHECK (revoked_reason IN ('logout', 'token_reuse', 'user', 'admin', 'password_change')),
    CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE UNIQUE INDEX sessions_family_id_key ON sessions (family_id);
CREATE INDEX sessions_user_id_idx ON sessions (user_id, revoked_at);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Each refresh token of a family; only a hash is stored. A token with `used_at` set presented
-- again means it was stolen: the whole session is revoked.
CREATE TABLE refresh_tokens (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);

-- Single-use, expiring tokens delivered by mail; only a hash is stored.
CREATE TABLE one_time_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);
CREATE UNIQUE INDEX one_time_tokens_token_hash_key ON one_time_tokens (token_hash);
CREATE INDEX one_time_tokens_user_id_idx ON one_time_tokens (user_id, purpose);

-- TOTP second factor. `enabled_at` is NULL between setup and the confirming code.
CREATE TABLE totp_secrets (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Base32 secret, stored as is (not yet encrypted at rest): protect the database like the JWT secret.
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    enabled_at TIMESTAMP NULL,
    -- Last accepted time step: a code is never accepted twice (replay protection).
    last_used_step BIGINT NULL
);
CREATE UNIQUE INDEX totp_secrets_user_id_key ON totp_secrets (user_id);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);
CREATE UNIQUE INDEX recovery_codes_user_id_code_hash_key ON recovery_codes (user_id, code_hash);

-- Denylist of access tokens revoked before they expire (logout); rows past `expires_at` are purged.
CREATE TABLE revoked_access_tokens (
    id INTEGER PRIMARY KEY,
    jti TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX revoked_access_tokens_jti_key ON revoked_access_tokens (jti);
CREATE INDEX revoked_access_tokens_expires_at_idx ON revoked_access_tokens (expires_at);

-- Viewing profiles of an account. All activity data hangs off a profile, not the user.
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    avatar TEXT NULL,
    is_kids BOOLEAN NOT NULL DEFAULT FALSE,
    -- Highest `movies.min_age` this profile may see; NULL = no limit.
    maturity_limit SMALLINT NULL CHECK (maturity_limit BETWEEN 0 AND 21),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX profiles_user_id_name_key ON profiles (user_id, name);
