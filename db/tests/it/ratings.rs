//! The rating write, `queries::activity::set_rating`: one rule that SQLite runs in Rust and
//! PostgreSQL in one statement (`marquee_set_rating`, a PL/pgSQL function). Both must store and
//! return the same aggregate, to the last bit of the average.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use marquee_db::queries::activity::{RatingAggregate, set_rating};
use marquee_db::schema::*;
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn, write_transaction};

use crate::fixtures;

/// As the server runs it: on PostgreSQL the statement alone (its own transaction), on SQLite
/// inside a write transaction.
fn rate(c: &mut DbConn, profile_id: i64, movie_id: i64, half: i16) -> QueryResult<RatingAggregate> {
    let write = |c: &mut DbConn| set_rating(c, profile_id, movie_id, half).map(|(_, agg)| agg);
    match c.backend() {
        Backend::Postgres => write(c),
        Backend::Sqlite => write_transaction(c, write),
    }
}

/// Count, sum and average as stored.
fn stored(c: &mut DbConn, movie_id: i64) -> (i32, i64, Option<f64>) {
    movie_stats::table
        .find(movie_id)
        .select((
            movie_stats::rating_count,
            movie_stats::rating_sum_half,
            movie_stats::rating_avg,
        ))
        .first(c)
        .unwrap()
}

/// The rule in Rust, written out independently of `set_rating`: half away from zero at 4
/// places, clamped to 0.5..5.
fn expected_average(count: i32, sum_half: i64) -> f64 {
    let avg = sum_half as f64 / (2.0 * f64::from(count));
    ((avg * 10_000.0).round() / 10_000.0).clamp(0.5, 5.0)
}

#[test]
fn set_rating_keeps_the_aggregate_and_rounds_the_average_half_away_from_zero() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let movie = fixtures::movie(c, "The Matrix");
    let profiles: Vec<i64> = (0..16)
        .map(|i| fixtures::profile(c, user.id, &format!("P{i}")).id)
        .collect();

    // 15 ratings of 1 star and one of 1.5: 33 half-stars over 16 ratings, 1.03125 exactly,
    // which rounds half away from zero to 1.0313 (half to even would give 1.0312).
    let mut last = None;
    for (i, &p) in profiles.iter().enumerate() {
        last = Some(rate(c, p, movie.id, if i == 15 { 3 } else { 2 }).unwrap());
    }
    let agg = last.unwrap();
    assert_eq!(
        (agg.count, agg.sum_half, agg.average),
        (16, 33, Some(1.0313))
    );
    assert_eq!(stored(c, movie.id), (16, 33, Some(1.0313)));

    // Replacing a rating moves the sum, not the count: 41 / 32 = 1.28125 → 1.2813.
    let agg = rate(c, profiles[0], movie.id, 10).unwrap();
    assert_eq!(
        (agg.count, agg.sum_half, agg.average),
        (16, 41, Some(1.2813))
    );
    assert_eq!(stored(c, movie.id), (16, 41, Some(1.2813)));
    let halves: Vec<i16> = ratings::table
        .filter(ratings::movie_id.eq(movie.id))
        .order(ratings::profile_id)
        .select(ratings::rating_half)
        .load(c)
        .unwrap();
    assert_eq!(halves.len(), 16);
    assert_eq!((halves[0], halves[15]), (10, 3));

    // Every later value matches the Rust rule bit for bit.
    for (step, &p) in profiles.iter().enumerate() {
        let half = i16::try_from(step % 10 + 1).unwrap();
        let agg = rate(c, p, movie.id, half).unwrap();
        assert_eq!(agg.average, Some(expected_average(agg.count, agg.sum_half)));
        assert_eq!(stored(c, movie.id), (agg.count, agg.sum_half, agg.average));
    }
}

#[test]
fn set_rating_of_a_missing_movie_or_profile_fails_a_named_foreign_key_and_stores_nothing() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let user = fixtures::user(c, "ada@example.com");
    let profile = fixtures::profile(c, user.id, "Ada");
    let movie = fixtures::movie(c, "The Matrix");

    let constraint = |result: QueryResult<RatingAggregate>| match result {
        Err(Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info)) => {
            info.constraint_name().map(str::to_owned)
        }
        other => panic!("expected a foreign-key violation, got {other:?}"),
    };
    let missing_movie = constraint(rate(c, profile.id, movie.id + 1000, 8));
    let missing_profile = constraint(rate(c, profile.id + 1000, movie.id, 8));
    if c.backend() == Backend::Postgres {
        // The server tells the two apart by these names (404 `movie` or `profile`).
        assert!(missing_movie.unwrap().contains("movie_id"));
        assert!(!missing_profile.unwrap().contains("movie_id"));
    }
    let ratings: i64 = ratings::table.count().get_result(c).unwrap();
    assert_eq!(ratings, 0);
    // The failed write of an existing movie left its aggregate as it was.
    let stats: Vec<(i32, i64)> = movie_stats::table
        .filter(movie_stats::movie_id.eq(movie.id))
        .select((movie_stats::rating_count, movie_stats::rating_sum_half))
        .load(c)
        .unwrap();
    assert!(stats.iter().all(|&s| s == (0, 0)), "{stats:?}");
}
