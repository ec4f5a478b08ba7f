-- Per-profile data: preferences, ratings, reviews, watchlist, playback and history.

CREATE TABLE profile_preferences (
    profile_id BIGINT PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    -- Region for "Trending in <region>" and availability.
    country_id BIGINT NULL REFERENCES countries (id) ON DELETE SET NULL,
    -- IANA name ("Europe/Paris") for sports schedules.
    time_zone TEXT NULL,
    ui_language_id BIGINT NULL REFERENCES languages (id) ON DELETE SET NULL,
    subtitle_language_id BIGINT NULL REFERENCES languages (id) ON DELETE SET NULL,
    -- How far recommendations may stray from the profile's taste: 0 = safe, 100 = adventurous.
    diversity SMALLINT NOT NULL DEFAULT 50 CHECK (diversity BETWEEN 0 AND 100),
    autoplay_trailers BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX profile_preferences_country_id_idx ON profile_preferences (country_id);

CREATE TABLE profile_preferred_genres (
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    genre_id BIGINT NOT NULL REFERENCES genres (id) ON DELETE CASCADE,
    PRIMARY KEY (profile_id, genre_id)
);
CREATE INDEX profile_preferred_genres_genre_id_idx ON profile_preferred_genres (genre_id);

CREATE TABLE profile_preferred_languages (
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    language_id BIGINT NOT NULL REFERENCES languages (id) ON DELETE CASCADE,
    PRIMARY KEY (profile_id, language_id)
);
CREATE INDEX profile_preferred_languages_language_id_idx ON profile_preferred_languages (language_id);

-- Star ratings stored as whole half-stars: rating_half 1..=10 means 0.5..=5.0 stars. Integers
-- keep sums and equality exact on both backends (no float comparison).
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    rating_half SMALLINT NOT NULL CHECK (rating_half BETWEEN 1 AND 10),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ratings_profile_id_movie_id_key ON ratings (profile_id, movie_id);
CREATE INDEX ratings_movie_id_idx ON ratings (movie_id);
CREATE INDEX ratings_profile_id_updated_at_idx ON ratings (profile_id, updated_at);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    title TEXT NULL,
    body TEXT NOT NULL CHECK (body <> ''),
    contains_spoilers BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reviews_profile_id_movie_id_key ON reviews (profile_id, movie_id);
CREATE INDEX reviews_movie_id_created_at_idx ON reviews (movie_id, created_at);

CREATE TABLE watchlist_items (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    note TEXT NULL,
    added_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX watchlist_items_profile_id_movie_id_key ON watchlist_items (profile_id, movie_id);
CREATE INDEX watchlist_items_profile_id_added_at_idx ON watchlist_items (profile_id, added_at);
CREATE INDEX watchlist_items_movie_id_idx ON watchlist_items (movie_id);

-- Resume point per movie; "continue watching" reads it newest first.
CREATE TABLE playback_progress (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    position_seconds INTEGER NOT NULL CHECK (position_seconds >= 0),
    duration_seconds INTEGER NOT NULL CHECK (duration_seconds > 0),
    updated_at TIMESTAMP NOT NULL,
    CHECK (position_seconds <= duration_seconds)
);
CREATE UNIQUE INDEX playback_progress_profile_id_movie_id_key ON playback_progress (profile_id, movie_id);
CREATE INDEX playback_progress_profile_id_updated_at_idx ON playback_progress (profile_id, updated_at);
CREATE INDEX playback_progress_movie_id_idx ON playback_progress (movie_id);

-- Every viewing (a movie can be watched many times); feeds history, trending and training.
CREATE TABLE watch_history (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    watched_at TIMESTAMP NOT NULL,
    seconds_watched INTEGER NOT NULL DEFAULT 0 CHECK (seconds_watched >= 0),
    completed BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT NOT NULL DEFAULT 'playback' CHECK (source IN ('playback', 'manual', 'import'))
);
CREATE INDEX watch_history_profile_id_watched_at_idx ON watch_history (profile_id, watched_at);
CREATE INDEX watch_history_movie_id_watched_at_idx ON watch_history (movie_id, watched_at);
CREATE INDEX watch_history_watched_at_idx ON watch_history (watched_at);

CREATE TABLE search_history (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    query TEXT NOT NULL CHECK (query <> ''),
    result_count INTEGER NOT NULL CHECK (result_count >= 0),
    searched_at TIMESTAMP NOT NULL
);
CREATE INDEX search_history_profile_id_searched_at_idx ON search_history (profile_id, searched_at);

-- "Not interested" feedback: removed from rows and down-weighted by the recommender.
CREATE TABLE not_interested (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX not_interested_profile_id_movie_id_key ON not_interested (profile_id, movie_id);
CREATE INDEX not_interested_movie_id_idx ON not_interested (movie_id);
