//! Every table written through its `New…` struct over `&mut DbConn` and read back, each field
//! compared with what was written (columns a `New…` struct leaves out must read back as their
//! defaults). Parent rows come from the round trips before them or from `fixtures`.
//!
//! `every_table_has_a_round_trip` lists the tables of the migrated database: a table added
//! without a round trip here fails it.

use diesel::prelude::*;
use diesel::sql_types::Text;
use marquee_db::models::*;
use marquee_db::schema;
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn};

use crate::fixtures::{self, date, mins};

/// Inserts `$new` into `$table` with RETURNING, reads the row back with a SELECT by primary key,
/// checks both agree and returns the row.
macro_rules! round_trip {
    ($conn:expr, $table:ident, $Row:ty, $new:expr) => {{
        let written: $Row = diesel::insert_into(schema::$table::table)
            .values($new)
            .returning(schema::$table::all_columns)
            .get_result($conn)
            .unwrap_or_else(|e| panic!("insert into {}: {e}", stringify!($table)));
        let read: $Row = schema::$table::table
            .find(written.id())
            .select(<$Row>::as_select())
            .get_result($conn)
            .unwrap_or_else(|e| panic!("read back {}: {e}", stringify!($table)));
        assert_eq!(
            read,
            written,
            "{}: RETURNING and SELECT disagree",
            stringify!($table)
        );
        read
    }};
}

/// The tables the round trips below cover; `every_table_has_a_round_trip` checks it against
/// the database and against this file.
pub const COVERED: &[&str] = &[
    "users",
    "sessions",
    "refresh_tokens",
    "one_time_tokens",
    "totp_secrets",
    "recovery_codes",
    "revoked_access_tokens",
    "profiles",
    "genres",
    "countries",
    "languages",
    "keywords",
    "movies",
    "movie_external_ids",
    "movie_stats",
    "movie_genres",
    "movie_countries",
    "movie_languages",
    "movie_keywords",
    "people",
    "person_aliases",
    "credits",
    "trailers",
    "trailer_renditions",
    "trailer_subtitles",
    "profile_preferences",
    "profile_preferred_genres",
    "profile_preferred_languages",
    "ratings",
    "reviews",
    "watchlist_items",
    "playback_progress",
    "watch_history",
    "search_history",
    "not_interested",
    "leagues",
    "teams",
    "players",
    "matches",
    "match_events",
    "sports_updates",
    "highlights",
    "profile_favourite_teams",
    "profile_favourite_leagues",
    "recommendation_rows",
    "recommendation_items",
    "jobs",
    "audit_log",
    "analytics_events",
    "experiments",
    "experiment_variants",
    "experiment_assignments",
    "outbox_mail",
];

#[test]
fn accounts_tables_round_trip() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = {
        let new = NewUser {
            email: "Ada@Example.com",
            email_normalized: "ada@example.com",
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            name: "users.name",
            role: "admin",
            email_verified_at: Some(t + mins(2)),
            created_at: t + mins(3),
            updated_at: t + mins(4),
        };
        let row: User = round_trip!(c, users, User, &new);
        let expected = User {
            id: row.id,
            email: new.email.to_owned(),
            email_normalized: new.email_normalized.to_owned(),
            password_hash: new.password_hash.to_owned(),
            name: new.name.to_owned(),
            role: new.role.to_owned(),
            email_verified_at: new.email_verified_at,
            disabled_at: None,
            failed_login_count: 0,
            locked_until: None,
            last_login_at: None,
            created_at: new.created_at,
            updated_at: new.updated_at,
            analytics_opt_out: false,
        };
        assert_eq!(row, expected);
        row
    };
    let session = {
        let new = NewSession {
            user_id: user.id,
            family_id: "sessions.family_id",
            user_agent: Some("marquee/0.1 (linux)"),
            ip: Some("203.0.113.7"),
            created_at: t + mins(7),
            last_used_at: t + mins(8),
            expires_at: t + mins(9),
        };
        let row: Session = round_trip!(c, sessions, Session, &new);
        let expected = Session {
            id: row.id,
            user_id: new.user_id,
            family_id: new.family_id.to_owned(),
            user_agent: new.user_agent.map(str::to_owned),
            ip: new.ip.map(str::to_owned),
            created_at: new.created_at,
            last_used_at: new.last_used_at,
            expires_at: new.expires_at,
            revoked_at: None,
            revoked_reason: None,
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewRefreshToken {
            session_id: session.id,
            token_hash: "refresh_tokens.token_hash",
            created_at: t + mins(12),
            expires_at: t + mins(13),
        };
        let row: RefreshToken = round_trip!(c, refresh_tokens, RefreshToken, &new);
        let expected = RefreshToken {
            id: row.id,
            session_id: new.session_id,
            token_hash: new.token_hash.to_owned(),
            created_at: new.created_at,
            expires_at: new.expires_at,
            used_at: None,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewOneTimeToken {
            user_id: user.id,
            purpose: "password_reset",
            token_hash: "one_time_tokens.token_hash",
            created_at: t + mins(16),
            expires_at: t + mins(17),
        };
        let row: OneTimeToken = round_trip!(c, one_time_tokens, OneTimeToken, &new);
        let expected = OneTimeToken {
            id: row.id,
            user_id: new.user_id,
            purpose: new.purpose.to_owned(),
            token_hash: new.token_hash.to_owned(),
            created_at: new.created_at,
            expires_at: new.expires_at,
            used_at: None,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewTotpSecret {
            user_id: user.id,
            secret: "totp_secrets.secret",
            created_at: t + mins(20),
        };
        let row: TotpSecret = round_trip!(c, totp_secrets, TotpSecret, &new);
        let expected = TotpSecret {
            id: row.id,
            user_id: new.user_id,
            secret: new.secret.to_owned(),
            created_at: new.created_at,
            enabled_at: None,
            last_used_step: None,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewRecoveryCode {
            user_id: user.id,
            code_hash: "recovery_codes.code_hash",
            created_at: t + mins(23),
        };
        let row: RecoveryCode = round_trip!(c, recovery_codes, RecoveryCode, &new);
        let expected = RecoveryCode {
            id: row.id,
            user_id: new.user_id,
            code_hash: new.code_hash.to_owned(),
            created_at: new.created_at,
            used_at: None,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewRevokedAccessToken {
            jti: "revoked_access_tokens.jti",
            expires_at: t + mins(25),
            revoked_at: t + mins(26),
        };
        let row: RevokedAccessToken =
            round_trip!(c, revoked_access_tokens, RevokedAccessToken, &new);
        let expected = RevokedAccessToken {
            id: row.id,
            jti: new.jti.to_owned(),
            expires_at: new.expires_at,
            revoked_at: new.revoked_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewProfile {
            user_id: user.id,
            name: "profiles.name",
            avatar: Some("robot"),
            is_kids: true,
            maturity_limit: Some(16),
            created_at: t + mins(30),
            updated_at: t + mins(31),
        };
        let row: Profile = round_trip!(c, profiles, Profile, &new);
        let expected = Profile {
            id: row.id,
            user_id: new.user_id,
            name: new.name.to_owned(),
            avatar: new.avatar.map(str::to_owned),
            is_kids: new.is_kids,
            maturity_limit: new.maturity_limit,
            created_at: new.created_at,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
}

#[test]
fn catalogue_tables_round_trip() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let genre = {
        let new = NewGenre {
            name: "Science Fiction",
            slug: "science-fiction",
        };
        let row: Genre = round_trip!(c, genres, Genre, &new);
        let expected = Genre {
            id: row.id,
            name: new.name.to_owned(),
            slug: new.slug.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    let country = {
        let new = NewCountry {
            code: "FR",
            name: "France",
        };
        let row: Country = round_trip!(c, countries, Country, &new);
        let expected = Country {
            id: row.id,
            code: new.code.to_owned(),
            name: new.name.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    let language = {
        let new = NewLanguage {
            code: "fr",
            name: "French",
        };
        let row: Language = round_trip!(c, languages, Language, &new);
        let expected = Language {
            id: row.id,
            code: new.code.to_owned(),
            name: new.name.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    let keyword = {
        let new = NewKeyword { name: "dystopia" };
        let row: Keyword = round_trip!(c, keywords, Keyword, &new);
        let expected = Keyword {
            id: row.id,
            name: new.name.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    let movie = {
        let new = NewMovie {
            title: "The Matrix",
            original_title: Some("movies.original_title"),
            tagline: Some("movies.tagline"),
            overview: Some("movies.overview"),
            release_date: Some(date(1999, 3, 31)),
            year: Some(1999),
            runtime_minutes: Some(136),
            original_language_id: Some(language.id),
            certificate: Some("R"),
            min_age: Some(16),
            poster_url: Some("movies.poster_url"),
            backdrop_url: Some("movies.backdrop_url"),
            popularity: 42.5,
            created_at: t + mins(38),
            updated_at: t + mins(39),
        };
        let row: Movie = round_trip!(c, movies, Movie, &new);
        let expected = Movie {
            id: row.id,
            title: new.title.to_owned(),
            original_title: new.original_title.map(str::to_owned),
            tagline: new.tagline.map(str::to_owned),
            overview: new.overview.map(str::to_owned),
            release_date: new.release_date,
            year: new.year,
            runtime_minutes: new.runtime_minutes,
            original_language_id: new.original_language_id,
            certificate: new.certificate.map(str::to_owned),
            min_age: new.min_age,
            poster_url: new.poster_url.map(str::to_owned),
            backdrop_url: new.backdrop_url.map(str::to_owned),
            popularity: new.popularity,
            created_at: new.created_at,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewMovieExternalIds {
            movie_id: movie.id,
            movielens_id: Some(2571),
            imdb_id: Some("tt0133093"),
            tmdb_id: Some(603),
        };
        let row: MovieExternalIds = round_trip!(c, movie_external_ids, MovieExternalIds, &new);
        let expected = MovieExternalIds {
            movie_id: new.movie_id,
            movielens_id: new.movielens_id,
            imdb_id: new.imdb_id.map(str::to_owned),
            tmdb_id: new.tmdb_id,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewMovieStats {
            movie_id: movie.id,
            rating_count: 2,
            rating_sum_half: 17,
            rating_avg: Some(4.25),
            imdb_rating: Some(8.7),
            imdb_votes: Some(2_100_000),
            metascore: Some(73),
            budget_usd: Some(63_000_000),
            gross_usd: Some(467_222_728),
            updated_at: t + mins(42),
        };
        let row: MovieStats = round_trip!(c, movie_stats, MovieStats, &new);
        let expected = MovieStats {
            movie_id: new.movie_id,
            rating_count: new.rating_count,
            rating_sum_half: new.rating_sum_half,
            rating_avg: new.rating_avg,
            imdb_rating: new.imdb_rating,
            imdb_votes: new.imdb_votes,
            metascore: new.metascore,
            budget_usd: new.budget_usd,
            gross_usd: new.gross_usd,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewMovieGenre {
            movie_id: movie.id,
            genre_id: genre.id,
        };
        let row: MovieGenre = round_trip!(c, movie_genres, MovieGenre, &new);
        assert_eq!(row, new);
    }
    {
        let new = NewMovieCountry {
            movie_id: movie.id,
            country_id: country.id,
        };
        let row: MovieCountry = round_trip!(c, movie_countries, MovieCountry, &new);
        assert_eq!(row, new);
    }
    {
        let new = NewMovieLanguage {
            movie_id: movie.id,
            language_id: language.id,
        };
        let row: MovieLanguage = round_trip!(c, movie_languages, MovieLanguage, &new);
        assert_eq!(row, new);
    }
    {
        let new = NewMovieKeyword {
            movie_id: movie.id,
            keyword_id: keyword.id,
            source: "movielens",
            weight: 3.0,
        };
        let row: MovieKeyword = round_trip!(c, movie_keywords, MovieKeyword, &new);
        let expected = MovieKeyword {
            movie_id: new.movie_id,
            keyword_id: new.keyword_id,
            source: new.source.to_owned(),
            weight: new.weight,
        };
        assert_eq!(row, expected);
    }
    let person = {
        let new = NewPerson {
            name: "Keanu Reeves",
            biography: Some("people.biography"),
            birth_date: Some(date(1964, 9, 2)),
            death_date: Some(date(2100, 1, 1)),
            place_of_birth: Some("people.place_of_birth"),
            known_for_department: Some("people.known_for_department"),
            profile_url: Some("people.profile_url"),
            popularity: 17.75,
            imdb_id: Some("nm0000206"),
            tmdb_id: Some(6384),
            created_at: t + mins(55),
            updated_at: t + mins(56),
        };
        let row: Person = round_trip!(c, people, Person, &new);
        let expected = Person {
            id: row.id,
            name: new.name.to_owned(),
            biography: new.biography.map(str::to_owned),
            birth_date: new.birth_date,
            death_date: new.death_date,
            place_of_birth: new.place_of_birth.map(str::to_owned),
            known_for_department: new.known_for_department.map(str::to_owned),
            profile_url: new.profile_url.map(str::to_owned),
            popularity: new.popularity,
            imdb_id: new.imdb_id.map(str::to_owned),
            tmdb_id: new.tmdb_id,
            created_at: new.created_at,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewPersonAlias {
            person_id: person.id,
            name: "Keanu Charles Reeves",
        };
        let row: PersonAlias = round_trip!(c, person_aliases, PersonAlias, &new);
        let expected = PersonAlias {
            id: row.id,
            person_id: new.person_id,
            name: new.name.to_owned(),
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewCredit {
            movie_id: movie.id,
            person_id: person.id,
            kind: "cast",
            character_name: Some("Neo"),
            cast_order: Some(0),
            department: None,
            job: None,
        };
        let row: Credit = round_trip!(c, credits, Credit, &new);
        let expected = Credit {
            id: row.id,
            movie_id: new.movie_id,
            person_id: new.person_id,
            kind: new.kind.to_owned(),
            character_name: new.character_name.map(str::to_owned),
            cast_order: new.cast_order,
            department: new.department.map(str::to_owned),
            job: new.job.map(str::to_owned),
        };
        assert_eq!(row, expected);
    }
    let trailer = {
        let new = NewTrailer {
            movie_id: movie.id,
            title: "trailers.title",
            kind: "teaser",
            language_id: Some(language.id),
            published_at: Some(t + mins(63)),
            created_at: t + mins(64),
        };
        let row: Trailer = round_trip!(c, trailers, Trailer, &new);
        let expected = Trailer {
            id: row.id,
            movie_id: new.movie_id,
            title: new.title.to_owned(),
            kind: new.kind.to_owned(),
            language_id: new.language_id,
            published_at: new.published_at,
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewTrailerRendition {
            trailer_id: trailer.id,
            quality: "1080p",
            format: "hls",
            location: "trailers/603/teaser/1080p/index.m3u8",
            duration_seconds: Some(68),
            size_bytes: Some(1067),
            bitrate_kbps: Some(70),
        };
        let row: TrailerRendition = round_trip!(c, trailer_renditions, TrailerRendition, &new);
        let expected = TrailerRendition {
            id: row.id,
            trailer_id: new.trailer_id,
            quality: new.quality.to_owned(),
            format: new.format.to_owned(),
            location: new.location.to_owned(),
            duration_seconds: new.duration_seconds,
            size_bytes: new.size_bytes,
            bitrate_kbps: new.bitrate_kbps,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewTrailerSubtitle {
            trailer_id: trailer.id,
            language_id: language.id,
            format: "srt",
            location: "trailers/603/teaser/fr.srt",
        };
        let row: TrailerSubtitle = round_trip!(c, trailer_subtitles, TrailerSubtitle, &new);
        let expected = TrailerSubtitle {
            id: row.id,
            trailer_id: new.trailer_id,
            language_id: new.language_id,
            format: new.format.to_owned(),
            location: new.location.to_owned(),
        };
        assert_eq!(row, expected);
    }
}

#[test]
fn activity_tables_round_trip() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");
    let genre = fixtures::genre(c, "Science Fiction");
    let country = fixtures::country(c, "FR");
    let language = fixtures::language(c, "fr");
    {
        let new = NewProfilePreferences {
            profile_id: profile.id,
            country_id: Some(country.id),
            time_zone: Some("Europe/Paris"),
            ui_language_id: Some(language.id),
            subtitle_language_id: Some(language.id),
            diversity: 70,
            autoplay_trailers: false,
            updated_at: t + mins(75),
        };
        let row: ProfilePreferences = round_trip!(c, profile_preferences, ProfilePreferences, &new);
        let expected = ProfilePreferences {
            profile_id: new.profile_id,
            country_id: new.country_id,
            time_zone: new.time_zone.map(str::to_owned),
            ui_language_id: new.ui_language_id,
            subtitle_language_id: new.subtitle_language_id,
            diversity: new.diversity,
            autoplay_trailers: new.autoplay_trailers,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewProfilePreferredGenre {
            profile_id: profile.id,
            genre_id: genre.id,
        };
        let row: ProfilePreferredGenre =
            round_trip!(c, profile_preferred_genres, ProfilePreferredGenre, &new);
        assert_eq!(row, new);
    }
    {
        let new = NewProfilePreferredLanguage {
            profile_id: profile.id,
            language_id: language.id,
        };
        let row: ProfilePreferredLanguage = round_trip!(
            c,
            profile_preferred_languages,
            ProfilePreferredLanguage,
            &new
        );
        assert_eq!(row, new);
    }
    {
        let new = NewRating {
            profile_id: profile.id,
            movie_id: movie.id,
            rating_half: 9,
            created_at: t + mins(82),
            updated_at: t + mins(83),
        };
        let row: Rating = round_trip!(c, ratings, Rating, &new);
        let expected = Rating {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            rating_half: new.rating_half,
            created_at: new.created_at,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewReview {
            profile_id: profile.id,
            movie_id: movie.id,
            title: Some("reviews.title"),
            body: "reviews.body",
            contains_spoilers: true,
            created_at: t + mins(89),
            updated_at: t + mins(90),
        };
        let row: Review = round_trip!(c, reviews, Review, &new);
        let expected = Review {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            title: new.title.map(str::to_owned),
            body: new.body.to_owned(),
            contains_spoilers: new.contains_spoilers,
            created_at: new.created_at,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewWatchlistItem {
            profile_id: profile.id,
            movie_id: movie.id,
            note: Some("watchlist_items.note"),
            added_at: t + mins(94),
        };
        let row: WatchlistItem = round_trip!(c, watchlist_items, WatchlistItem, &new);
        let expected = WatchlistItem {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            note: new.note.map(str::to_owned),
            added_at: new.added_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewPlaybackProgress {
            profile_id: profile.id,
            movie_id: movie.id,
            position_seconds: 1234,
            duration_seconds: 8160,
            updated_at: t + mins(97),
        };
        let row: PlaybackProgress = round_trip!(c, playback_progress, PlaybackProgress, &new);
        let expected = PlaybackProgress {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            position_seconds: new.position_seconds,
            duration_seconds: new.duration_seconds,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewWatchHistoryEntry {
            profile_id: profile.id,
            movie_id: movie.id,
            watched_at: t + mins(100),
            seconds_watched: 103,
            completed: true,
            source: "import",
        };
        let row: WatchHistoryEntry = round_trip!(c, watch_history, WatchHistoryEntry, &new);
        let expected = WatchHistoryEntry {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            watched_at: new.watched_at,
            seconds_watched: new.seconds_watched,
            completed: new.completed,
            source: new.source.to_owned(),
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewSearchHistoryEntry {
            profile_id: profile.id,
            query: "matrx",
            result_count: 106,
            searched_at: t + mins(105),
        };
        let row: SearchHistoryEntry = round_trip!(c, search_history, SearchHistoryEntry, &new);
        let expected = SearchHistoryEntry {
            id: row.id,
            profile_id: new.profile_id,
            query: new.query.to_owned(),
            result_count: new.result_count,
            searched_at: new.searched_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewNotInterested {
            profile_id: profile.id,
            movie_id: movie.id,
            created_at: t + mins(108),
        };
        let row: NotInterested = round_trip!(c, not_interested, NotInterested, &new);
        let expected = NotInterested {
            id: row.id,
            profile_id: new.profile_id,
            movie_id: new.movie_id,
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
    }
}

#[test]
fn sports_tables_round_trip() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let country = fixtures::country(c, "FR");
    let league = {
        let new = NewLeague {
            name: "Ligue 1",
            slug: "ligue-1",
            sport: "football",
            country_id: Some(country.id),
            logo_url: Some("leagues.logo_url"),
        };
        let row: League = round_trip!(c, leagues, League, &new);
        let expected = League {
            id: row.id,
            name: new.name.to_owned(),
            slug: new.slug.to_owned(),
            sport: new.sport.to_owned(),
            country_id: new.country_id,
            logo_url: new.logo_url.map(str::to_owned),
        };
        assert_eq!(row, expected);
        row
    };
    let team = {
        let new = NewTeam {
            league_id: league.id,
            name: "Paris FC",
            short_name: Some("PFC"),
            country_id: Some(country.id),
            logo_url: Some("teams.logo_url"),
        };
        let row: Team = round_trip!(c, teams, Team, &new);
        let expected = Team {
            id: row.id,
            league_id: new.league_id,
            name: new.name.to_owned(),
            short_name: new.short_name.map(str::to_owned),
            country_id: new.country_id,
            logo_url: new.logo_url.map(str::to_owned),
        };
        assert_eq!(row, expected);
        row
    };
    let player = {
        let new = NewPlayer {
            team_id: Some(team.id),
            name: "players.name",
            position: Some("forward"),
            nationality_country_id: Some(country.id),
            birth_date: Some(date(1998, 12, 20)),
            shirt_number: Some(10),
            photo_url: Some("players.photo_url"),
        };
        let row: Player = round_trip!(c, players, Player, &new);
        let expected = Player {
            id: row.id,
            team_id: new.team_id,
            name: new.name.to_owned(),
            position: new.position.map(str::to_owned),
            nationality_country_id: new.nationality_country_id,
            birth_date: new.birth_date,
            shirt_number: new.shirt_number,
            photo_url: new.photo_url.map(str::to_owned),
        };
        assert_eq!(row, expected);
        row
    };
    let team2 = fixtures::team(c, league.id, "Away FC");
    let match_ = {
        let new = NewMatch {
            league_id: league.id,
            home_team_id: team.id,
            away_team_id: team2.id,
            kickoff_at: t + mins(121),
            venue: Some("matches.venue"),
            status: "live",
            home_score: Some(2),
            away_score: Some(1),
            minute: Some(67),
            updated_at: t + mins(123),
        };
        let row: Match = round_trip!(c, matches, Match, &new);
        let expected = Match {
            id: row.id,
            league_id: new.league_id,
            home_team_id: new.home_team_id,
            away_team_id: new.away_team_id,
            kickoff_at: new.kickoff_at,
            venue: new.venue.map(str::to_owned),
            status: new.status.to_owned(),
            home_score: new.home_score,
            away_score: new.away_score,
            minute: new.minute,
            updated_at: new.updated_at,
        };
        assert_eq!(row, expected);
        row
    };
    let player2 = fixtures::player(c, Some(team2.id), "Sub Player");
    {
        let new = NewMatchEvent {
            match_id: match_.id,
            minute: Some(45),
            extra_minute: Some(2),
            kind: "goal",
            team_id: Some(team.id),
            player_id: Some(player.id),
            secondary_player_id: Some(player2.id),
            detail: Some("match_events.detail"),
            created_at: t + mins(129),
        };
        let row: MatchEvent = round_trip!(c, match_events, MatchEvent, &new);
        let expected = MatchEvent {
            id: row.id,
            match_id: new.match_id,
            minute: new.minute,
            extra_minute: new.extra_minute,
            kind: new.kind.to_owned(),
            team_id: new.team_id,
            player_id: new.player_id,
            secondary_player_id: new.secondary_player_id,
            detail: new.detail.map(str::to_owned),
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewSportsUpdate {
            match_id: match_.id,
            kind: "score",
            payload: r#"{"home":2,"away":1}"#,
            created_at: t + mins(131),
        };
        let row: SportsUpdate = round_trip!(c, sports_updates, SportsUpdate, &new);
        let expected = SportsUpdate {
            id: row.id,
            match_id: new.match_id,
            kind: new.kind.to_owned(),
            payload: new.payload.to_owned(),
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewHighlight {
            match_id: match_.id,
            title: "highlights.title",
            url: "highlights.url",
            thumbnail_url: Some("highlights.thumbnail_url"),
            duration_seconds: Some(138),
            published_at: t + mins(137),
        };
        let row: Highlight = round_trip!(c, highlights, Highlight, &new);
        let expected = Highlight {
            id: row.id,
            match_id: new.match_id,
            title: new.title.to_owned(),
            url: new.url.to_owned(),
            thumbnail_url: new.thumbnail_url.map(str::to_owned),
            duration_seconds: new.duration_seconds,
            published_at: new.published_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewProfileFavouriteTeam {
            profile_id: profile.id,
            team_id: team.id,
            created_at: t + mins(140),
        };
        let row: ProfileFavouriteTeam =
            round_trip!(c, profile_favourite_teams, ProfileFavouriteTeam, &new);
        assert_eq!(row, new);
    }
    {
        let new = NewProfileFavouriteLeague {
            profile_id: profile.id,
            league_id: league.id,
            created_at: t + mins(143),
        };
        let row: ProfileFavouriteLeague =
            round_trip!(c, profile_favourite_leagues, ProfileFavouriteLeague, &new);
        assert_eq!(row, new);
    }
}

#[test]
fn system_tables_round_trip() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");
    let movie2 = fixtures::movie(c, "The Matrix Reloaded");
    let person = fixtures::person(c, "Lana Wachowski");
    let rec_row = {
        let new = NewRecommendationRow {
            profile_id: profile.id,
            row_kind: "because_you_watched",
            title: "recommendation_rows.title",
            position: 2,
            generated_at: t + mins(146),
            model_version: "recommendation_rows.model_version",
        };
        let row: RecommendationRow = round_trip!(c, recommendation_rows, RecommendationRow, &new);
        let expected = RecommendationRow {
            id: row.id,
            profile_id: new.profile_id,
            row_kind: new.row_kind.to_owned(),
            title: new.title.to_owned(),
            position: new.position,
            generated_at: new.generated_at,
            model_version: new.model_version.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewRecommendationItem {
            row_id: rec_row.id,
            movie_id: movie.id,
            position: 4,
            score: 0.875,
            reason_kind: "similar_to_movie",
            reason_movie_id: Some(movie2.id),
            reason_person_id: Some(person.id),
            reason_text: Some("recommendation_items.reason_text"),
        };
        let row: RecommendationItem =
            round_trip!(c, recommendation_items, RecommendationItem, &new);
        let expected = RecommendationItem {
            id: row.id,
            row_id: new.row_id,
            movie_id: new.movie_id,
            position: new.position,
            score: new.score,
            reason_kind: new.reason_kind.to_owned(),
            reason_movie_id: new.reason_movie_id,
            reason_person_id: new.reason_person_id,
            reason_text: new.reason_text.map(str::to_owned),
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewJob {
            kind: "send_mail",
            args: r#"{"mail_id":1}"#,
            dedupe_key: Some("mail:1"),
            priority: -1,
            max_attempts: 5,
            run_at: t + mins(153),
            created_at: t + mins(154),
        };
        let row: Job = round_trip!(c, jobs, Job, &new);
        let expected = Job {
            id: row.id,
            kind: new.kind.to_owned(),
            status: "queued".to_owned(),
            args: new.args.to_owned(),
            dedupe_key: new.dedupe_key.map(str::to_owned),
            priority: new.priority,
            attempts: 0,
            max_attempts: new.max_attempts,
            run_at: new.run_at,
            started_at: None,
            finished_at: None,
            locked_by: None,
            locked_until: None,
            last_error: None,
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewAuditLogEntry {
            actor_user_id: Some(user.id),
            action: "user.disable",
            target_kind: Some("user"),
            target_id: Some(1156),
            ip: Some("audit_log.ip"),
            details: Some(r#"{"reason":"spam"}"#),
            created_at: t + mins(158),
        };
        let row: AuditLogEntry = round_trip!(c, audit_log, AuditLogEntry, &new);
        let expected = AuditLogEntry {
            id: row.id,
            actor_user_id: new.actor_user_id,
            action: new.action.to_owned(),
            target_kind: new.target_kind.map(str::to_owned),
            target_id: new.target_id,
            ip: new.ip.map(str::to_owned),
            details: new.details.map(str::to_owned),
            created_at: new.created_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewAnalyticsEvent {
            profile_id: Some(profile.id),
            kind: "impression",
            movie_id: Some(movie.id),
            row_kind: Some("because_you_watched"),
            position: Some(163),
            query: Some("analytics_events.query"),
            props: Some(r#"{"variant":"b"}"#),
            client_event_id: Some("5f0c6f4e-9d1e-4f7a-8d59-2b8f0e1c3a77"),
            occurred_at: t + mins(163),
            received_at: t + mins(164),
            algorithm: Some("m3-1764000000"),
            experiment_id: Some(163),
            variant: Some("treatment"),
            value: Some(16.5),
        };
        let row: AnalyticsEvent = round_trip!(c, analytics_events, AnalyticsEvent, &new);
        let expected = AnalyticsEvent {
            id: row.id,
            profile_id: new.profile_id,
            kind: new.kind.to_owned(),
            movie_id: new.movie_id,
            row_kind: new.row_kind.map(str::to_owned),
            position: new.position,
            query: new.query.map(str::to_owned),
            props: new.props.map(str::to_owned),
            client_event_id: new.client_event_id.map(str::to_owned),
            occurred_at: new.occurred_at,
            received_at: new.received_at,
            algorithm: new.algorithm.map(str::to_owned),
            experiment_id: new.experiment_id,
            variant: new.variant.map(str::to_owned),
            value: new.value,
        };
        assert_eq!(row, expected);
    }
    let experiment = {
        let new = NewExperiment {
            key: "for_you_ranker",
            description: "experiments.description",
            status: "running",
            started_at: Some(t + mins(165)),
            created_at: t + mins(166),
            updated_at: t + mins(167),
        };
        let row: Experiment = round_trip!(c, experiments, Experiment, &new);
        let expected = Experiment {
            id: row.id,
            key: new.key.to_owned(),
            description: new.description.to_owned(),
            status: new.status.to_owned(),
            started_at: new.started_at,
            stopped_at: None,
            created_at: new.created_at,
            updated_at: new.updated_at,
            rolled_out_variant_id: None,
        };
        assert_eq!(row, expected);
        row
    };
    let variant = {
        let new = NewExperimentVariant {
            experiment_id: experiment.id,
            key: "treatment",
            traffic_share_permille: 500,
            config: r#"{"model":"als-v2"}"#,
        };
        let row: ExperimentVariant = round_trip!(c, experiment_variants, ExperimentVariant, &new);
        let expected = ExperimentVariant {
            id: row.id,
            experiment_id: new.experiment_id,
            key: new.key.to_owned(),
            traffic_share_permille: new.traffic_share_permille,
            config: new.config.to_owned(),
        };
        assert_eq!(row, expected);
        row
    };
    {
        let new = NewExperimentAssignment {
            experiment_id: experiment.id,
            profile_id: profile.id,
            variant_id: variant.id,
            assigned_at: t + mins(172),
        };
        let row: ExperimentAssignment =
            round_trip!(c, experiment_assignments, ExperimentAssignment, &new);
        let expected = ExperimentAssignment {
            id: row.id,
            experiment_id: new.experiment_id,
            profile_id: new.profile_id,
            variant_id: new.variant_id,
            assigned_at: new.assigned_at,
        };
        assert_eq!(row, expected);
    }
    {
        let new = NewOutboxMail {
            user_id: Some(user.id),
            to_address: "ada@example.com",
            subject: "outbox_mail.subject",
            body_text: "outbox_mail.body_text",
            body_html: Some("outbox_mail.body_html"),
            created_at: t + mins(177),
            send_after: t + mins(178),
        };
        let row: OutboxMail = round_trip!(c, outbox_mail, OutboxMail, &new);
        let expected = OutboxMail {
            id: row.id,
            user_id: new.user_id,
            to_address: new.to_address.to_owned(),
            subject: new.subject.to_owned(),
            body_text: new.body_text.to_owned(),
            body_html: new.body_html.map(str::to_owned),
            created_at: new.created_at,
            send_after: new.send_after,
            sent_at: None,
            attempts: 0,
            last_error: None,
        };
        assert_eq!(row, expected);
    }
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The user tables of a migrated database (Diesel's bookkeeping table excluded), sorted.
pub fn user_tables(c: &mut DbConn) -> Vec<String> {
    let sql = match c.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '__diesel_schema_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '__diesel_schema_migrations' ORDER BY table_name"
        }
    };
    let rows: Vec<TableName> = diesel::sql_query(sql).load(c).expect("list tables");
    rows.into_iter().map(|r| r.name).collect()
}

#[test]
fn every_table_has_a_round_trip() {
    let db = TestDb::migrated();
    let in_db = user_tables(&mut db.conn());
    let mut covered: Vec<String> = COVERED.iter().map(|t| t.to_string()).collect();
    covered.sort();
    assert_eq!(
        in_db, covered,
        "tables in the database vs. tables with a round trip in tables.rs"
    );
    // Whitespace-free, so rustfmt's line breaks inside a call do not matter.
    let source: String = include_str!("tables.rs").split_whitespace().collect();
    for table in COVERED {
        assert!(
            source.contains(&format!("round_trip!(c,{table},")),
            "{table} is listed in COVERED but has no round_trip! in tables.rs"
        );
    }
}
