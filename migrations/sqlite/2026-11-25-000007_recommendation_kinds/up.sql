-- The engine's "Starring <person>" and "For your <time of day>" rows, and the time-of-day reason,
-- were refused by the CHECKs of the system migration: the precompute job could not store the
-- For You of a profile that had one (it logged the CHECK failure and served the rows from memory).
-- SQLite cannot change a CHECK in place. These two tables only hold what the precompute job
-- derives from the ratings and history, and it writes them again, so they are rebuilt empty.
DROP TABLE recommendation_items;
DROP TABLE recommendation_rows;

-- Rows of the "For you" page, precomputed per profile by a job and replaced as a whole.
CREATE TABLE recommendation_rows (
    id INTEGER PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    row_kind TEXT NOT NULL CHECK (row_kind IN ('top_picks', 'because_you_watched', 'trending_region', 'new_for_you', 'continue_watching', 'popular', 'genre', 'with_person', 'starring', 'time_of_day')),
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
    reason_kind TEXT NOT NULL CHECK (reason_kind IN ('similar_to_movie', 'same_person', 'preferred_genre', 'trending', 'new_release', 'in_progress', 'popular', 'collaborative', 'time_of_day')),
    reason_movie_id BIGINT NULL REFERENCES movies (id) ON DELETE SET NULL,
    reason_person_id BIGINT NULL REFERENCES people (id) ON DELETE SET NULL,
    reason_text TEXT NULL
);
CREATE UNIQUE INDEX recommendation_items_row_id_position_key ON recommendation_items (row_id, position);
CREATE UNIQUE INDEX recommendation_items_row_id_movie_id_key ON recommendation_items (row_id, movie_id);
CREATE INDEX recommendation_items_movie_id_idx ON recommendation_items (movie_id);
CREATE INDEX recommendation_items_reason_movie_id_idx ON recommendation_items (reason_movie_id);
CREATE INDEX recommendation_items_reason_person_id_idx ON recommendation_items (reason_person_id);
