//! The constraints that keep the data honest fire on both backends: uniqueness, CHECKs, foreign
//! keys, and what deletes cascade to or refuse. Each failed write is also shown to leave no row.

use std::fmt::Debug;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use marquee_db::models::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn};

use crate::fixtures;

/// The kind and message of the database error `result` carries; panics on anything else.
fn db_error_with_message<T: Debug>(result: QueryResult<T>) -> (DatabaseErrorKind, String) {
    match result {
        Err(Error::DatabaseError(kind, info)) => (kind, info.message().to_owned()),
        other => panic!("expected a database error, got {other:?}"),
    }
}

fn db_error<T: Debug>(result: QueryResult<T>) -> DatabaseErrorKind {
    db_error_with_message(result).0
}

fn assert_unique_violation<T: Debug>(result: QueryResult<T>) {
    let kind = db_error(result);
    assert!(
        matches!(kind, DatabaseErrorKind::UniqueViolation),
        "got {kind:?}"
    );
}

fn assert_check_violation<T: Debug>(result: QueryResult<T>) {
    let kind = db_error(result);
    assert!(
        matches!(kind, DatabaseErrorKind::CheckViolation),
        "got {kind:?}"
    );
}

/// A write naming a missing parent: SQLSTATE 23503 on PostgreSQL, extended code
/// SQLITE_CONSTRAINT_FOREIGNKEY on SQLite; Diesel maps both to `ForeignKeyViolation`.
fn assert_fk_violation<T: Debug>(result: QueryResult<T>) {
    let kind = db_error(result);
    assert!(
        matches!(kind, DatabaseErrorKind::ForeignKeyViolation),
        "got {kind:?}"
    );
}

/// A delete an `ON DELETE RESTRICT` key refuses. PostgreSQL still says 23503; SQLite raises a
/// plain SQLITE_CONSTRAINT ("FOREIGN KEY constraint failed") that Diesel reports as `Unknown`.
fn assert_delete_refused<T: Debug>(backend: Backend, result: QueryResult<T>) {
    let (kind, message) = db_error_with_message(result);
    match backend {
        Backend::Postgres => {
            assert!(
                matches!(kind, DatabaseErrorKind::ForeignKeyViolation),
                "got {kind:?}"
            )
        }
        Backend::Sqlite => {
            assert!(matches!(kind, DatabaseErrorKind::Unknown), "got {kind:?}");
            assert_eq!(message, "FOREIGN KEY constraint failed");
        }
    }
}

fn rate(c: &mut DbConn, profile_id: i64, movie_id: i64, rating_half: i16) -> QueryResult<Rating> {
    let t = marquee_db::now();
    let new = NewRating {
        profile_id,
        movie_id,
        rating_half,
        created_at: t,
        updated_at: t,
    };
    diesel::insert_into(ratings::table)
        .values(&new)
        .returning(ratings::all_columns)
        .get_result(c)
}

fn count_ratings(c: &mut DbConn) -> i64 {
    ratings::table.count().get_result(c).unwrap()
}

#[test]
fn duplicate_normalized_email_is_a_unique_violation() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    fixtures::user(c, "ada@example.com");
    let t = marquee_db::now();
    let again = NewUser {
        email: "ADA@example.com",
        email_normalized: "ada@example.com",
        password_hash: "hash",
        name: "Ada again",
        role: "user",
        email_verified_at: None,
        created_at: t,
        updated_at: t,
    };
    assert_unique_violation(diesel::insert_into(users::table).values(&again).execute(c));
    assert_eq!(users::table.count().get_result::<i64>(c).unwrap(), 1);
}

#[test]
fn text_enums_accept_only_their_listed_values() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let owner = NewUser {
        email: "ada@example.com",
        email_normalized: "ada@example.com",
        password_hash: "hash",
        name: "Ada",
        role: "owner",
        email_verified_at: None,
        created_at: t,
        updated_at: t,
    };
    assert_check_violation(diesel::insert_into(users::table).values(&owner).execute(c));

    let league = fixtures::league(c, "ligue-1");
    let home = fixtures::team(c, league.id, "Home FC");
    let away = fixtures::team(c, league.id, "Away FC");
    let mut new = NewMatch {
        league_id: league.id,
        home_team_id: home.id,
        away_team_id: away.id,
        kickoff_at: t,
        venue: None,
        status: "abandoned",
        home_score: None,
        away_score: None,
        minute: None,
        updated_at: t,
    };
    assert_check_violation(diesel::insert_into(matches::table).values(&new).execute(c));
    new.status = "scheduled";
    new.away_team_id = home.id;
    assert_check_violation(diesel::insert_into(matches::table).values(&new).execute(c));
    assert_eq!(matches::table.count().get_result::<i64>(c).unwrap(), 0);
}

#[test]
fn rating_half_must_be_between_1_and_10() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let low = fixtures::movie(c, "Low");
    let high = fixtures::movie(c, "High");

    assert_check_violation(rate(c, profile.id, low.id, 0));
    assert_check_violation(rate(c, profile.id, high.id, 11));
    assert_eq!(count_ratings(c), 0);

    assert_eq!(rate(c, profile.id, low.id, 1).unwrap().rating_half, 1);
    assert_eq!(rate(c, profile.id, high.id, 10).unwrap().rating_half, 10);
    assert_eq!(count_ratings(c), 2);
}

#[test]
fn rating_for_a_missing_movie_is_a_foreign_key_violation() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");

    assert_fk_violation(rate(c, profile.id, movie.id + 1000, 8));
    assert_eq!(count_ratings(c), 0);
}

#[test]
fn one_row_per_profile_and_movie() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");
    let t = marquee_db::now();
    let (p, m) = (profile.id, movie.id);

    rate(c, p, m, 8).unwrap();
    assert_unique_violation(rate(c, p, m, 9));

    let review = NewReview {
        profile_id: p,
        movie_id: m,
        title: None,
        body: "Whoa.",
        contains_spoilers: false,
        created_at: t,
        updated_at: t,
    };
    diesel::insert_into(reviews::table)
        .values(&review)
        .execute(c)
        .unwrap();
    assert_unique_violation(
        diesel::insert_into(reviews::table)
            .values(&review)
            .execute(c),
    );

    let item = NewWatchlistItem {
        profile_id: p,
        movie_id: m,
        note: None,
        added_at: t,
    };
    diesel::insert_into(watchlist_items::table)
        .values(&item)
        .execute(c)
        .unwrap();
    assert_unique_violation(
        diesel::insert_into(watchlist_items::table)
            .values(&item)
            .execute(c),
    );

    let progress = NewPlaybackProgress {
        profile_id: p,
        movie_id: m,
        position_seconds: 10,
        duration_seconds: 100,
        updated_at: t,
    };
    diesel::insert_into(playback_progress::table)
        .values(&progress)
        .execute(c)
        .unwrap();
    assert_unique_violation(
        diesel::insert_into(playback_progress::table)
            .values(&progress)
            .execute(c),
    );

    let feedback = NewNotInterested {
        profile_id: p,
        movie_id: m,
        created_at: t,
    };
    diesel::insert_into(not_interested::table)
        .values(&feedback)
        .execute(c)
        .unwrap();
    assert_unique_violation(
        diesel::insert_into(not_interested::table)
            .values(&feedback)
            .execute(c),
    );

    // A second profile of the same account rates independently.
    let other = fixtures::profile(c, user.id, "Kids");
    rate(c, other.id, m, 3).unwrap();
    assert_eq!(count_ratings(c), 2);
}

#[test]
fn playback_position_cannot_pass_the_duration() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");
    let progress = NewPlaybackProgress {
        profile_id: profile.id,
        movie_id: movie.id,
        position_seconds: 101,
        duration_seconds: 100,
        updated_at: marquee_db::now(),
    };
    assert_check_violation(
        diesel::insert_into(playback_progress::table)
            .values(&progress)
            .execute(c),
    );
}

#[test]
fn external_ids_are_unique_where_present() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let ids = |movie_id, imdb_id| NewMovieExternalIds {
        movie_id,
        movielens_id: None,
        imdb_id,
        tmdb_id: None,
    };
    let a = fixtures::movie(c, "A");
    let b = fixtures::movie(c, "B");
    let d = fixtures::movie(c, "D");
    // NULLs never collide...
    diesel::insert_into(movie_external_ids::table)
        .values(&ids(a.id, None))
        .execute(c)
        .unwrap();
    diesel::insert_into(movie_external_ids::table)
        .values(&ids(b.id, Some("tt0133093")))
        .execute(c)
        .unwrap();
    // ...values do.
    assert_unique_violation(
        diesel::insert_into(movie_external_ids::table)
            .values(&ids(d.id, Some("tt0133093")))
            .execute(c),
    );
}

#[test]
fn deleting_a_profile_cascades_to_its_data_only() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = fixtures::user(c, "ada@example.com");
    let gone = fixtures::profile(c, user.id, "Ada");
    let kept = fixtures::profile(c, user.id, "Kids");
    let movie = fixtures::movie(c, "The Matrix");
    let genre = fixtures::genre(c, "Drama");
    let league = fixtures::league(c, "ligue-1");
    let team = fixtures::team(c, league.id, "Paris FC");

    for p in [gone.id, kept.id] {
        rate(c, p, movie.id, 7).unwrap();
        let item = NewWatchlistItem {
            profile_id: p,
            movie_id: movie.id,
            note: None,
            added_at: t,
        };
        diesel::insert_into(watchlist_items::table)
            .values(&item)
            .execute(c)
            .unwrap();
    }
    let history = NewWatchHistoryEntry {
        profile_id: gone.id,
        movie_id: movie.id,
        watched_at: t,
        seconds_watched: 60,
        completed: false,
        source: "playback",
    };
    diesel::insert_into(watch_history::table)
        .values(&history)
        .execute(c)
        .unwrap();
    let prefs = NewProfilePreferences {
        profile_id: gone.id,
        country_id: None,
        time_zone: None,
        ui_language_id: None,
        subtitle_language_id: None,
        diversity: 50,
        autoplay_trailers: true,
        updated_at: t,
    };
    diesel::insert_into(profile_preferences::table)
        .values(&prefs)
        .execute(c)
        .unwrap();
    let liked = NewProfilePreferredGenre {
        profile_id: gone.id,
        genre_id: genre.id,
    };
    diesel::insert_into(profile_preferred_genres::table)
        .values(&liked)
        .execute(c)
        .unwrap();
    let fan = NewProfileFavouriteTeam {
        profile_id: gone.id,
        team_id: team.id,
        created_at: t,
    };
    diesel::insert_into(profile_favourite_teams::table)
        .values(&fan)
        .execute(c)
        .unwrap();
    let event = NewAnalyticsEvent {
        profile_id: Some(gone.id),
        kind: "play",
        movie_id: Some(movie.id),
        row_kind: None,
        position: None,
        query: None,
        props: None,
        client_event_id: None,
        occurred_at: t,
        received_at: t,
        ..Default::default()
    };
    let event_id: i64 = diesel::insert_into(analytics_events::table)
        .values(&event)
        .returning(analytics_events::id)
        .get_result(c)
        .unwrap();

    diesel::delete(profiles::table.find(gone.id))
        .execute(c)
        .unwrap();

    let owned_by = |c: &mut DbConn, p: i64| -> [i64; 6] {
        [
            ratings::table
                .filter(ratings::profile_id.eq(p))
                .count()
                .get_result(c)
                .unwrap(),
            watchlist_items::table
                .filter(watchlist_items::profile_id.eq(p))
                .count()
                .get_result(c)
                .unwrap(),
            watch_history::table
                .filter(watch_history::profile_id.eq(p))
                .count()
                .get_result(c)
                .unwrap(),
            profile_preferences::table
                .find(p)
                .count()
                .get_result(c)
                .unwrap(),
            profile_preferred_genres::table
                .filter(profile_preferred_genres::profile_id.eq(p))
                .count()
                .get_result(c)
                .unwrap(),
            profile_favourite_teams::table
                .filter(profile_favourite_teams::profile_id.eq(p))
                .count()
                .get_result(c)
                .unwrap(),
        ]
    };
    assert_eq!(owned_by(c, gone.id), [0; 6]);
    assert_eq!(owned_by(c, kept.id), [1, 1, 0, 0, 0, 0]);
    // Shared rows survive; analytics keep the event but forget the profile.
    assert_eq!(movies::table.count().get_result::<i64>(c).unwrap(), 1);
    assert_eq!(genres::table.count().get_result::<i64>(c).unwrap(), 1);
    assert_eq!(teams::table.count().get_result::<i64>(c).unwrap(), 1);
    let event: AnalyticsEvent = analytics_events::table
        .find(event_id)
        .select(AnalyticsEvent::as_select())
        .get_result(c)
        .unwrap();
    assert_eq!(event.profile_id, None);
    assert_eq!(event.movie_id, Some(movie.id));
}

#[test]
fn deleting_a_user_cascades_to_profiles_and_sessions_and_keeps_the_audit_trail() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");
    rate(c, profile.id, movie.id, 10).unwrap();
    let session = NewSession {
        user_id: user.id,
        family_id: "family",
        user_agent: None,
        ip: None,
        created_at: t,
        last_used_at: t,
        expires_at: t,
    };
    let session_id: i64 = diesel::insert_into(sessions::table)
        .values(&session)
        .returning(sessions::id)
        .get_result(c)
        .unwrap();
    let token = NewRefreshToken {
        session_id,
        token_hash: "h",
        created_at: t,
        expires_at: t,
    };
    diesel::insert_into(refresh_tokens::table)
        .values(&token)
        .execute(c)
        .unwrap();
    let audit = NewAuditLogEntry {
        actor_user_id: Some(user.id),
        action: "user.login",
        target_kind: None,
        target_id: None,
        ip: None,
        details: None,
        created_at: t,
    };
    diesel::insert_into(audit_log::table)
        .values(&audit)
        .execute(c)
        .unwrap();

    diesel::delete(users::table.find(user.id))
        .execute(c)
        .unwrap();

    assert_eq!(profiles::table.count().get_result::<i64>(c).unwrap(), 0);
    assert_eq!(count_ratings(c), 0);
    assert_eq!(sessions::table.count().get_result::<i64>(c).unwrap(), 0);
    assert_eq!(
        refresh_tokens::table.count().get_result::<i64>(c).unwrap(),
        0
    );
    let actors: Vec<Option<i64>> = audit_log::table
        .select(audit_log::actor_user_id)
        .load(c)
        .unwrap();
    assert_eq!(actors, [None]);
}

#[test]
fn leagues_and_teams_in_use_cannot_be_deleted() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let league = fixtures::league(c, "ligue-1");
    let home = fixtures::team(c, league.id, "Home FC");
    let away = fixtures::team(c, league.id, "Away FC");
    assert_delete_refused(
        db.backend(),
        diesel::delete(leagues::table.find(league.id)).execute(c),
    );
    let match_ = NewMatch {
        league_id: league.id,
        home_team_id: home.id,
        away_team_id: away.id,
        kickoff_at: marquee_db::now(),
        venue: None,
        status: "scheduled",
        home_score: None,
        away_score: None,
        minute: None,
        updated_at: marquee_db::now(),
    };
    diesel::insert_into(matches::table)
        .values(&match_)
        .execute(c)
        .unwrap();
    assert_delete_refused(
        db.backend(),
        diesel::delete(teams::table.find(away.id)).execute(c),
    );
    assert_eq!(teams::table.count().get_result::<i64>(c).unwrap(), 2);
    assert_eq!(leagues::table.count().get_result::<i64>(c).unwrap(), 1);
}

#[test]
fn an_assignment_must_use_a_variant_of_its_own_experiment() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let ranker = fixtures::experiment(c, "ranker");
    let artwork = fixtures::experiment(c, "artwork");
    let artwork_b = fixtures::variant(c, artwork.id, "b");
    let assign = |variant_id| NewExperimentAssignment {
        experiment_id: ranker.id,
        profile_id: profile.id,
        variant_id,
        assigned_at: marquee_db::now(),
    };
    assert_fk_violation(
        diesel::insert_into(experiment_assignments::table)
            .values(&assign(artwork_b.id))
            .execute(c),
    );
    let ranker_a = fixtures::variant(c, ranker.id, "a");
    diesel::insert_into(experiment_assignments::table)
        .values(&assign(ranker_a.id))
        .execute(c)
        .unwrap();
    // One assignment per profile and experiment.
    assert_unique_violation(
        diesel::insert_into(experiment_assignments::table)
            .values(&assign(ranker_a.id))
            .execute(c),
    );
}

#[test]
fn a_dedupe_key_allows_one_active_job() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let t = marquee_db::now();
    let job = NewJob {
        kind: "recommend",
        args: "{}",
        dedupe_key: Some("recommend:profile:1"),
        priority: 0,
        max_attempts: 3,
        run_at: t,
        created_at: t,
    };
    let first: i64 = diesel::insert_into(jobs::table)
        .values(&job)
        .returning(jobs::id)
        .get_result(c)
        .unwrap();
    assert_unique_violation(diesel::insert_into(jobs::table).values(&job).execute(c));

    diesel::update(jobs::table.find(first))
        .set(jobs::status.eq("succeeded"))
        .execute(c)
        .unwrap();
    diesel::insert_into(jobs::table)
        .values(&job)
        .execute(c)
        .unwrap();
    // Jobs without a key never collide.
    let unkeyed = NewJob {
        dedupe_key: None,
        ..job
    };
    diesel::insert_into(jobs::table)
        .values(&unkeyed)
        .execute(c)
        .unwrap();
    diesel::insert_into(jobs::table)
        .values(&unkeyed)
        .execute(c)
        .unwrap();
    assert_eq!(jobs::table.count().get_result::<i64>(c).unwrap(), 4);
}

#[test]
fn analytics_batches_are_idempotent_by_client_event_id_per_profile() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let ada = fixtures::profile(c, user.id, "Ada");
    let kid = fixtures::profile(c, user.id, "Kid");
    let t = marquee_db::now();
    let event = |profile_id| NewAnalyticsEvent {
        profile_id: Some(profile_id),
        kind: "impression",
        client_event_id: Some("9b2f0c7e-1111-4d6c-9a55-0c1d2e3f4a5b"),
        occurred_at: t,
        received_at: t,
        ..Default::default()
    };
    diesel::insert_into(analytics_events::table)
        .values(&event(ada.id))
        .execute(c)
        .unwrap();
    assert_unique_violation(
        diesel::insert_into(analytics_events::table)
            .values(&event(ada.id))
            .execute(c),
    );
    // The same id from another profile is another event.
    diesel::insert_into(analytics_events::table)
        .values(&event(kid.id))
        .execute(c)
        .unwrap();
}

/// The same checks hold on the backend the environment did not select.
#[test]
fn rating_constraints_hold_on_both_backends() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let db = TestDb::empty_on(backend);
        let c = &mut db.conn();
        marquee_db::migrate::run_pending(c).unwrap();
        let user = fixtures::user(c, "ada@example.com");
        let profile = fixtures::profile(c, user.id, "Ada");
        let movie = fixtures::movie(c, "The Matrix");
        assert_check_violation(rate(c, profile.id, movie.id, 11));
        assert_fk_violation(rate(c, profile.id, movie.id + 1, 5));
        rate(c, profile.id, movie.id, 5).unwrap();
        assert_unique_violation(rate(c, profile.id, movie.id, 6));
        diesel::delete(profiles::table.find(profile.id))
            .execute(c)
            .unwrap();
        assert_eq!(count_ratings(c), 0, "{backend}");
    }
}
