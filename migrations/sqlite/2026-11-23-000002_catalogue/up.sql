-- Catalogue: movies, their facets (genres, countries, languages, keywords), people and credits,
-- trailers with their renditions and subtitles.

CREATE TABLE genres (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL CHECK (slug <> '')
);
CREATE UNIQUE INDEX genres_name_key ON genres (name);
CREATE UNIQUE INDEX genres_slug_key ON genres (slug);

-- ISO 3166-1 alpha-2, upper case ("US").
CREATE TABLE countries (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL CHECK (length(code) = 2),
    name TEXT NOT NULL
);
CREATE UNIQUE INDEX countries_code_key ON countries (code);

-- ISO 639-1 where it exists ("en"), else ISO 639-3 ("yue").
CREATE TABLE languages (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL CHECK (length(code) BETWEEN 2 AND 3),
    name TEXT NOT NULL
);
CREATE UNIQUE INDEX languages_code_key ON languages (code);

-- Keywords and MovieLens tags, lowercased by the importer so one concept is one row.
CREATE TABLE keywords (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> '')
);
CREATE UNIQUE INDEX keywords_name_key ON keywords (name);

-- A movie's descriptive metadata. Numbers that change on their own schedule (the rating
-- summary, external scores, box office) live in `movie_stats` and external ids in
-- `movie_external_ids`, one row each per movie: this keeps every table within Diesel's default
-- 16-column limit and keeps rating writes off this row.
CREATE TABLE movies (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (title <> ''),
    original_title TEXT NULL,
    tagline TEXT NULL,
    overview TEXT NULL,
    release_date DATE NULL,
    -- Kept apart from `release_date`: MovieLens gives only a year.
    year SMALLINT NULL CHECK (year BETWEEN 1870 AND 2200),
    runtime_minutes INTEGER NULL CHECK (runtime_minutes > 0),
    original_language_id BIGINT NULL REFERENCES languages (id) ON DELETE SET NULL,
    -- The certificate as published ("PG-13", "15") and the minimum age it means, which is what
    -- `profiles.maturity_limit` is compared with.
    certificate TEXT NULL,
    min_age SMALLINT NULL CHECK (min_age BETWEEN 0 AND 21),
    poster_url TEXT NULL,
    backdrop_url TEXT NULL,
    popularity REAL NOT NULL DEFAULT 0 CHECK (popularity >= 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One index per sort and range filter of GET /movies (rating: `movie_stats`).
CREATE INDEX movies_popularity_idx ON movies (popularity);
CREATE INDEX movies_release_date_idx ON movies (release_date);
CREATE INDEX movies_year_idx ON movies (year);
CREATE INDEX movies_lower_title_idx ON movies (lower(title));
CREATE INDEX movies_original_language_id_idx ON movies (original_language_id);
CREATE INDEX movies_created_at_idx ON movies (created_at);

-- Ids of the movie in other catalogues, unique where present (NULLs never collide on either
-- backend). The importers' natural keys.
CREATE TABLE movie_external_ids (
    movie_id BIGINT PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE,
    movielens_id BIGINT NULL,
    imdb_id TEXT NULL,
    tmdb_id BIGINT NULL
);
CREATE UNIQUE INDEX movie_external_ids_movielens_id_key ON movie_external_ids (movielens_id);
CREATE UNIQUE INDEX movie_external_ids_imdb_id_key ON movie_external_ids (imdb_id);
CREATE UNIQUE INDEX movie_external_ids_tmdb_id_key ON movie_external_ids (tmdb_id);

-- Created with the movie. The rating summary is maintained with `ratings` (half-stars): sum and
-- count are exact; the average, in stars (0.5..=5.0, NULL without ratings), is stored so it can
-- be indexed for the `rating` sort and the `min_rating` filter.
CREATE TABLE movie_stats (
    movie_id BIGINT PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE,
    rating_count INTEGER NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    rating_sum_half BIGINT NOT NULL DEFAULT 0 CHECK (rating_sum_half >= 0),
    rating_avg REAL NULL CHECK (rating_avg BETWEEN 0.5 AND 5.0),
    imdb_rating REAL NULL CHECK (imdb_rating BETWEEN 0 AND 10),
    imdb_votes INTEGER NULL CHECK (imdb_votes >= 0),
    metascore SMALLINT NULL CHECK (metascore BETWEEN 0 AND 100),
    budget_usd BIGINT NULL CHECK (budget_usd >= 0),
    gross_usd BIGINT NULL CHECK (gross_usd >= 0),
    updated_at TIMESTAMP NOT NULL,
    CHECK ((rating_count = 0) = (rating_avg IS NULL))
);
CREATE INDEX movie_stats_rating_avg_idx ON movie_stats (rating_avg);

CREATE TABLE movie_genres (
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    genre_id BIGINT NOT NULL REFERENCES genres (id) ON DELETE CASCADE,
    PRIMARY KEY (movie_id, genre_id)
);
CREATE INDEX movie_genres_genre_id_idx ON movie_genres (genre_id, movie_id);

-- Production countries.
CREATE TABLE movie_countries (
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    country_id BIGINT NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    PRIMARY KEY (movie_id, country_id)
);
CREATE INDEX movie_countries_country_id_idx ON movie_countries (country_id, movie_id);

-- Spoken languages (the original language is `movies.original_language_id`).
CREATE TABLE movie_languages (
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    language_id BIGINT NOT NULL REFERENCES languages (id) ON DELETE CASCADE,
    PRIMARY KEY (movie_id, language_id)
);
CREATE INDEX movie_languages_language_id_idx ON movie_languages (language_id, movie_id);

-- `weight` is 1 for curated keywords and the tag count (or genome relevance) for MovieLens tags.
CREATE TABLE movie_keywords (
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    keyword_id BIGINT NOT NULL REFERENCES keywords (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('tmdb', 'movielens', 'editorial')),
    weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
    PRIMARY KEY (movie_id, keyword_id, source)
);
CREATE INDEX movie_keywords_keyword_id_idx ON movie_keywords (keyword_id, movie_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    biography TEXT NULL,
    birth_date DATE NULL,
    death_date DATE NULL,
    place_of_birth TEXT NULL,
    known_for_department TEXT NULL,
    profile_url TEXT NULL,
    popularity REAL NOT NULL DEFAULT 0 CHECK (popularity >= 0),
    imdb_id TEXT NULL,
    tmdb_id BIGINT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (death_date IS NULL OR birth_date IS NULL OR death_date >= birth_date)
);
CREATE UNIQUE INDEX people_imdb_id_key ON people (imdb_id);
CREATE UNIQUE INDEX people_tmdb_id_key ON people (tmdb_id);
CREATE INDEX people_lower_name_idx ON people (lower(name));
CREATE INDEX people_popularity_idx ON people (popularity);

-- Other names a person is credited or searched under.
CREATE TABLE person_aliases (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> '')
);
CREATE UNIQUE INDEX person_aliases_person_id_name_key ON person_aliases (person_id, name);

-- Cast credits have a character and billing order; crew credits a department and job. A person
-- may hold several crew credits on one movie (director and writer).
CREATE TABLE credits (
    id INTEGER PRIMARY KEY,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cast', 'crew')),
    character_name TEXT NULL,
    cast_order INTEGER NULL CHECK (cast_order >= 0),
    department TEXT NULL,
    job TEXT NULL,
    CHECK (
        (kind = 'cast' AND department IS NULL AND job IS NULL)
        OR (kind = 'crew' AND job IS NOT NULL AND character_name IS NULL AND cast_order IS NULL)
    )
);
CREATE INDEX credits_person_id_idx ON credits (person_id);
CREATE INDEX credits_movie_id_kind_cast_order_idx ON credits (movie_id, kind, cast_order);

CREATE TABLE trailers (
    id INTEGER PRIMARY KEY,
    movie_id BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'trailer'
        CHECK (kind IN ('trailer', 'teaser', 'clip', 'featurette', 'behind_the_scenes')),
    language_id BIGINT NULL REFERENCES languages (id) ON DELETE SET NULL,
    published_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX trailers_movie_id_idx ON trailers (movie_id);

-- One encoded file (mp4) or playlist (hls) of a trailer. `location` is an absolute URL or a path
-- relative to the media root; the server signs it into an expiring stream URL.
CREATE TABLE trailer_renditions (
    id INTEGER PRIMARY KEY,
    trailer_id BIGINT NOT NULL REFERENCES trailers (id) ON DELETE CASCADE,
    quality TEXT NOT NULL CHECK (quality IN ('360p', '480p', '720p', '1080p', '2160p')),
    format TEXT NOT NULL CHECK (format IN ('mp4', 'hls')),
    location TEXT NOT NULL,
    duration_seconds INTEGER NULL CHECK (duration_seconds > 0),
    size_bytes BIGINT NULL CHECK (size_bytes >= 0),
    bitrate_kbps INTEGER NULL CHECK (bitrate_kbps > 0)
);
CREATE UNIQUE INDEX trailer_renditions_trailer_id_quality_format_key
    ON trailer_renditions (trailer_id, quality, format);

CREATE TABLE trailer_subtitles (
    id INTEGER PRIMARY KEY,
    trailer_id BIGINT NOT NULL REFERENCES trailers (id) ON DELETE CASCADE,
    language_id BIGINT NOT NULL REFERENCES languages (id) ON DELETE RESTRICT,
    format TEXT NOT NULL DEFAULT 'vtt' CHECK (format IN ('vtt', 'srt')),
    location TEXT NOT NULL
);
CREATE UNIQUE INDEX trailer_subtitles_trailer_id_language_id_format_key
    ON trailer_subtitles (trailer_id, language_id, format);
CREATE INDEX trailer_subtitles_language_id_idx ON trailer_subtitles (language_id);
