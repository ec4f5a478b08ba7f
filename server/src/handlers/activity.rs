//! Profile data: watchlist, ratings, reviews, playback progress, continue watching and history.
//!
//! Ownership first: every profile id (in the path, or `profile_id` in a review body) is looked up
//! together with the caller's user id before anything else is examined, so another account's
//! profile is the same 404 as a missing one whatever the rest of the request says. Validation
//! failures are collected and answered after that check.
//!
//! Reviews: someone else's review is a **404** (`review not found`), exactly like a missing one,
//! so review ids reveal nothing about who wrote them. One review per profile and movie (a second
//! is a 409 `review_exists`; edit the first).
//!
//! Rating writes update `movie_stats` (count, sum, average) in the same write transaction and
//! then invalidate the cached catalogue entries that show ratings (movie detail, movie lists,
//! facets with `min_rating`, filmographies).

use chrono::TimeDelta;
use http::StatusCode;
use marquee_api::Pagination;
use marquee_api::activity::{
    self as wire, ContinueWatching, HistoryEntry, MAX_NOTE_CHARS, MAX_REVIEW_CHARS,
    MAX_REVIEW_TITLE_CHARS, MIN_REVIEW_CHARS, PlaybackState, Progress, ProgressInput,
    RESUME_FROM_PERCENT, RatingEntry, RatingInput, RatingWritten, ReviewAuthor, ReviewPatch,
    WATCHED_FROM_PERCENT, WatchlistAdd, WatchlistEntry,
};
use marquee_api::catalogue::MovieSummary;
use marquee_db::DbConn;
use marquee_db::models::{NewPlaybackProgress, NewReview, NewWatchHistoryEntry};
use marquee_db::queries::activity::{self as q, ReviewChanges, ReviewRow, WatchlistSort};
use marquee_db::queries::catalogue::summaries_by_ids;
use marquee_db::queries::profiles;
use serde_json::json;
use warp::Reply;
use warp::reply::Response;

use crate::auth::Principal;
use crate::cache::{CachedBody, conditional};
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::{Errors, Params, offset, paging, summary};
use crate::state::AppState;

/// A second "watched" report for the same movie within this window records no new viewing
/// (players keep reporting after the credits start).
const REWATCH_WINDOW_HOURS: i64 = 4;

/// 404 unless the profile exists and belongs to `user_id`.
fn owned(conn: &mut DbConn, user_id: i64, profile_id: i64) -> ApiResult<()> {
    profiles::find_owned(conn, user_id, profile_id)?
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("profile"))
}

fn movie_exists(conn: &mut DbConn, movie_id: i64) -> ApiResult<()> {
    if q::movie_exists(conn, movie_id)? {
        Ok(())
    } else {
        Err(ApiError::not_found("movie"))
    }
}

/// Summaries of `ids` keyed by id (two statements whatever the page size).
fn summaries(
    conn: &mut DbConn,
    ids: &[i64],
) -> ApiResult<std::collections::HashMap<i64, MovieSummary>> {
    Ok(summaries_by_ids(conn, ids)?
        .into_iter()
        .map(|row| (row.movie.id, summary(row)))
        .collect())
}

/// A named page query: (profile id, offset, limit) → (total, rows).
type PageQuery<R> = fn(&mut DbConn, i64, i64, i64) -> diesel::QueryResult<(i64, Vec<R>)>;
/// Movie summaries keyed by movie id.
type Summaries = std::collections::HashMap<i64, MovieSummary>;

/// One page of a profile's rows that point at movies, with those movies' summaries: the shared
/// body of the ratings, continue-watching and history lists. Ownership is checked first, so
/// another account's profile is a 404 whatever the query string says.
async fn owned_movie_page<R: Send + 'static>(
    state: &AppState,
    user_id: i64,
    profile_id: i64,
    raw: &str,
    load: PageQuery<R>,
    movie_id: fn(&R) -> i64,
) -> ApiResult<(i64, Vec<R>, Summaries, u32, u32)> {
    let (_, errors, page, per_page) = list_params(raw, &[]);
    let (total, rows, movies) = state
        .db(move |conn| {
            owned(conn, user_id, profile_id)?;
            errors.into_result()?;
            let (total, rows) = load(
                conn,
                profile_id,
                offset(page, per_page),
                i64::from(per_page),
            )?;
            let mut ids: Vec<i64> = rows.iter().map(movie_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let movies = summaries(conn, &ids)?;
            Ok((total, rows, movies))
        })
        .await?;
    Ok((total, rows, movies, page, per_page))
}

/// Deletes one of a profile's per-movie rows (owner checked first): 204, or 404 naming `what`
/// when there was nothing to delete.
async fn remove_owned(
    state: &AppState,
    user_id: i64,
    profile_id: i64,
    movie_id: i64,
    delete: fn(&mut DbConn, i64, i64) -> diesel::QueryResult<usize>,
    what: &'static str,
) -> ApiResult<StatusCode> {
    state
        .write_small(move |conn| {
            owned(conn, user_id, profile_id)?;
            if delete(conn, profile_id, movie_id)? == 0 {
                return Err(ApiError::not_found(what));
            }
            Ok(())
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    Ok(StatusCode::NO_CONTENT)
}

fn page_reply<T: serde::Serialize>(data: Vec<T>, page: u32, per_page: u32, total: i64) -> Response {
    let total = u64::try_from(total).unwrap_or(0);
    warp::reply::json(&json!({
        "data": data,
        "pagination": Pagination::new(page, per_page, total),
    }))
    .into_response()
}

/// `page`/`per_page` (plus `extra` parameter names) from a raw query string.
fn list_params(raw: &str, extra: &[&str]) -> (Params, Errors, u32, u32) {
    let params = Params::parse(raw);
    let mut errors = Errors::default();
    let mut accepted = vec!["page", "per_page"];
    accepted.extend_from_slice(extra);
    params.check_names(&accepted, &mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    (params, errors, page, per_page)
}

// ---------------------------------------------------------------------------------------------
// Watchlist

const WATCHLIST_SORTS: &[&str] = &["added_at", "-added_at", "title", "-title"];

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/watchlist",
    tag = "profile data",
    summary = "The profile's watchlist",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("sort" = Option<String>, Query, description = "`-added_at` (default), `added_at`, `title` or `-title`"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Entries", body = marquee_api::Page<marquee_api::activity::WatchlistEntry>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn watchlist(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    raw: String,
) -> ApiResult<Response> {
    let me = principal?;
    let (params, mut errors, page, per_page) = list_params(&raw, &["sort"]);
    let (sort, descending) = match params.one("sort") {
        None | Some("-added_at") => (WatchlistSort::AddedAt, true),
        Some("added_at") => (WatchlistSort::AddedAt, false),
        Some("title") => (WatchlistSort::Title, false),
        Some("-title") => (WatchlistSort::Title, true),
        Some(other) => {
            errors.accepting(
                "sort",
                format!(
                    "unknown sort `{other}`; accepted: {}",
                    WATCHLIST_SORTS.join(", ")
                ),
                WATCHLIST_SORTS,
            );
            (WatchlistSort::AddedAt, true)
        }
    };
    let (total, rows, movies) = state
        .db(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            errors.into_result()?;
            let (total, rows) = q::watchlist_page(
                conn,
                profile_id,
                sort,
                descending,
                offset(page, per_page),
                i64::from(per_page),
            )?;
            let ids: Vec<i64> = rows.iter().map(|r| r.movie_id).collect();
            let movies = summaries(conn, &ids)?;
            Ok((total, rows, movies))
        })
        .await?;
    let mut movies = movies;
    let data: Vec<WatchlistEntry> = rows
        .into_iter()
        .filter_map(|r| {
            Some(WatchlistEntry {
                movie: movies.remove(&r.movie_id)?,
                note: r.note,
                added_at: r.added_at.and_utc(),
            })
        })
        .collect();
    Ok(page_reply(data, page, per_page, total))
}

/// `201` when added, `200` when the movie was already listed (the stored entry, unchanged).
#[utoipa::path(
    post,
    path = "/api/v1/profiles/{pid}/watchlist",
    tag = "profile data",
    summary = "Add a movie to the watchlist (idempotent)",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    request_body = marquee_api::activity::WatchlistAdd,
    responses(
        (status = 201, description = "Added", body = marquee_api::activity::WatchlistEntry),
        (status = 200, description = "Already on the watchlist", body = marquee_api::activity::WatchlistEntry),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn watchlist_add(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    body: WatchlistAdd,
) -> ApiResult<Response> {
    let me = principal?;
    let note = body
        .note
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    let mut errors = Errors::default();
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        errors.add(
            "note",
            format!("must be at most {MAX_NOTE_CHARS} characters"),
        );
    }
    let movie_id = body.movie_id;
    let (item, added, movie) = state
        .write_small(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            errors.into_result()?;
            movie_exists(conn, movie_id)?;
            let (item, added) = q::watchlist_add(conn, profile_id, movie_id, note.as_deref())?;
            let movie = summaries(conn, &[movie_id])?
                .remove(&movie_id)
                .ok_or_else(|| ApiError::not_found("movie"))?;
            Ok((item, added, movie))
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    let entry = WatchlistEntry {
        movie,
        note: item.note,
        added_at: item.added_at.and_utc(),
    };
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(warp::reply::with_status(warp::reply::json(&entry), status).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}/watchlist/{movie_id}",
    tag = "profile data",
    summary = "Remove a movie from the watchlist",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn watchlist_remove(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<StatusCode> {
    remove_owned(
        &state,
        principal?.user_id,
        profile_id,
        movie_id,
        q::watchlist_remove,
        "watchlist entry",
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Ratings

/// Stars → half-stars: 0.5 to 5 in half steps, else the rule as a 400.
fn rating_half(stars: f64) -> Result<i16, String> {
    let doubled = stars * 2.0;
    if stars.is_finite() && (0.5..=5.0).contains(&stars) && doubled == doubled.round() {
        // In 1..=10 by the checks above.
        Ok(doubled.round() as i16)
    } else {
        Err("must be from 0.5 to 5 stars in half steps (0.5, 1, 1.5, … 5)".to_owned())
    }
}

fn stars(half: i16) -> f64 {
    f64::from(half) / 2.0
}

/// Drops the cached catalogue bodies that show a movie's member rating: its own detail at
/// once; the lists, facets and people pages (which show every movie's aggregate) at most once
/// per [`crate::cache::LIST_DROP_WINDOW`], so a stream of ratings does not empty the list cache
/// on every write. The first write after a quiet spell drops them (the next read is fresh); the
/// later drops of a stream of writes are refreshes: each list's previous body is served while a
/// background task recomputes it, so no request queues behind a list query. With Redis, the
/// other servers drop or refresh theirs too.
async fn invalidate_ratings(state: &AppState, movie_id: i64) {
    drop_detail(state, movie_id).await;
    drop_lists(state).await;
}

/// Drops a movie's cached detail: its key exactly (as a prefix, `movie/1` would also drop
/// `movie/12`, `movie/103`…). With Redis this also tells the other servers to drop their
/// copies (one round trip).
async fn drop_detail(state: &AppState, movie_id: i64) {
    state
        .cache()
        .store()
        .invalidate_key(&crate::cache::movie_key(movie_id))
        .await;
}

/// The lists, facets and people pages' part of [`invalidate_ratings`].
async fn drop_lists(state: &AppState) {
    let lists = || {
        vec![
            "movies?".to_owned(),
            "facets/".to_owned(),
            "person/".to_owned(),
        ]
    };
    let delay = state.cache().list_drops.request();
    match delay {
        // The first write after a quiet spell: its lists are fresh at once.
        Some(None) => drop_prefixes(state, lists(), false).await,
        // A stream of writes: the lists are refreshed in the background.
        Some(Some(after)) => {
            let state = state.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                state.cache().list_drops.fire();
                drop_prefixes(&state, lists(), true).await;
            });
        }
        // A drop is already scheduled and will cover this write.
        None => {}
    }
}

async fn drop_prefixes(state: &AppState, prefixes: Vec<String>, refresh: bool) {
    let store = state.cache().store();
    for prefix in prefixes {
        if refresh {
            store.refresh_prefix(&prefix).await;
        } else {
            store.invalidate_prefix(&prefix).await;
        }
    }
}

#[utoipa::path(
    put,
    path = "/api/v1/profiles/{pid}/ratings/{movie_id}",
    tag = "profile data",
    summary = "Rate a movie 0.5–5 in half stars; updates the movie's aggregate",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    request_body = marquee_api::activity::RatingInput,
    responses(
        (status = 200, description = "The rating and the movie's new aggregate", body = marquee_api::activity::RatingWritten),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn rate(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
    body: RatingInput,
) -> ApiResult<Response> {
    let me = principal?;
    // Ownership from the remembered checks, outside the write lock; a profile deleted since
    // then fails the rating's foreign key below, which answers 404 too.
    crate::auth::check_profile_owner(&state, me.user_id, profile_id).await?;
    let half = rating_half(body.rating)
        .map_err(|rule| ApiError::validation([("rating".to_owned(), rule)]))?;
    let (rated_at, aggregate) = match state.rating_batcher() {
        // PostgreSQL: with the other rating writes queued meanwhile, one statement and one
        // commit; a missing movie or profile fails its foreign key, whose name says which.
        Some(batcher) => batcher.rate(profile_id, movie_id, half).await?,
        None => {
            state
                .write_small(move |conn| {
                    movie_exists(conn, movie_id)?;
                    q::set_rating(conn, profile_id, movie_id, half)
                        .map_err(crate::state::rating_batch::rating_error)
                })
                .await?
        }
    };
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    // On PostgreSQL the batch dropped the movie's detail before answering.
    if state.rating_batcher().is_none() {
        drop_detail(&state, movie_id).await;
    }
    drop_lists(&state).await;
    Ok(warp::reply::json(&RatingWritten {
        movie_id,
        rating: stars(half),
        rated_at: rated_at.and_utc(),
        movie_rating: wire::RatingAggregate {
            average: aggregate.average,
            count: aggregate.count,
        },
    })
    .into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}/ratings/{movie_id}",
    tag = "profile data",
    summary = "Remove a rating",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn unrate(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<StatusCode> {
    let me = principal?;
    state
        .write_small(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            movie_exists(conn, movie_id)?;
            q::delete_rating(conn, profile_id, movie_id)?
                .ok_or_else(|| ApiError::not_found("rating"))
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    invalidate_ratings(&state, movie_id).await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/ratings",
    tag = "profile data",
    summary = "The profile's ratings, newest first",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Ratings", body = marquee_api::Page<marquee_api::activity::RatingEntry>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn ratings(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    raw: String,
) -> ApiResult<Response> {
    let me = principal?;
    let (total, rows, mut movies, page, per_page) =
        owned_movie_page(&state, me.user_id, profile_id, &raw, q::ratings_page, |r| {
            r.movie_id
        })
        .await?;
    let data: Vec<RatingEntry> = rows
        .into_iter()
        .filter_map(|r| {
            Some(RatingEntry {
                movie: movies.remove(&r.movie_id)?,
                rating: stars(r.rating_half),
                rated_at: r.updated_at.and_utc(),
            })
        })
        .collect();
    Ok(page_reply(data, page, per_page, total))
}

// ---------------------------------------------------------------------------------------------
// Reviews

fn review_to_api(row: ReviewRow) -> wire::Review {
    let r = row.review;
    wire::Review {
        id: r.id,
        movie_id: r.movie_id,
        author: ReviewAuthor {
            profile_id: r.profile_id,
            name: row.author,
        },
        title: r.title,
        body: r.body,
        contains_spoilers: r.contains_spoilers,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
    }
}

fn check_body(body: &str, errors: &mut Errors) {
    let len = body.chars().count();
    if !(MIN_REVIEW_CHARS..=MAX_REVIEW_CHARS).contains(&len) {
        errors.add(
            "body",
            format!(
                "must be {MIN_REVIEW_CHARS} to {MAX_REVIEW_CHARS} characters (got {len} after trimming)"
            ),
        );
    }
}

/// A trimmed title; empty means none.
fn clean_title(title: Option<String>, errors: &mut Errors) -> Option<String> {
    let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if title
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_REVIEW_TITLE_CHARS)
    {
        errors.add(
            "title",
            format!("must be at most {MAX_REVIEW_TITLE_CHARS} characters"),
        );
    }
    title
}

#[utoipa::path(
    post,
    path = "/api/v1/movies/{movie_id}/reviews",
    tag = "profile data",
    summary = "Write a review (one per profile and movie)",
    params(("movie_id" = i64, Path, description = "Movie id")),
    request_body = marquee_api::activity::NewReview,
    responses(
        (status = 201, description = "Created", body = marquee_api::activity::Review),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
        (status = 409, description = "`conflict`: this profile already reviewed the movie", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create_review(
    state: AppState,
    principal: ApiResult<Principal>,
    movie_id: i64,
    body: wire::NewReview,
) -> ApiResult<Response> {
    let me = principal?;
    let mut errors = Errors::default();
    let text = body.body.trim().to_owned();
    check_body(&text, &mut errors);
    let title = clean_title(body.title, &mut errors);
    let profile_id = body.profile_id;
    let row = state
        .write(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            errors.into_result()?;
            movie_exists(conn, movie_id)?;
            if q::review_of(conn, profile_id, movie_id)?.is_some() {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "review_exists",
                    "this profile already reviewed this movie; edit or delete that review",
                ));
            }
            let now = marquee_db::now();
            let id = q::create_review(
                conn,
                &NewReview {
                    profile_id,
                    movie_id,
                    title: title.as_deref(),
                    body: &text,
                    contains_spoilers: body.contains_spoilers,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            q::find_review_owned(conn, me.user_id, movie_id, id)?
                .ok_or_else(|| ApiError::not_found("review"))
        })
        .await?;
    Ok(
        warp::reply::with_status(warp::reply::json(&review_to_api(row)), StatusCode::CREATED)
            .into_response(),
    )
}

#[utoipa::path(
    patch,
    path = "/api/v1/movies/{movie_id}/reviews/{review_id}",
    tag = "profile data",
    summary = "Edit one of your own reviews",
    params(("movie_id" = i64, Path, description = "Movie id"), ("review_id" = i64, Path, description = "Review id")),
    request_body = marquee_api::activity::ReviewPatch,
    responses(
        (status = 200, description = "Updated", body = marquee_api::activity::Review),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such review, or not the caller's", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update_review(
    state: AppState,
    principal: ApiResult<Principal>,
    movie_id: i64,
    review_id: i64,
    patch: ReviewPatch,
) -> ApiResult<Response> {
    let me = principal?;
    let mut errors = Errors::default();
    let text = patch.body.map(|b| b.trim().to_owned());
    if let Some(text) = &text {
        check_body(text, &mut errors);
    }
    let title = patch.title.map(|t| clean_title(t, &mut errors));
    let row = state
        .write(move |conn| {
            q::find_review_owned(conn, me.user_id, movie_id, review_id)?
                .ok_or_else(|| ApiError::not_found("review"))?;
            errors.into_result()?;
            let changes = ReviewChanges {
                title: title.as_ref().map(|t| t.as_deref()),
                body: text.as_deref(),
                contains_spoilers: patch.contains_spoilers,
            };
            q::update_review_owned(conn, me.user_id, review_id, &changes)?;
            q::find_review_owned(conn, me.user_id, movie_id, review_id)?
                .ok_or_else(|| ApiError::not_found("review"))
        })
        .await?;
    Ok(warp::reply::json(&review_to_api(row)).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/movies/{movie_id}/reviews/{review_id}",
    tag = "profile data",
    summary = "Delete one of your own reviews",
    params(("movie_id" = i64, Path, description = "Movie id"), ("review_id" = i64, Path, description = "Review id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`not_found`: no such review, or not the caller's", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn delete_review(
    state: AppState,
    principal: ApiResult<Principal>,
    movie_id: i64,
    review_id: i64,
) -> ApiResult<StatusCode> {
    let me = principal?;
    state
        .write(move |conn| {
            q::find_review_owned(conn, me.user_id, movie_id, review_id)?
                .ok_or_else(|| ApiError::not_found("review"))?;
            q::delete_review_owned(conn, me.user_id, review_id)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Public and uncached on the server (reviews change often); `ETag` with `max-age=0` so clients
/// revalidate and get 304 when nothing changed.
#[utoipa::path(
    get,
    path = "/api/v1/movies/{movie_id}/reviews",
    tag = "profile data",
    summary = "A movie's reviews, newest first",
    params(("movie_id" = i64, Path, description = "Movie id"), crate::openapi::PageParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::Page<marquee_api::activity::Review>),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such movie", body = marquee_api::ErrorBody),
    ),
)]
pub async fn reviews(
    state: AppState,
    movie_id: i64,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let (_, errors, page, per_page) = list_params(&raw, &[]);
    errors.into_result()?;
    let (total, rows) = state
        .db(move |conn| {
            movie_exists(conn, movie_id)?;
            Ok(q::reviews_page(
                conn,
                movie_id,
                offset(page, per_page),
                i64::from(per_page),
            )?)
        })
        .await?;
    let data: Vec<wire::Review> = rows.into_iter().map(review_to_api).collect();
    let body = CachedBody::json(&json!({
        "data": data,
        "pagination": Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    }))?;
    Ok(conditional(
        &body,
        if_none_match.as_deref(),
        std::time::Duration::ZERO,
    ))
}

// ---------------------------------------------------------------------------------------------
// Playback progress, continue watching, history

fn percent(position: i32, duration: i32) -> f64 {
    if duration <= 0 {
        return 0.0;
    }
    let p = f64::from(position) * 100.0 / f64::from(duration);
    (p * 10.0).round() / 10.0
}

/// Longest duration accepted (24 hours).
const MAX_DURATION_SECONDS: i32 = 86_400;

#[utoipa::path(
    put,
    path = "/api/v1/profiles/{pid}/progress/{movie_id}",
    tag = "profile data",
    summary = "Record playback progress: 5–90 % keeps a resume point, 90 % or more marks watched",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    request_body = marquee_api::activity::ProgressInput,
    responses(
        (status = 200, description = "The stored state", body = marquee_api::activity::Progress),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn put_progress(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
    body: ProgressInput,
) -> ApiResult<Response> {
    let me = principal?;
    let mut errors = Errors::default();
    if !(1..=MAX_DURATION_SECONDS).contains(&body.duration_seconds) {
        errors.add(
            "duration_seconds",
            format!("must be a whole number of seconds from 1 to {MAX_DURATION_SECONDS}"),
        );
    } else if !(0..=body.duration_seconds).contains(&body.position_seconds) {
        errors.add(
            "position_seconds",
            "must be from 0 to duration_seconds".to_owned(),
        );
    }
    let position = body.position_seconds;
    let duration = body.duration_seconds;
    let share = f64::from(position) * 100.0 / f64::from(duration.max(1));
    let state_now = if share >= WATCHED_FROM_PERCENT {
        PlaybackState::Watched
    } else if share >= RESUME_FROM_PERCENT {
        PlaybackState::InProgress
    } else {
        PlaybackState::NotStarted
    };
    state
        .write_small(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            errors.into_result()?;
            movie_exists(conn, movie_id)?;
            let now = marquee_db::now();
            match state_now {
                PlaybackState::Watched => {
                    q::clear_progress(conn, profile_id, movie_id)?;
                    let since = now - TimeDelta::hours(REWATCH_WINDOW_HOURS);
                    if !q::completed_since(conn, profile_id, movie_id, since)? {
                        q::record_watch(
                            conn,
                            &NewWatchHistoryEntry {
                                profile_id,
                                movie_id,
                                watched_at: now,
                                seconds_watched: position,
                                completed: true,
                                source: "playback",
                            },
                        )?;
                    }
                }
                PlaybackState::InProgress => q::save_progress(
                    conn,
                    &NewPlaybackProgress {
                        profile_id,
                        movie_id,
                        position_seconds: position,
                        duration_seconds: duration,
                        updated_at: now,
                    },
                )?,
                PlaybackState::NotStarted => {
                    q::clear_progress(conn, profile_id, movie_id)?;
                }
            }
            Ok(())
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    Ok(warp::reply::json(&Progress {
        movie_id,
        position_seconds: position,
        duration_seconds: duration,
        percent: percent(position, duration),
        state: state_now,
    })
    .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/continue-watching",
    tag = "profile data",
    summary = "Movies with a resume point, most recent first",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Entries", body = marquee_api::Page<marquee_api::activity::ContinueWatching>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn continue_watching(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    raw: String,
) -> ApiResult<Response> {
    let me = principal?;
    let (total, rows, mut movies, page, per_page) = owned_movie_page(
        &state,
        me.user_id,
        profile_id,
        &raw,
        q::continue_watching_page,
        |r| r.movie_id,
    )
    .await?;
    let data: Vec<ContinueWatching> = rows
        .into_iter()
        .filter_map(|r| {
            Some(ContinueWatching {
                movie: movies.remove(&r.movie_id)?,
                position_seconds: r.position_seconds,
                duration_seconds: r.duration_seconds,
                percent: percent(r.position_seconds, r.duration_seconds),
                updated_at: r.updated_at.and_utc(),
            })
        })
        .collect();
    Ok(page_reply(data, page, per_page, total))
}

#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}/continue-watching/{movie_id}",
    tag = "profile data",
    summary = "Drop a movie from continue watching",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn remove_continue_watching(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<StatusCode> {
    remove_owned(
        &state,
        principal?.user_id,
        profile_id,
        movie_id,
        q::clear_progress,
        "continue-watching entry",
    )
    .await
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/history",
    tag = "profile data",
    summary = "Watch history, most recent first",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Entries", body = marquee_api::Page<marquee_api::activity::HistoryEntry>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn history(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    raw: String,
) -> ApiResult<Response> {
    let me = principal?;
    let (total, rows, movies, page, per_page) =
        owned_movie_page(&state, me.user_id, profile_id, &raw, q::history_page, |r| {
            r.movie_id
        })
        .await?;
    // A movie watched twice appears twice: clone from the map instead of taking.
    let data: Vec<HistoryEntry> = rows
        .into_iter()
        .filter_map(|r| {
            Some(HistoryEntry {
                id: r.id,
                movie: movies.get(&r.movie_id)?.clone(),
                watched_at: r.watched_at.and_utc(),
                seconds_watched: r.seconds_watched,
                completed: r.completed,
                source: r.source,
            })
        })
        .collect();
    Ok(page_reply(data, page, per_page, total))
}

/// The profile's own rating, watchlist entry, resume point and watched flag for one movie.
#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/movies/{movie_id}/state",
    tag = "profile data",
    summary = "The profile's rating, watchlist entry, resume point and watched flag for one movie",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 200, description = "State", body = marquee_api::activity::MovieState),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn movie_state(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<Response> {
    let me = principal?;
    let viewer = viewer_state(&state, me.user_id, profile_id, movie_id).await?;
    Ok(warp::reply::json(&viewer).into_response())
}

/// One profile's own state for one movie (404 for a missing or foreign profile, or a missing
/// movie); shared by `/profiles/{pid}/movies/{id}/state` and `/movies/{id}?profile_id=`.
pub async fn viewer_state(
    state: &AppState,
    user_id: i64,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<wire::MovieState> {
    let (rating, listed, progress, watched) = state
        .db(move |conn| {
            owned(conn, user_id, profile_id)?;
            movie_exists(conn, movie_id)?;
            Ok((
                q::rating(conn, profile_id, movie_id)?,
                q::watchlist_item(conn, profile_id, movie_id)?.is_some(),
                q::progress(conn, profile_id, movie_id)?,
                q::has_watched(conn, profile_id, movie_id)?,
            ))
        })
        .await?;
    Ok(wire::MovieState {
        movie_id,
        rating: rating.map(|r| stars(r.rating_half)),
        on_watchlist: listed,
        progress: progress.map(|p| Progress {
            movie_id,
            position_seconds: p.position_seconds,
            duration_seconds: p.duration_seconds,
            percent: percent(p.position_seconds, p.duration_seconds),
            state: PlaybackState::InProgress,
        }),
        watched,
    })
}
