//! Recommendations: `GET /profiles/{pid}/for-you`, `POST|DELETE
//! /profiles/{pid}/not-interested/{movie_id}` and `GET /movies/{id}/similar`. The engine and the
//! row computation live in [`crate::jobs::recommend`]; these handlers check ownership, read
//! through its cache and attach movie summaries.

use std::collections::{HashMap, HashSet};

use http::StatusCode;
use marquee_api::Pagination;
use marquee_api::catalogue::MovieSummary;
use marquee_api::page::MAX_PER_PAGE;
use marquee_api::recommend::{ForYou, Reason, RecommendationRow, RecommendedMovie, SimilarMovies};
use marquee_db::DbConn;
use marquee_db::queries::catalogue as cq;
use marquee_db::queries::recommend as q;
use warp::Reply;

use crate::auth::Principal;
use crate::cache::CachedBody;
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::{Errors, Params, offset, paging, summary};
use crate::jobs::recommend::{self as engine, owned};
use crate::state::AppState;

fn summaries(conn: &mut DbConn, ids: Vec<i64>) -> ApiResult<HashMap<i64, MovieSummary>> {
    Ok(cq::summaries_by_ids(conn, &ids)?
        .into_iter()
        .map(|row| (row.movie.id, summary(row)))
        .collect())
}

fn item(
    movies: &HashMap<i64, MovieSummary>,
    movie_id: i64,
    score: f64,
    reason: Reason,
) -> Option<RecommendedMovie> {
    Some(RecommendedMovie {
        movie: movies.get(&movie_id)?.clone(),
        score,
        reason,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/for-you",
    tag = "recommendations",
    summary = "The profile's rows (Top picks, Because you watched X, Trending in <region>, New for you, Continue watching…), each item with its reason",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    responses(
        (status = 200, description = "Rows", body = marquee_api::recommend::ForYou),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn for_you(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    crate::auth::check_profile_owner(&state, me.user_id, profile_id).await?;
    let computed = engine::rows_for(&state, profile_id).await?;
    // The finished body is cached beside the rows it renders (same key: engine, trending
    // snapshot, the profile's activity fingerprint), so a precomputed For You costs no query
    // for movie summaries and no serialisation.
    let cache = state.cache().clone();
    let key = format!("for-you/{profile_id}#{}", computed.key);
    let body = cache
        .get_or_compute(key, cache.ttl, || async move {
            render(&state, profile_id, &computed).await
        })
        .await?;
    Ok(body.respond(crate::http::request_takes_gzip()))
}

/// The For You body of `computed`: its rows with each movie's summary and reason.
async fn render(
    state: &AppState,
    profile_id: i64,
    computed: &engine::ForYouRows,
) -> ApiResult<CachedBody> {
    let mut ids: Vec<i64> = computed
        .rows
        .iter()
        .flat_map(|r| r.items.iter().map(|i| i.movie_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let movies = state.db(move |conn| summaries(conn, ids)).await?;
    let rows = computed
        .rows
        .iter()
        .map(|row| RecommendationRow {
            kind: row.kind.clone(),
            title: row.title.clone(),
            items: row
                .items
                .iter()
                .filter_map(|i| {
                    item(
                        &movies,
                        i.movie_id,
                        i.score,
                        Reason {
                            kind: i.reason_kind.clone(),
                            text: i.reason_text.clone().unwrap_or_default(),
                            movie_id: i.reason_movie_id,
                            person_id: i.reason_person_id,
                        },
                    )
                })
                .collect(),
        })
        .filter(|row| !row.items.is_empty())
        .collect();
    let version = computed
        .key
        .split('#')
        .next()
        .unwrap_or(engine::COLD_START)
        .to_owned();
    CachedBody::json(&ForYou {
        profile_id,
        rows,
        generated_at: computed.generated_at.and_utc(),
        model_version: version,
        experiment: computed.arm.as_ref().map(crate::analytics::Arm::wire),
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/profiles/{pid}/not-interested/{movie_id}",
    tag = "recommendations",
    summary = "Never recommend this movie to the profile again (and down-weight its neighbours)",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 204, description = "Recorded"),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn not_interested(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .write(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            if !q::movie_exists(conn, movie_id)? {
                return Err(ApiError::not_found("movie"));
            }
            q::add_not_interested(conn, profile_id, movie_id)?;
            Ok(())
        })
        .await?;
    state.recommender().invalidate(profile_id);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}/not-interested/{movie_id}",
    tag = "recommendations",
    summary = "Undo \"not interested\"",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), ("movie_id" = i64, Path, description = "Movie id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn undo_not_interested(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    movie_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .db(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            q::remove_not_interested(conn, profile_id, movie_id)?;
            Ok(())
        })
        .await?;
    state.recommender().invalidate(profile_id);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /movies/{id}/similar?page=&per_page=` (or `limit=`), and with `profile_id=` (and the
/// profile owner's token) without that profile's "not interested" and above-maturity movies.
#[utoipa::path(
    get,
    path = "/api/v1/movies/{movie_id}/similar",
    tag = "recommendations",
    summary = "More like this; with `profile_id` (and its token) without that profile's blocked and above-maturity movies",
    params(("movie_id" = i64, Path, description = "Movie id"), ("profile_id" = Option<i64>, Query, description = "Filter for this profile of the caller; needs the bearer token"), ("limit" = Option<u32>, Query, description = "First page of this size (1–100) instead of page/per_page"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Movies with scores and reasons", body = marquee_api::recommend::SimilarMovies),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`unauthorized`: `profile_id` given without a valid token", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's), or no such movie", body = marquee_api::ErrorBody),
    ),
)]
pub async fn similar(
    state: AppState,
    movie_id: i64,
    raw: String,
    principal: ApiResult<Principal>,
) -> ApiResult<impl Reply> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["page", "per_page", "limit", "profile_id"], &mut errors);
    let (mut page, mut per_page) = paging(&params, &mut errors);
    if let Some(limit) = params.one("limit") {
        match limit.parse::<u32>() {
            Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => {
                page = 1;
                per_page = n;
            }
            _ => errors.add(
                "limit",
                format!("must be a whole number from 1 to {MAX_PER_PAGE}"),
            ),
        }
    }
    let profile_id = params.profile_id(&mut errors);
    errors.into_result()?;
    let user_id = match profile_id {
        Some(_) => Some(principal?.user_id),
        None => None,
    };
    let context = state
        .db(move |conn| {
            if !q::movie_exists(conn, movie_id)? {
                return Err(ApiError::not_found("movie"));
            }
            match (profile_id, user_id) {
                (Some(pid), Some(uid)) => {
                    owned(conn, uid, pid)?;
                    Ok(Some(q::profile_context(conn, pid)?))
                }
                _ => Ok(None),
            }
        })
        .await?;
    let model = state.recommender().engine();
    let exclude: HashSet<i64> = match &context {
        Some(context) => engine::blocked(&model, context),
        None => HashSet::new(),
    };
    let ranked = model.similar(movie_id, &exclude, engine::SIMILAR_SIZE);
    let total = ranked.len() as u64;
    let start = usize::try_from(offset(page, per_page)).unwrap_or(usize::MAX);
    let window: Vec<_> = ranked
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    let ids: Vec<i64> = window.iter().map(|w| w.0).collect();
    let movies = state.db(move |conn| summaries(conn, ids)).await?;
    let data = window
        .into_iter()
        .filter_map(|(id, score, reason)| {
            item(
                &movies,
                id,
                score,
                Reason {
                    kind: reason.kind.to_owned(),
                    text: reason.text,
                    movie_id: reason.movie_id,
                    person_id: reason.person_id,
                },
            )
        })
        .collect();
    Ok(warp::reply::json(&SimilarMovies {
        data,
        pagination: Pagination::new(page, per_page, total),
    }))
}
