-- Sports: leagues, teams, players, matches with their live events, highlights, and each
-- profile's favourites.

CREATE TABLE leagues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL CHECK (slug <> ''),
    sport TEXT NOT NULL CHECK (sport IN ('football', 'basketball', 'tennis', 'ice_hockey', 'american_football', 'baseball', 'rugby', 'cricket', 'volleyball', 'handball', 'motorsport')),
    -- NULL for international competitions.
    country_id BIGINT NULL REFERENCES countries (id) ON DELETE SET NULL,
    logo_url TEXT NULL
);
CREATE UNIQUE INDEX leagues_slug_key ON leagues (slug);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    league_id BIGINT NOT NULL REFERENCES leagues (id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    short_name TEXT NULL,
    country_id BIGINT NULL REFERENCES countries (id) ON DELETE SET NULL,
    logo_url TEXT NULL
);
CREATE UNIQUE INDEX teams_league_id_name_key ON teams (league_id, name);

CREATE TABLE players (
    id INTEGER PRIMARY KEY,
    -- NULL for a free agent; a team's removal leaves its players.
    team_id BIGINT NULL REFERENCES teams (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    position TEXT NULL,
    nationality_country_id BIGINT NULL REFERENCES countries (id) ON DELETE SET NULL,
    birth_date DATE NULL,
    shirt_number SMALLINT NULL CHECK (shirt_number BETWEEN 0 AND 999),
    photo_url TEXT NULL
);
CREATE INDEX players_team_id_idx ON players (team_id);

-- Times are UTC; the API converts to the caller's time zone.
CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    league_id BIGINT NOT NULL REFERENCES leagues (id) ON DELETE RESTRICT,
    home_team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE RESTRICT,
    away_team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE RESTRICT,
    kickoff_at TIMESTAMP NOT NULL,
    venue TEXT NULL,
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'live', 'half_time', 'finished', 'postponed', 'cancelled')),
    -- NULL until the match starts.
    home_score SMALLINT NULL CHECK (home_score >= 0),
    away_score SMALLINT NULL CHECK (away_score >= 0),
    minute SMALLINT NULL CHECK (minute >= 0),
    updated_at TIMESTAMP NOT NULL,
    CHECK (home_team_id <> away_team_id)
);
CREATE INDEX matches_status_kickoff_at_idx ON matches (status, kickoff_at);
CREATE INDEX matches_kickoff_at_idx ON matches (kickoff_at);
CREATE INDEX matches_league_id_kickoff_at_idx ON matches (league_id, kickoff_at);
CREATE INDEX matches_home_team_id_idx ON matches (home_team_id);
CREATE INDEX matches_away_team_id_idx ON matches (away_team_id);

CREATE TABLE match_events (
    id INTEGER PRIMARY KEY,
    match_id BIGINT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    minute SMALLINT NULL CHECK (minute >= 0),
    -- Stoppage time: 45+2 is minute 45, extra_minute 2.
    extra_minute SMALLINT NULL CHECK (extra_minute >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('kickoff', 'goal', 'own_goal', 'penalty_goal', 'penalty_missed', 'yellow_card', 'second_yellow', 'red_card', 'substitution', 'var_decision', 'half_time', 'full_time')),
    team_id BIGINT NULL REFERENCES teams (id) ON DELETE SET NULL,
    player_id BIGINT NULL REFERENCES players (id) ON DELETE SET NULL,
    -- The assisting player for a goal, the player coming on for a substitution.
    secondary_player_id BIGINT NULL REFERENCES players (id) ON DELETE SET NULL,
    detail TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX match_events_match_id_idx ON match_events (match_id, id);
CREATE INDEX match_events_player_id_idx ON match_events (player_id);
CREATE INDEX match_events_secondary_player_id_idx ON match_events (secondary_player_id);
CREATE INDEX match_events_team_id_idx ON match_events (team_id);

-- The live feed: one row per score/status/event change. `id` is the SSE event id, so a client
-- reconnecting with `Last-Event-ID: n` gets every row with id > n. Ids are assigned at insert,
-- not commit: rows are written by the single sports-ingest job, so they commit in id order.
CREATE TABLE sports_updates (
    id INTEGER PRIMARY KEY,
    match_id BIGINT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('score', 'status', 'minute', 'event')),
    -- JSON snapshot sent as the SSE `data:` line.
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX sports_updates_match_id_idx ON sports_updates (match_id);
CREATE INDEX sports_updates_created_at_idx ON sports_updates (created_at);

CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    match_id BIGINT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    thumbnail_url TEXT NULL,
    duration_seconds INTEGER NULL CHECK (duration_seconds > 0),
    published_at TIMESTAMP NOT NULL
);
CREATE INDEX highlights_match_id_idx ON highlights (match_id);
CREATE INDEX highlights_published_at_idx ON highlights (published_at);

CREATE TABLE profile_favourite_teams (
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (profile_id, team_id)
);
CREATE INDEX profile_favourite_teams_team_id_idx ON profile_favourite_teams (team_id);

CREATE TABLE profile_favourite_leagues (
    profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    league_id BIGINT NOT NULL REFERENCES leagues (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (profile_id, league_id)
);
CREATE INDEX profile_favourite_leagues_league_id_idx ON profile_favourite_leagues (league_id);
