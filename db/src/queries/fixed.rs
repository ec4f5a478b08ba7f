//! The rating write's statements that Diesel would not keep prepared (issue 10).
//!
//! Diesel caches a statement's preparation per connection, but never an `UPDATE`'s nor an
//! upsert's `DO UPDATE` (an `Option` in a changeset can change the SQL), so the rating write's
//! three such statements were parsed anew on every run: on SQLite a third of the write batch's
//! CPU time under the mixed load. These have one SQL text each, whatever the values, and a
//! type of their own as their cache key, so they are prepared once per connection like any
//! `SELECT`. They use only SQL both backends share and run on the concrete connection (see
//! [`crate::per_backend`]).

use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Double, HasSqlType, Integer, Nullable, SmallInt, Timestamp};
use diesel::{QueryResult, RunQueryDsl};

/// One statement: its type is its statement-cache key, so each SQL text gets a type of its own.
macro_rules! fixed_statement {
    ($name:ident) => {
        impl QueryId for $name {
            type QueryId = $name;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl<Conn> RunQueryDsl<Conn> for $name {}
    };
}

/// Creates the movie's aggregate row if missing and returns its count and sum; the upsert's
/// `DO UPDATE` takes PostgreSQL's row lock until commit.
#[derive(Debug)]
pub struct LockStats {
    pub movie_id: i64,
    pub now: NaiveDateTime,
}
fixed_statement!(LockStats);

impl Query for LockStats {
    type SqlType = (Integer, BigInt);
}

impl<DB> QueryFragment<DB> for LockStats
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Timestamp>,
    i64: ToSql<BigInt, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO movie_stats (movie_id, rating_count, rating_sum_half, updated_at) \
             VALUES (",
        );
        out.push_bind_param::<BigInt, _>(&self.movie_id)?;
        out.push_sql(", 0, 0, ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            ") ON CONFLICT (movie_id) DO UPDATE SET updated_at = excluded.updated_at \
             RETURNING rating_count, rating_sum_half",
        );
        Ok(())
    }
}

/// Stores the movie's new count, sum and average.
#[derive(Debug)]
pub struct StoreStats {
    pub movie_id: i64,
    pub count: i32,
    pub sum_half: i64,
    pub average: Option<f64>,
    pub now: NaiveDateTime,
}
fixed_statement!(StoreStats);

impl<DB> QueryFragment<DB> for StoreStats
where
    DB: Backend
        + HasSqlType<Integer>
        + HasSqlType<BigInt>
        + HasSqlType<Double>
        + HasSqlType<Timestamp>,
    i32: ToSql<Integer, DB>,
    i64: ToSql<BigInt, DB>,
    Option<f64>: ToSql<Nullable<Double>, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE movie_stats SET rating_count = ");
        out.push_bind_param::<Integer, _>(&self.count)?;
        out.push_sql(", rating_sum_half = ");
        out.push_bind_param::<BigInt, _>(&self.sum_half)?;
        out.push_sql(", rating_avg = ");
        out.push_bind_param::<Nullable<Double>, _>(&self.average)?;
        out.push_sql(", updated_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(" WHERE movie_id = ");
        out.push_bind_param::<BigInt, _>(&self.movie_id)?;
        Ok(())
    }
}

/// Changes a stored rating's value.
#[derive(Debug)]
pub struct UpdateRating {
    pub id: i64,
    pub rating_half: i16,
    pub now: NaiveDateTime,
}
fixed_statement!(UpdateRating);

impl<DB> QueryFragment<DB> for UpdateRating
where
    DB: Backend + HasSqlType<SmallInt> + HasSqlType<BigInt> + HasSqlType<Timestamp>,
    i16: ToSql<SmallInt, DB>,
    i64: ToSql<BigInt, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE ratings SET rating_half = ");
        out.push_bind_param::<SmallInt, _>(&self.rating_half)?;
        out.push_sql(", updated_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(" WHERE id = ");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        Ok(())
    }
}

/// PostgreSQL's whole rating write in one statement: `marquee_set_rating` (migration
/// `2026-11-25-000008_rating_write`) locks the aggregate, writes the rating and stores the new
/// count, sum and average, returning them. PostgreSQL only; SQLite runs the same rule in
/// [`super::activity::set_rating`].
#[derive(Debug)]
pub struct SetRatingPg {
    pub profile_id: i64,
    pub movie_id: i64,
    pub rating_half: i16,
    pub now: NaiveDateTime,
}
fixed_statement!(SetRatingPg);

impl Query for SetRatingPg {
    type SqlType = (Integer, BigInt, Nullable<Double>);
}

impl QueryFragment<diesel::pg::Pg> for SetRatingPg {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        out.push_sql("SELECT o_count, o_sum_half, o_average FROM marquee_set_rating(");
        out.push_bind_param::<BigInt, _>(&self.profile_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.movie_id)?;
        out.push_sql(", ");
        out.push_bind_param::<SmallInt, _>(&self.rating_half)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(")");
        Ok(())
    }
}

/// PostgreSQL's batch of rating writes in one statement: `marquee_set_ratings` (migration
/// `2026-11-25-000009_rating_batch`), element i of the arrays being one write. Rows: the
/// write's 1-based index, then the movie's count, sum and average after it.
#[derive(Debug)]
pub struct SetRatingsPg {
    pub profile_ids: Vec<i64>,
    pub movie_ids: Vec<i64>,
    pub rating_halves: Vec<i16>,
    pub now: NaiveDateTime,
}
fixed_statement!(SetRatingsPg);

impl Query for SetRatingsPg {
    type SqlType = (Integer, Integer, BigInt, Nullable<Double>);
}

impl QueryFragment<diesel::pg::Pg> for SetRatingsPg {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        use diesel::sql_types::Array;
        out.push_sql("SELECT o_index, o_count, o_sum_half, o_average FROM marquee_set_ratings(");
        out.push_bind_param::<Array<BigInt>, _>(&self.profile_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.movie_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<SmallInt>, _>(&self.rating_halves)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(")");
        Ok(())
    }
}
