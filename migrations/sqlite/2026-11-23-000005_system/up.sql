-- System: precomputed recommendations, the job queue, audit log, analytics, experiments, mail.

-- Rows of the "For you" page, precomputed per profile by a job and replaced as a whole.
CREATE TABLE recommendation_rows (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    row_kind TEXT NOT NULL CHECK (row_kind IN ('top_picks', 'because_you_watched', 'trending_region', 'new_for_you', 'continue_watching', 'popular', 'genre', 'with_person')),
    title TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    generated_at TIMESTAMP NOT NULL,
    model_version TEXT NOT NULL
);
CREATE UNIQUE INDEX recommendation_rows_profile_id_position_key ON recommendation_rows (profile_id, position);

-- Each item carries why it is there: the kind plus the movie or person it refers to.
CREATE TABLE recommendation_items (
    id INTEGER PRIMARY KEY,
    row_id BIGINT NOT NULL REFERENCES recommendation_rows (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    score REAL NOT NULL,
    reason_kind TEXT NOT NULL CHECK (reason_kind IN ('similar_to_movie', 'same_person', 'preferred_genre', 'trending', 'new_release', 'in_progress', 'popular', 'collaborative')),
    reason_movie_id BIGINT NULL REFERENCES movies (id) ON DELETE SET NULL,
    reason_person_id BIGINT NULL REFERENCES people (id) ON DELETE SET NULL,
    reason_text TEXT NULL
);
CREATE UNIQUE INDEX recommendation_items_row_id_position_key ON recommendation_items (row_id, position);
CREATE UNIQUE INDEX recommendation_items_row_id_movie_id_key ON recommendation_items (row_id, movie_id);
CREATE INDEX recommendation_items_movie_id_idx ON recommendation_items (movie_id);
CREATE INDEX recommendation_items_reason_movie_id_idx ON recommendation_items (reason_movie_id);
CREATE INDEX recommendation_items_reason_person_id_idx ON recommendation_items (reason_person_id);

-- Background job queue. `kind` names a handler registered in code (free text so a new job needs
-- no migration). A worker claims a row by setting `locked_by` and `locked_until` (a lease: a
-- crashed worker's job is claimed again once it lapses).
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind <> ''),
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    -- JSON arguments.
    args TEXT NOT NULL DEFAULT '{}',
    -- At most one queued or running job per key ("recommend:profile:42").
    dedupe_key TEXT NULL,
    priority SMALLINT NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    run_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP NULL,
    finished_at TIMESTAMP NULL,
    locked_by TEXT NULL,
    locked_until TIMESTAMP NULL,
    last_error TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_status_run_at_idx ON jobs (status, run_at);
CREATE INDEX jobs_kind_status_idx ON jobs (kind, status);
CREATE UNIQUE INDEX jobs_dedupe_key_active_key ON jobs (dedupe_key)
    WHERE status IN ('queued', 'running');

-- Who did what: admin actions and security events. `action` is a dotted code ("user.disable").
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_user_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action <> ''),
    target_kind TEXT NULL,
    target_id BIGINT NULL,
    ip TEXT NULL,
    -- JSON.
    details TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at);
CREATE INDEX audit_log_actor_user_id_idx ON audit_log (actor_user_id);
CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id);

-- Client and server events (impression, click, play, trailer_play, search...). Batches are
-- idempotent through `client_event_id`, a client-generated UUID.
CREATE TABLE analytics_events (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NULL REFERENCES profiles (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind <> ''),
    movie_id BIGINT NULL REFERENCES movies (id) ON DELETE SET NULL,
    row_kind TEXT NULL,
    position INTEGER NULL CHECK (position >= 0),
    query TEXT NULL,
    -- JSON.
    props TEXT NULL,
    client_event_id TEXT NULL,
    occurred_at TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX analytics_events_client_event_id_key ON analytics_events (client_event_id);
CREATE INDEX analytics_events_kind_occurred_at_idx ON analytics_events (kind, occurred_at);
CREATE INDEX analytics_events_movie_id_occurred_at_idx ON analytics_events (movie_id, occurred_at);
CREATE INDEX analytics_events_profile_id_occurred_at_idx ON analytics_events (profile_id, occurred_at);

CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL CHECK (key <> ''),
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped', 'rolled_out')),
    started_at TIMESTAMP NULL,
    stopped_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX experiments_key_key ON experiments (key);

CREATE TABLE experiment_variants (
    id INTEGER PRIMARY KEY,
    experiment_id BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    key TEXT NOT NULL CHECK (key <> ''),
    -- Share of assignments in thousandths; the variants of a running experiment sum to 1000.
    traffic_share_permille SMALLINT NOT NULL CHECK (traffic_share_permille BETWEEN 0 AND 1000),
    -- JSON.
    config TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX experiment_variants_experiment_id_key_key ON experiment_variants (experiment_id, key);
-- Target of experiment_assignments' composite key below.
CREATE UNIQUE INDEX experiment_variants_experiment_id_id_key ON experiment_variants (experiment_id, id);

-- The composite foreign key makes it impossible to assign a variant of another experiment.
CREATE TABLE experiment_assignments (
    id INTEGER PRIMARY KEY,
    experiment_id BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL,
    assigned_at TIMESTAMP NOT NULL,
    FOREIGN KEY (experiment_id, variant_id)
        REFERENCES experiment_variants (experiment_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX experiment_assignments_experiment_id_profile_id_key
    ON experiment_assignments (experiment_id, profile_id);
CREATE INDEX experiment_assignments_profile_id_idx ON experiment_assignments (profile_id);
CREATE INDEX experiment_assignments_variant_id_idx ON experiment_assignments (experiment_id, variant_id);

-- Outgoing mail, written in the same transaction as the change that causes it and sent by the
-- mail job (transactional outbox).
CREATE TABLE outbox_mail (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    send_after TIMESTAMP NOT NULL,
    sent_at TIMESTAMP NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT NULL
);
CREATE INDEX outbox_mail_unsent_idx ON outbox_mail (send_after) WHERE sent_at IS NULL;
CREATE INDEX outbox_mail_user_id_idx ON outbox_mail (user_id);
