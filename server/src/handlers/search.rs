//! Search: `GET /search`, `GET /search/suggest`, a profile's search history, and the admin
//! reports over all histories. Index calls are blocking and run through `SearchService::query` (one per core at a time).

use http::StatusCode;
use marquee_api::search::{
    DidYouMean, QueryReport, SearchHistoryEntry, SearchHit, SearchPage, Suggestions,
};
use marquee_api::{Page, Pagination};
use marquee_db::queries::profiles;
use marquee_db::queries::search as q;
use marquee_search::{Filters, Hit, Kind, SearchRequest};
use warp::Reply;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::{Errors, Params, offset, paging};
use crate::search::search_error;
use crate::state::AppState;

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "type",
    "genre",
    "year_from",
    "year_to",
    "language",
    "country",
    "page",
    "per_page",
    "profile_id",
];
const SUGGEST_PARAMS: &[&str] = &["q"];
const PAGE_PARAMS: &[&str] = &["page", "per_page"];

fn hit(hit: Hit) -> SearchHit {
    SearchHit {
        kind: hit.kind.as_str().to_owned(),
        id: hit.id,
        title: hit.title,
        year: hit.year,
        score: hit.score,
    }
}

fn year(params: &Params, name: &str, errors: &mut Errors) -> Option<i32> {
    match params.one(name).map(str::parse::<i32>) {
        None => None,
        Some(Ok(y)) if (1870..=2200).contains(&y) => Some(y),
        Some(_) => {
            errors.add(name, "must be a year from 1870 to 2200");
            None
        }
    }
}

/// `GET /api/v1/search`. With a valid token and `profile_id` (the caller's own profile, else
/// 404), the search is recorded in that profile's history.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    summary = "Full-text search over movies and people, with \"did you mean\" when results are few or weak",
    params(("q" = String, Query, description = "The query (1–200 characters, at most 20 words); typo-tolerant, case/accent/punctuation-folded"), ("type" = Option<String>, Query, description = "`movie` or `person`; absent: both"), ("genre" = Option<String>, Query, description = "Genre slug"), ("year_from" = Option<i32>, Query), ("year_to" = Option<i32>, Query), ("language" = Option<String>, Query), ("country" = Option<String>, Query), ("profile_id" = Option<i64>, Query, description = "Record the search in this profile's history (needs the bearer token)"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Hits, and a suggested correction with its result count", body = marquee_api::search::SearchPage),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`unauthorized`: `profile_id` given without a valid token", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
)]
pub async fn search(
    state: AppState,
    principal: ApiResult<Principal>,
    raw: String,
) -> ApiResult<impl Reply> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(SEARCH_PARAMS, &mut errors);
    let kind = match params.one("type") {
        None => None,
        Some("movie") => Some(Kind::Movie),
        Some("person") => Some(Kind::Person),
        Some(other) => {
            errors.accepting(
                "type",
                format!("unknown type `{other}`; accepted: movie, person"),
                &["movie", "person"],
            );
            None
        }
    };
    let year_from = year(&params, "year_from", &mut errors);
    let year_to = year(&params, "year_to", &mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    let profile_id = params.profile_id(&mut errors);
    errors.into_result()?;

    // History needs the caller, and their own profile: checked before searching.
    let history = match profile_id {
        None => None,
        Some(profile_id) => {
            let me = principal?;
            state
                .db(move |conn| {
                    profiles::find_owned(conn, me.user_id, profile_id)?
                        .ok_or_else(|| ApiError::not_found("profile"))
                })
                .await?;
            Some(profile_id)
        }
    };

    // Cached per query, filters and page (not per profile: the history is written below).
    let key = {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .filter(|(name, _)| name != "profile_id")
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        pairs.sort();
        let canonical = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("search?{canonical}")
    };
    let request = SearchRequest::new(params.one("q").unwrap_or_default())
        .filters(Filters {
            kind,
            genre: params.one("genre").map(str::to_owned),
            year_from,
            year_to,
            language: params.one("language").map(str::to_owned),
            country: params.one("country").map(str::to_owned),
        })
        .page(page, per_page);
    let query = request.query.clone();
    let cache = state.cache().clone();
    let search_state = state.clone();
    let (body, total) = {
        let body = cache
            .get_or_compute(key, cache.ttl, || async move {
                let _in_flight = search_state.metrics().search_query();
                let results = search_state
                    .search()
                    .query(move |index| index.search(&request).map_err(search_error))
                    .await?;
                crate::cache::CachedBody::json(&SearchPage {
                    data: results.hits.into_iter().map(hit).collect(),
                    pagination: Pagination::new(
                        results.page,
                        results.per_page,
                        u64::try_from(results.total).unwrap_or(u64::MAX),
                    ),
                    did_you_mean: results.did_you_mean.map(|d| DidYouMean {
                        query: d.query,
                        total: u64::try_from(d.total).unwrap_or(u64::MAX),
                    }),
                })
            })
            .await?;
        let total = if history.is_some() {
            serde_json::from_slice::<serde_json::Value>(&body.body)
                .ok()
                .and_then(|page| page["pagination"]["total"].as_u64())
                .unwrap_or(0)
        } else {
            0
        };
        (body, total)
    };

    if let Some(profile_id) = history {
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        let count = i32::try_from(total).unwrap_or(i32::MAX);
        // The results are served even if the history write fails.
        if let Err(err) = state
            .db(move |conn| Ok(q::record(conn, profile_id, &query, count)?))
            .await
        {
            tracing::warn!(error = %err, "could not record the search in the profile's history");
        }
    }

    Ok(body.respond(crate::http::request_takes_gzip()))
}

/// `GET /api/v1/search/suggest?q=`: top 10 movies and people for a search box.
#[utoipa::path(
    get,
    path = "/api/v1/search/suggest",
    tag = "search",
    summary = "Autocomplete: the last word as a (typo-tolerant) prefix; top 10 movies and people",
    params(("q" = String, Query, description = "What has been typed so far")),
    responses(
        (status = 200, description = "Suggestions", body = marquee_api::search::Suggestions),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn suggest(state: AppState, raw: String) -> ApiResult<impl Reply> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(SUGGEST_PARAMS, &mut errors);
    errors.into_result()?;
    // Not `one`: a trailing space means "the last word is complete".
    let query = form_urlencoded::parse(raw.as_bytes())
        .filter(|(name, _)| name == "q")
        .last()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let cache = state.cache().clone();
    let key = format!(
        "suggest?{}",
        form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
    );
    let body = cache
        .get_or_compute(key, cache.ttl, || async move {
            let _in_flight = state.metrics().search_query();
            let hits = state
                .search()
                .query(move |index| index.suggest(&query).map_err(search_error))
                .await?;
            crate::cache::CachedBody::json(&Suggestions {
                data: hits.into_iter().map(hit).collect(),
            })
        })
        .await?;
    Ok(body.respond(crate::http::request_takes_gzip()))
}

fn page_of(raw: &str) -> ApiResult<(u32, u32)> {
    let params = Params::parse(raw);
    let mut errors = Errors::default();
    params.check_names(PAGE_PARAMS, &mut errors);
    let paging = paging(&params, &mut errors);
    errors.into_result()?;
    Ok(paging)
}

/// `GET /api/v1/profiles/{pid}/search-history`: newest first, paged.
#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/search-history",
    tag = "search",
    summary = "The profile's recent searches",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)"), crate::openapi::PageParams),
    responses(
        (status = 200, description = "Entries, newest first", body = marquee_api::Page<marquee_api::search::SearchHistoryEntry>),
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
) -> ApiResult<impl Reply> {
    let me = principal?;
    let (page, per_page) = page_of(&raw)?;
    let (rows, total) = state
        .db(move |conn| {
            profiles::find_owned(conn, me.user_id, profile_id)?
                .ok_or_else(|| ApiError::not_found("profile"))?;
            Ok(q::history(
                conn,
                profile_id,
                offset(page, per_page),
                i64::from(per_page),
            )?)
        })
        .await?;
    Ok(warp::reply::json(&Page {
        data: rows
            .into_iter()
            .map(|row| SearchHistoryEntry {
                id: row.id,
                query: row.query,
                result_count: row.result_count,
                searched_at: row.searched_at.and_utc(),
            })
            .collect(),
        pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    }))
}

/// `DELETE /api/v1/profiles/{pid}/search-history`: 204.
#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}/search-history",
    tag = "search",
    summary = "Clear the profile's search history",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    responses(
        (status = 204, description = "Cleared"),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn clear_history(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .db(move |conn| {
            profiles::find_owned(conn, me.user_id, profile_id)?
                .ok_or_else(|| ApiError::not_found("profile"))?;
            q::clear_history(conn, profile_id)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/search/top-queries",
    tag = "admin",
    summary = "Most searched queries",
    params(crate::openapi::PageParams),
    responses(
        (status = 200, description = "Queries", body = marquee_api::Page<marquee_api::search::QueryReport>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn top_queries(
    state: AppState,
    principal: ApiResult<Principal>,
    raw: String,
) -> ApiResult<impl Reply> {
    report(state, principal, false, raw).await
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/search/zero-results",
    tag = "admin",
    summary = "Most searched queries that found nothing",
    params(crate::openapi::PageParams),
    responses(
        (status = 200, description = "Queries", body = marquee_api::Page<marquee_api::search::QueryReport>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn zero_result_queries(
    state: AppState,
    principal: ApiResult<Principal>,
    raw: String,
) -> ApiResult<impl Reply> {
    report(state, principal, true, raw).await
}

/// `GET /api/v1/admin/search/top-queries` and `/admin/search/zero-results`: admins only.
async fn report(
    state: AppState,
    principal: ApiResult<Principal>,
    zero_results_only: bool,
    raw: String,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let (page, per_page) = page_of(&raw)?;
    let (rows, total) = state
        .db(move |conn| {
            Ok(q::top_queries(
                conn,
                zero_results_only,
                offset(page, per_page),
                i64::from(per_page),
            )?)
        })
        .await?;
    Ok(warp::reply::json(&Page {
        data: rows
            .into_iter()
            .map(|row| QueryReport {
                query: row.query,
                searches: row.searches,
                last_searched_at: row.last_searched_at.map(|t| t.and_utc()),
            })
            .collect(),
        pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    }))
}
