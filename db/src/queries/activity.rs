//! Per-profile activity: watchlist, ratings (and the movie aggregates they feed), reviews,
//! playback progress and watch history.
//!
//! Functions here take a profile id the caller has **already** checked with
//! [`crate::queries::profiles::find_owned`] in the same transaction (or, for reviews, filter on
//! the owner's user id themselves: `*_owned`). Lists are one page plus a count; movie summaries
//! of a page are loaded by the caller with `catalogue::summaries_by_ids` (two statements).

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::models::{
    NewPlaybackProgress, NewRating, NewReview, NewWatchHistoryEntry, NewWatchlistItem,
    PlaybackProgress, Rating, Review, WatchHistoryEntry, WatchlistItem,
};
use crate::schema::{
    movie_stats, movies, playback_progress, profiles, ratings, reviews, watch_history,
    watchlist_items,
};
use crate::{DbConn, per_backend};

pub fn movie_exists(conn: &mut DbConn, movie_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(movies::table.find(movie_id))).get_result(conn)
}

// ---------------------------------------------------------------------------------------------
// Watchlist

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchlistSort {
    AddedAt,
    Title,
}

pub fn watchlist_item(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
) -> QueryResult<Option<WatchlistItem>> {
    watchlist_items::table
        .filter(watchlist_items::profile_id.eq(profile_id))
        .filter(watchlist_items::movie_id.eq(movie_id))
        .select(WatchlistItem::as_select())
        .first(conn)
        .optional()
}

/// Adds the movie unless it is already listed; `(item, true)` when it was added.
pub fn watchlist_add(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
    note: Option<&str>,
) -> QueryResult<(WatchlistItem, bool)> {
    if let Some(item) = watchlist_item(conn, profile_id, movie_id)? {
        return Ok((item, false));
    }
    diesel::insert_into(watchlist_items::table)
        .values(&NewWatchlistItem {
            profile_id,
            movie_id,
            note,
            added_at: crate::now(),
        })
        .execute(conn)?;
    let item = watchlist_item(conn, profile_id, movie_id)?.ok_or(diesel::NotFound)?;
    Ok((item, true))
}

pub fn watchlist_remove(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<usize> {
    diesel::delete(
        watchlist_items::table
            .filter(watchlist_items::profile_id.eq(profile_id))
            .filter(watchlist_items::movie_id.eq(movie_id)),
    )
    .execute(conn)
}

/// One page of the watchlist and its size: two statements.
pub fn watchlist_page(
    conn: &mut DbConn,
    profile_id: i64,
    sort: WatchlistSort,
    descending: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<WatchlistItem>)> {
    let total: i64 = watchlist_items::table
        .filter(watchlist_items::profile_id.eq(profile_id))
        .count()
        .get_result(conn)?;
    let mut q = watchlist_items::table
        .inner_join(movies::table)
        .filter(watchlist_items::profile_id.eq(profile_id))
        .select(WatchlistItem::as_select())
        .into_boxed();
    q = match (sort, descending) {
        (WatchlistSort::AddedAt, false) => q.order(watchlist_items::added_at.asc()),
        (WatchlistSort::AddedAt, true) => q.order(watchlist_items::added_at.desc()),
        (WatchlistSort::Title, false) => q.order(movies::title.asc()),
        (WatchlistSort::Title, true) => q.order(movies::title.desc()),
    };
    let rows = q
        .then_order_by(watchlist_items::id.asc())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((total, rows))
}

// ---------------------------------------------------------------------------------------------
// Ratings and movie_stats

/// A movie's member-rating aggregate after a write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingAggregate {
    pub count: i32,
    pub sum_half: i64,
    pub average: Option<f64>,
}

pub fn rating(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<Option<Rating>> {
    ratings::table
        .filter(ratings::profile_id.eq(profile_id))
        .filter(ratings::movie_id.eq(movie_id))
        .select(Rating::as_select())
        .first(conn)
        .optional()
}

/// Locks the movie's `movie_stats` row (creating it if missing) so rating writes of one movie
/// are serialised, and returns its count and sum as of the lock: one upsert, whose
/// `DO UPDATE` holds PostgreSQL's row lock until commit (SQLite's `BEGIN IMMEDIATE` already
/// serialises writers). Must run inside a write transaction.
fn lock_stats(conn: &mut DbConn, movie_id: i64) -> QueryResult<(i32, i64)> {
    let lock = super::fixed::LockStats {
        movie_id,
        now: crate::now(),
    };
    per_backend!(conn, |c| lock.get_result(c))
}

/// Adds `count_delta` ratings worth `sum_delta` half-stars to the aggregate that
/// [`lock_stats`] returned and stores count, sum and average in one statement (the table's
/// CHECKs hold at every statement).
fn apply_to_stats(
    conn: &mut DbConn,
    movie_id: i64,
    (count, sum): (i32, i64),
    count_delta: i32,
    sum_delta: i64,
) -> QueryResult<RatingAggregate> {
    let count = (count + count_delta).max(0);
    let sum_half = (sum + sum_delta).max(0);
    let average = (count > 0).then(|| {
        let avg = sum_half as f64 / (2.0 * f64::from(count));
        // Rounded to 4 places so equal aggregates compare equal on both backends.
        ((avg * 10_000.0).round() / 10_000.0).clamp(0.5, 5.0)
    });
    let store = super::fixed::StoreStats {
        movie_id,
        count,
        sum_half,
        average,
        now: crate::now(),
    };
    per_backend!(conn, |c| store.execute(c))?;
    Ok(RatingAggregate {
        count,
        sum_half,
        average,
    })
}

/// Creates or replaces the profile's rating of the movie and updates the movie's aggregate.
/// Returns when the rating was stored (its `updated_at`) and the new aggregate; nothing is read
/// back, to keep the write lock short.
///
/// On PostgreSQL this is one statement (`marquee_set_rating`, the same rule in PL/pgSQL), atomic
/// on its own: it needs no transaction around it. On SQLite run it inside
/// [`crate::write_transaction`].
pub fn set_rating(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
    rating_half: i16,
) -> QueryResult<(NaiveDateTime, RatingAggregate)> {
    let now = crate::now();
    if let DbConn::Postgresql(pg) = conn {
        let (count, sum_half, average) = super::fixed::SetRatingPg {
            profile_id,
            movie_id,
            rating_half,
            now,
        }
        .get_result::<(i32, i64, Option<f64>)>(pg)?;
        return Ok((
            now,
            RatingAggregate {
                count,
                sum_half,
                average,
            },
        ));
    }
    let stats = lock_stats(conn, movie_id)?;
    let aggregate = match rating(conn, profile_id, movie_id)? {
        Some(old) => {
            let update = super::fixed::UpdateRating {
                id: old.id,
                rating_half,
                now,
            };
            per_backend!(conn, |c| update.execute(c))?;
            apply_to_stats(
                conn,
                movie_id,
                stats,
                0,
                i64::from(rating_half) - i64::from(old.rating_half),
            )?
        }
        None => {
            diesel::insert_into(ratings::table)
                .values(&NewRating {
                    profile_id,
                    movie_id,
                    rating_half,
                    created_at: now,
                    updated_at: now,
                })
                .execute(conn)?;
            apply_to_stats(conn, movie_id, stats, 1, i64::from(rating_half))?
        }
    };
    Ok((now, aggregate))
}

/// One rating write of a batch: (profile id, movie id, rating in half stars).
pub type RatingWrite = (i64, i64, i16);

/// PostgreSQL only: the [`set_rating`] of each write, in one statement and one transaction
/// (`marquee_set_ratings`), at one time `now`. The aggregates come back in the writes' order.
/// Any failing write fails them all (nothing is stored); run them one by one to find it.
/// `None` on SQLite.
pub fn set_ratings(
    conn: &mut DbConn,
    writes: &[RatingWrite],
    now: NaiveDateTime,
) -> QueryResult<Option<Vec<RatingAggregate>>> {
    let DbConn::Postgresql(pg) = conn else {
        return Ok(None);
    };
    let rows: Vec<(i32, i32, i64, Option<f64>)> = super::fixed::SetRatingsPg {
        profile_ids: writes.iter().map(|w| w.0).collect(),
        movie_ids: writes.iter().map(|w| w.1).collect(),
        rating_halves: writes.iter().map(|w| w.2).collect(),
        now,
    }
    .load(pg)?;
    let mut out = vec![None; writes.len()];
    for (index, count, sum_half, average) in rows {
        let slot = usize::try_from(index - 1)
            .ok()
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| {
                diesel::result::Error::DeserializationError(
                    format!("marquee_set_ratings returned index {index}").into(),
                )
            })?;
        *slot = Some(RatingAggregate {
            count,
            sum_half,
            average,
        });
    }
    out.into_iter()
        .map(|a| {
            a.ok_or_else(|| {
                diesel::result::Error::DeserializationError(
                    "marquee_set_ratings left a write out".into(),
                )
            })
        })
        .collect::<QueryResult<Vec<_>>>()
        .map(Some)
}

/// Removes the profile's rating of the movie and updates the aggregate; `None` when there was
/// no rating. Run inside [`crate::write_transaction`].
pub fn delete_rating(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
) -> QueryResult<Option<RatingAggregate>> {
    let stats = lock_stats(conn, movie_id)?;
    let Some(old) = rating(conn, profile_id, movie_id)? else {
        return Ok(None);
    };
    diesel::delete(ratings::table.find(old.id)).execute(conn)?;
    Ok(Some(apply_to_stats(
        conn,
        movie_id,
        stats,
        -1,
        -i64::from(old.rating_half),
    )?))
}

/// One page of the profile's ratings, newest first: two statements.
pub fn ratings_page(
    conn: &mut DbConn,
    profile_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<Rating>)> {
    let total: i64 = ratings::table
        .filter(ratings::profile_id.eq(profile_id))
        .count()
        .get_result(conn)?;
    let rows = ratings::table
        .filter(ratings::profile_id.eq(profile_id))
        .order((ratings::updated_at.desc(), ratings::id.desc()))
        .select(Rating::as_select())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((total, rows))
}

/// The stored aggregate of a movie (zero when it has no `movie_stats` row).
pub fn aggregate(conn: &mut DbConn, movie_id: i64) -> QueryResult<RatingAggregate> {
    let row: Option<(i32, i64, Option<f64>)> = movie_stats::table
        .find(movie_id)
        .select((
            movie_stats::rating_count,
            movie_stats::rating_sum_half,
            movie_stats::rating_avg,
        ))
        .first(conn)
        .optional()?;
    let (count, sum_half, average) = row.unwrap_or((0, 0, None));
    Ok(RatingAggregate {
        count,
        sum_half,
        average,
    })
}

// ---------------------------------------------------------------------------------------------
// Reviews

/// A review with its author's profile name.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub review: Review,
    pub author: String,
}

pub fn review_of(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<Option<Review>> {
    reviews::table
        .filter(reviews::profile_id.eq(profile_id))
        .filter(reviews::movie_id.eq(movie_id))
        .select(Review::as_select())
        .first(conn)
        .optional()
}

pub fn create_review(conn: &mut DbConn, new: &NewReview<'_>) -> QueryResult<i64> {
    diesel::insert_into(reviews::table)
        .values(new)
        .returning(reviews::id)
        .get_result(conn)
}

/// The review `review_id` of movie `movie_id` if a profile of `user_id` wrote it; `None` for a
/// missing review and for anyone else's alike.
pub fn find_review_owned(
    conn: &mut DbConn,
    user_id: i64,
    movie_id: i64,
    review_id: i64,
) -> QueryResult<Option<ReviewRow>> {
    let row: Option<(Review, String)> = reviews::table
        .inner_join(profiles::table)
        .filter(reviews::id.eq(review_id))
        .filter(reviews::movie_id.eq(movie_id))
        .filter(profiles::user_id.eq(user_id))
        .select((Review::as_select(), profiles::name))
        .first(conn)
        .optional()?;
    Ok(row.map(|(review, author)| ReviewRow { review, author }))
}

#[derive(Debug, Clone, Default)]
pub struct ReviewChanges<'a> {
    /// `Some(None)` clears the title.
    pub title: Option<Option<&'a str>>,
    pub body: Option<&'a str>,
    pub contains_spoilers: Option<bool>,
}

/// Applies `changes` to a review a profile of `user_id` wrote (no-op for anyone else's).
pub fn update_review_owned(
    conn: &mut DbConn,
    user_id: i64,
    review_id: i64,
    changes: &ReviewChanges<'_>,
) -> QueryResult<usize> {
    let owned_profiles = profiles::table
        .filter(profiles::user_id.eq(user_id))
        .select(profiles::id);
    let target = reviews::table
        .filter(reviews::id.eq(review_id))
        .filter(reviews::profile_id.eq_any(owned_profiles));
    if let Some(title) = changes.title {
        diesel::update(target)
            .set(reviews::title.eq(title))
            .execute(conn)?;
    }
    if let Some(body) = changes.body {
        diesel::update(target)
            .set(reviews::body.eq(body))
            .execute(conn)?;
    }
    if let Some(spoilers) = changes.contains_spoilers {
        diesel::update(target)
            .set(reviews::contains_spoilers.eq(spoilers))
            .execute(conn)?;
    }
    diesel::update(target)
        .set(reviews::updated_at.eq(crate::now()))
        .execute(conn)
}

pub fn delete_review_owned(conn: &mut DbConn, user_id: i64, review_id: i64) -> QueryResult<usize> {
    let owned_profiles = profiles::table
        .filter(profiles::user_id.eq(user_id))
        .select(profiles::id);
    diesel::delete(
        reviews::table
            .filter(reviews::id.eq(review_id))
            .filter(reviews::profile_id.eq_any(owned_profiles)),
    )
    .execute(conn)
}

/// One page of a movie's reviews, newest first, with author names: two statements.
pub fn reviews_page(
    conn: &mut DbConn,
    movie_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<ReviewRow>)> {
    let total: i64 = reviews::table
        .filter(reviews::movie_id.eq(movie_id))
        .select(count_star())
        .get_result(conn)?;
    let rows: Vec<(Review, String)> = reviews::table
        .inner_join(profiles::table)
        .filter(reviews::movie_id.eq(movie_id))
        .order((reviews::created_at.desc(), reviews::id.desc()))
        .select((Review::as_select(), profiles::name))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((
        total,
        rows.into_iter()
            .map(|(review, author)| ReviewRow { review, author })
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------------
// Playback progress, continue watching, history

pub fn progress(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
) -> QueryResult<Option<PlaybackProgress>> {
    playback_progress::table
        .filter(playback_progress::profile_id.eq(profile_id))
        .filter(playback_progress::movie_id.eq(movie_id))
        .select(PlaybackProgress::as_select())
        .first(conn)
        .optional()
}

/// Stores the resume point (insert or update).
pub fn save_progress(conn: &mut DbConn, new: &NewPlaybackProgress) -> QueryResult<()> {
    let updated = diesel::update(
        playback_progress::table
            .filter(playback_progress::profile_id.eq(new.profile_id))
            .filter(playback_progress::movie_id.eq(new.movie_id)),
    )
    .set((
        playback_progress::position_seconds.eq(new.position_seconds),
        playback_progress::duration_seconds.eq(new.duration_seconds),
        playback_progress::updated_at.eq(new.updated_at),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(playback_progress::table)
            .values(new)
            .execute(conn)?;
    }
    Ok(())
}

pub fn clear_progress(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<usize> {
    diesel::delete(
        playback_progress::table
            .filter(playback_progress::profile_id.eq(profile_id))
            .filter(playback_progress::movie_id.eq(movie_id)),
    )
    .execute(conn)
}

/// The newest completed viewing of the movie at or after `since`, if any.
pub fn completed_since(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
    since: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        watch_history::table
            .filter(watch_history::profile_id.eq(profile_id))
            .filter(watch_history::movie_id.eq(movie_id))
            .filter(watch_history::completed.eq(true))
            .filter(watch_history::watched_at.ge(since)),
    ))
    .get_result(conn)
}

pub fn record_watch(conn: &mut DbConn, new: &NewWatchHistoryEntry<'_>) -> QueryResult<()> {
    diesel::insert_into(watch_history::table)
        .values(new)
        .execute(conn)
        .map(|_| ())
}

/// One page of resume points, most recently updated first: two statements.
pub fn continue_watching_page(
    conn: &mut DbConn,
    profile_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<PlaybackProgress>)> {
    let total: i64 = playback_progress::table
        .filter(playback_progress::profile_id.eq(profile_id))
        .count()
        .get_result(conn)?;
    let rows = playback_progress::table
        .filter(playback_progress::profile_id.eq(profile_id))
        .order((
            playback_progress::updated_at.desc(),
            playback_progress::id.desc(),
        ))
        .select(PlaybackProgress::as_select())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((total, rows))
}

/// One page of viewings, newest first: two statements.
pub fn history_page(
    conn: &mut DbConn,
    profile_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<WatchHistoryEntry>)> {
    let total: i64 = watch_history::table
        .filter(watch_history::profile_id.eq(profile_id))
        .count()
        .get_result(conn)?;
    let rows = watch_history::table
        .filter(watch_history::profile_id.eq(profile_id))
        .order((watch_history::watched_at.desc(), watch_history::id.desc()))
        .select(WatchHistoryEntry::as_select())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((total, rows))
}

/// Whether the profile has a completed viewing of the movie.
pub fn has_watched(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        watch_history::table
            .filter(watch_history::profile_id.eq(profile_id))
            .filter(watch_history::movie_id.eq(movie_id))
            .filter(watch_history::completed.eq(true)),
    ))
    .get_result(conn)
}
