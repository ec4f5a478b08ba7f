//! People: profile, filmography (sortable, by role) and similar people.

use marquee_api::Pagination;
use marquee_api::catalogue::{
    FilmographyEntry, PersonDetail, PersonRef, SimilarPeople, SimilarPerson,
};
use marquee_api::page::Page;
use marquee_db::queries::catalogue::{self as q, MovieSort, MovieSortKey};
use warp::reply::Response;

use super::catalogue::{Errors, Params, offset, paging, sort_param, summary};
use crate::cache::{CachedBody, conditional};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A person's detail from their rows (`GET /people/{id}`, the admin routes, `marqueectl people`).
pub fn person_detail(rows: q::PersonRows) -> PersonDetail {
    let p = rows.person;
    PersonDetail {
        id: p.id,
        name: p.name,
        biography: p.biography,
        birth_date: p.birth_date,
        death_date: p.death_date,
        place_of_birth: p.place_of_birth,
        known_for_department: p.known_for_department,
        profile_url: p.profile_url,
        popularity: p.popularity,
        also_known_as: rows.aliases,
        cast_credits: u64::try_from(rows.cast_credits).unwrap_or(0),
        crew_credits: u64::try_from(rows.crew_credits).unwrap_or(0),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "catalogue",
    summary = "A person",
    params(("id" = i64, Path, description = "Person id"), ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::PersonDetail),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 404, description = "`not_found`: no such person", body = marquee_api::ErrorBody),
    ),
)]
pub async fn person(
    state: AppState,
    id: i64,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let cache = state.cache().clone();
    let ttl = cache.ttl;
    let body = cache
        .get_or_refresh(format!("person/{id}"), ttl, move || async move {
            let rows = state
                .db(move |conn| q::person(conn, id)?.ok_or_else(|| ApiError::not_found("person")))
                .await?;
            CachedBody::json(&person_detail(rows))
        })
        .await?;
    Ok(conditional(&body, if_none_match.as_deref(), ttl))
}

const FILMOGRAPHY_SORTS: &[(&str, MovieSortKey)] = &[
    ("year", MovieSortKey::Year),
    ("release_date", MovieSortKey::ReleaseDate),
    ("popularity", MovieSortKey::Popularity),
    ("rating", MovieSortKey::Rating),
    ("title", MovieSortKey::Title),
];

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/filmography",
    tag = "catalogue",
    summary = "A person's films, as actor and as director/crew",
    params(("id" = i64, Path, description = "Person id"), ("role" = Option<String>, Query, description = "`cast` or `crew`; absent: both"), ("sort" = Option<String>, Query, description = "`year` (default, newest first), `popularity`, `rating` or `title`; prefix `-` to reverse"), crate::openapi::PageParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::Page<marquee_api::catalogue::FilmographyEntry>),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such person", body = marquee_api::ErrorBody),
    ),
)]
pub async fn filmography(
    state: AppState,
    id: i64,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["sort", "role", "page", "per_page"], &mut errors);
    let sort = sort_param(
        &params,
        FILMOGRAPHY_SORTS,
        MovieSort {
            key: MovieSortKey::Year,
            descending: true,
        },
        &mut errors,
    );
    let role = match params.one("role") {
        None => None,
        Some(r @ ("cast" | "crew")) => Some(r.to_owned()),
        Some(other) => {
            errors.accepting(
                "role",
                format!("unknown role `{other}`; accepted: cast, crew"),
                &["cast", "crew"],
            );
            None
        }
    };
    let (page, per_page) = paging(&params, &mut errors);
    errors.into_result()?;
    let cache = state.cache().clone();
    let ttl = cache.ttl;
    let body = cache
        .get_or_refresh(
            format!("person/{id}/filmography?{raw}"),
            ttl,
            move || async move {
                let (total, rows) = state
                    .db(move |conn| {
                        if !q::person_exists(conn, id)? {
                            return Err(ApiError::not_found("person"));
                        }
                        Ok(q::filmography(
                            conn,
                            id,
                            role.as_deref(),
                            sort,
                            offset(page, per_page),
                            i64::from(per_page),
                        )?)
                    })
                    .await?;
                CachedBody::json(&Page {
                    data: rows
                        .into_iter()
                        .map(|r| FilmographyEntry {
                            movie: summary(r.movie),
                            role: r.kind,
                            character: r.character_name,
                            job: r.job,
                        })
                        .collect(),
                    pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
                })
            },
        )
        .await?;
    Ok(conditional(&body, if_none_match.as_deref(), ttl))
}

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/similar",
    tag = "catalogue",
    summary = "People who worked on the same films",
    params(("id" = i64, Path, description = "Person id"), ("limit" = Option<u32>, Query, description = "At most this many (default 20, at most 100)"), ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::SimilarPeople),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such person", body = marquee_api::ErrorBody),
    ),
)]
pub async fn similar(
    state: AppState,
    id: i64,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["limit"], &mut errors);
    let limit = match params.one("limit").map(str::parse::<i64>) {
        None => 20,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            errors.add("limit", "must be a whole number from 1 to 100");
            20
        }
    };
    errors.into_result()?;
    let cache = state.cache().clone();
    let ttl = cache.ttl;
    let body = cache
        .get_or_refresh(
            format!("person/{id}/similar?{raw}"),
            ttl,
            move || async move {
                let rows = state
                    .db(move |conn| {
                        if !q::person_exists(conn, id)? {
                            return Err(ApiError::not_found("person"));
                        }
                        Ok(q::similar_people(conn, id, limit)?)
                    })
                    .await?;
                CachedBody::json(&SimilarPeople {
                    data: rows
                        .into_iter()
                        .map(|r| SimilarPerson {
                            person: PersonRef {
                                id: r.id,
                                name: r.name,
                                profile_url: r.profile_url,
                            },
                            shared_movies: u64::try_from(r.shared_movies).unwrap_or(0),
                        })
                        .collect(),
                })
            },
        )
        .await?;
    Ok(conditional(&body, if_none_match.as_deref(), ttl))
}
