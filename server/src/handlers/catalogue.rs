//! Public catalogue reads: the movie list, movie detail, facets, trending and new releases.
//!
//! Each handler validates the whole query string first (unknown parameters, sort keys, facet
//! values and fields are 400s that list what is accepted), then serves a cached body when there
//! is one (see [`crate::cache`]), with `ETag`/`Cache-Control` and `If-None-Match` → 304.

use std::collections::BTreeMap;

use marquee_api::Pagination;
use marquee_api::catalogue::{
    Credit, Facet, FacetCount, FacetList, MOVIE_SUMMARY_FIELDS, MovieDetail, MovieSummary,
    PersonRef, RankedMovie, Ranking, RatingSummary, Rendition, Trailer,
};
use marquee_api::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use marquee_db::DbConn;
use marquee_db::queries::catalogue::{
    self as q, FacetKind, GenreMatch, MovieFilter, MovieSort, MovieSortKey, MovieSummaryRow,
};
use serde_json::{Value, json};
use warp::Reply;
use warp::reply::Response;

use crate::auth::Principal;
use crate::cache::{CachedBody, conditional};
use crate::error::{ApiError, ApiResult};
use crate::jobs::trending::Window;
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// Query-string parsing shared by the catalogue and people handlers

/// A query string as ordered pairs: `genre=a&genre=b` and `genre=a,b` both give two values.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(raw: &str) -> Params {
        Params {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        }
    }

    /// Every value of `name`, split on commas, trimmed, empty ones dropped.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| {
                v.split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// `profile_id=`: absent, or a whole number (else an error on the field).
    pub fn profile_id(&self, errors: &mut Errors) -> Option<i64> {
        let raw = self.one("profile_id")?;
        match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("profile_id", "must be a profile id (a whole number)");
                None
            }
        }
    }

    /// The last value of `name`, trimmed (empty counts as absent).
    pub fn one(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Records an error for each parameter not in `accepted`.
    pub fn check_names(&self, accepted: &[&str], errors: &mut Errors) {
        for (name, _) in &self.pairs {
            if !accepted.contains(&name.as_str()) {
                errors.accepting(
                    name,
                    format!("unknown parameter; accepted: {}", accepted.join(", ")),
                    accepted,
                );
            }
        }
    }
}

/// Validation failures collected across a request, answered together as one 400:
/// `details.fields` (field → rule) and, where the values are a closed set, `details.accepted`.
#[derive(Debug, Default)]
pub struct Errors {
    fields: BTreeMap<String, String>,
    accepted: BTreeMap<String, Vec<String>>,
}

impl Errors {
    pub fn add(&mut self, field: &str, rule: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_insert_with(|| rule.into());
    }

    pub fn accepting<S: AsRef<str>>(
        &mut self,
        field: &str,
        rule: impl Into<String>,
        accepted: &[S],
    ) {
        self.add(field, rule);
        self.accepted
            .entry(field.to_owned())
            .or_insert_with(|| accepted.iter().map(|s| s.as_ref().to_owned()).collect());
    }

    /// Records a broken shared rule ([`crate::rules`]) under `field`; the value when it held.
    pub fn check<T>(&mut self, field: &str, checked: crate::rules::Checked<T>) -> Option<T> {
        match checked {
            Ok(value) => Some(value),
            Err(broken) => {
                match broken.accepted {
                    Some(list) => self.accepting(field, broken.message, list),
                    None => self.add(field, broken.message),
                }
                None
            }
        }
    }

    pub fn into_result(self) -> ApiResult<()> {
        if self.fields.is_empty() {
            return Ok(());
        }
        let mut err = ApiError::validation(self.fields);
        if !self.accepted.is_empty()
            && let Some(Value::Object(details)) = err.details.as_mut()
        {
            details.insert("accepted".to_owned(), json!(self.accepted));
        }
        Err(err)
    }
}

/// `page` (from 1) and `per_page` (1 to 100, default 20). Out of range is a 400, not a clamp:
/// a client asking for 10 000 items should learn the limit rather than silently get 100.
pub fn paging(params: &Params, errors: &mut Errors) -> (u32, u32) {
    let page = match params.one("page").map(str::parse::<u32>) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => {
            errors.add("page", "must be a whole number from 1");
            1
        }
    };
    let per_page = match params.one("per_page").map(str::parse::<u32>) {
        None => DEFAULT_PER_PAGE,
        Some(Ok(n)) if (1..=MAX_PER_PAGE).contains(&n) => n,
        Some(_) => {
            errors.add(
                "per_page",
                format!("must be a whole number from 1 to {MAX_PER_PAGE}"),
            );
            DEFAULT_PER_PAGE
        }
    };
    (page, per_page)
}

pub fn offset(page: u32, per_page: u32) -> i64 {
    (i64::from(page) - 1) * i64::from(per_page)
}

/// Parses `sort` against `keys` (a `-` prefix means descending).
pub fn sort_param(
    params: &Params,
    keys: &[(&str, MovieSortKey)],
    default: MovieSort,
    errors: &mut Errors,
) -> MovieSort {
    let Some(value) = params.one("sort") else {
        return default;
    };
    let (descending, name) = match value.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, value),
    };
    match keys.iter().find(|(k, _)| *k == name) {
        Some((_, key)) => MovieSort {
            key: *key,
            descending,
        },
        None => {
            let accepted: Vec<String> = keys
                .iter()
                .flat_map(|(k, _)| [(*k).to_owned(), format!("-{k}")])
                .collect();
            errors.accepting(
                "sort",
                format!("unknown sort `{value}`; accepted: {}", accepted.join(", ")),
                &accepted,
            );
            default
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Filters

const FILTER_PARAMS: &[&str] = &[
    "genre",
    "genre_match",
    "language",
    "country",
    "year_from",
    "year_to",
    "min_rating",
];

/// The filters as the client spelled them, checked for form but not yet looked up.
#[derive(Debug, Default)]
struct FilterCodes {
    genres: Vec<String>,
    genre_match: GenreMatch,
    language: Option<String>,
    country: Option<String>,
    year_from: Option<i16>,
    year_to: Option<i16>,
    min_rating: Option<f64>,
}

fn filter_codes(params: &Params, errors: &mut Errors) -> FilterCodes {
    let genre_match = match params.one("genre_match") {
        None | Some("all") => GenreMatch::All,
        Some("any") => GenreMatch::Any,
        Some(other) => {
            errors.accepting(
                "genre_match",
                format!("unknown value `{other}`; accepted: all, any"),
                &["all", "any"],
            );
            GenreMatch::All
        }
    };
    let mut year = |name: &str| match params.one(name).map(str::parse::<i16>) {
        None => None,
        Some(Ok(y)) if (1870..=2200).contains(&y) => Some(y),
        Some(_) => {
            errors.add(name, "must be a year from 1870 to 2200");
            None
        }
    };
    let year_from = year("year_from");
    let year_to = year("year_to");
    if let (Some(from), Some(to)) = (year_from, year_to)
        && from > to
    {
        errors.add("year_to", "must not be before year_from");
    }
    let min_rating = match params.one("min_rating").map(str::parse::<f64>) {
        None => None,
        Some(Ok(r)) if (0.0..=5.0).contains(&r) => Some(r),
        Some(_) => {
            errors.add("min_rating", "must be a number of stars from 0 to 5");
            None
        }
    };
    FilterCodes {
        genres: params
            .values("genre")
            .into_iter()
            .map(|g| g.to_lowercase())
            .collect(),
        genre_match,
        language: params.one("language").map(str::to_lowercase),
        country: params.one("country").map(str::to_uppercase),
        year_from,
        year_to,
        min_rating,
    }
}

/// Looks the codes up; unknown ones are 400s that list every accepted value.
fn resolve(conn: &mut DbConn, codes: &FilterCodes) -> ApiResult<MovieFilter> {
    let mut errors = Errors::default();
    let mut lookup = |conn: &mut DbConn,
                      kind: FacetKind,
                      field: &str,
                      wanted: Vec<String>|
     -> ApiResult<Vec<i64>> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let found = q::facet_lookup(conn, kind, &wanted)?;
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !found.iter().any(|f| &f.code == *w))
            .collect();
        if !missing.is_empty() {
            let accepted: Vec<String> = q::facet_values(conn, kind)?
                .into_iter()
                .map(|v| v.code)
                .collect();
            let missing: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            errors.accepting(
                field,
                format!(
                    "unknown {field} `{}`; accepted: {}",
                    missing.join("`, `"),
                    accepted.join(", ")
                ),
                &accepted,
            );
        }
        Ok(found.into_iter().map(|f| f.id).collect())
    };
    let genre_ids = lookup(conn, FacetKind::Genre, "genre", codes.genres.clone())?;
    let language_id = lookup(
        conn,
        FacetKind::Language,
        "language",
        codes.language.iter().cloned().collect(),
    )?;
    let country_id = lookup(
        conn,
        FacetKind::Country,
        "country",
        codes.country.iter().cloned().collect(),
    )?;
    errors.into_result()?;
    Ok(MovieFilter {
        genre_ids,
        genre_match: codes.genre_match,
        language_id: language_id.first().copied(),
        country_id: country_id.first().copied(),
        year_from: codes.year_from,
        year_to: codes.year_to,
        min_rating: codes.min_rating,
    })
}

pub fn summary(row: MovieSummaryRow) -> MovieSummary {
    MovieSummary {
        id: row.movie.id,
        title: row.movie.title,
        year: row.movie.year,
        release_date: row.movie.release_date,
        runtime_minutes: row.movie.runtime_minutes,
        poster_url: row.movie.poster_url,
        popularity: row.movie.popularity,
        rating_avg: row.rating_avg,
        rating_count: row.rating_count,
        original_language: row.original_language,
        genres: row.genres,
    }
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/movies

const MOVIE_SORTS: &[(&str, MovieSortKey)] = &[
    ("popularity", MovieSortKey::Popularity),
    ("rating", MovieSortKey::Rating),
    ("release_date", MovieSortKey::ReleaseDate),
    ("title", MovieSortKey::Title),
];

/// `fields=`: the names asked for, each checked against [`MOVIE_SUMMARY_FIELDS`].
fn fields_param(params: &Params, errors: &mut Errors) -> Option<Vec<String>> {
    let fields = params.values("fields");
    if fields.is_empty() {
        return None;
    }
    let unknown: Vec<&str> = fields
        .iter()
        .map(String::as_str)
        .filter(|f| !MOVIE_SUMMARY_FIELDS.contains(f))
        .collect();
    if !unknown.is_empty() {
        errors.accepting(
            "fields",
            format!(
                "unknown field `{}`; accepted: {}",
                unknown.join("`, `"),
                MOVIE_SUMMARY_FIELDS.join(", ")
            ),
            MOVIE_SUMMARY_FIELDS,
        );
    }
    Some(fields)
}

fn trimmed(item: &MovieSummary, fields: Option<&[String]>) -> ApiResult<Value> {
    let value = serde_json::to_value(item).map_err(ApiError::internal)?;
    Ok(match (fields, value) {
        (Some(fields), Value::Object(mut map)) => {
            map.retain(|k, _| fields.iter().any(|f| f == k));
            Value::Object(map)
        }
        (_, value) => value,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/movies",
    tag = "catalogue",
    summary = "Movies, filtered, sorted and paged",
    params(crate::openapi::MovieFilterParams, ("sort" = Option<String>, Query, description = "`popularity` (default), `rating`, `release_date` or `title`; prefix `-` for descending"), crate::openapi::PageParams, ("fields" = Option<String>, Query, description = "Comma-separated subset of the summary fields (`id,title,poster_url`)"), ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::Page<marquee_api::catalogue::MovieSummary>),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn list_movies(
    state: AppState,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    let mut accepted = FILTER_PARAMS.to_vec();
    accepted.extend(["sort", "page", "per_page", "fields"]);
    params.check_names(&accepted, &mut errors);
    let codes = filter_codes(&params, &mut errors);
    let default_sort = MovieSort {
        key: MovieSortKey::Popularity,
        descending: true,
    };
    let sort = sort_param(&params, MOVIE_SORTS, default_sort, &mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    let fields = fields_param(&params, &mut errors);
    errors.into_result()?;

    let cache = state.cache().clone();
    let ttl = cache.ttl;
    let body = cache
        .get_or_refresh(format!("movies?{raw}"), ttl, move || async move {
            let (total, rows) = state
                .db_small(move |conn| {
                    let filter = resolve(conn, &codes)?;
                    Ok(q::list_movies(
                        conn,
                        &filter,
                        sort,
                        offset(page, per_page),
                        i64::from(per_page),
                    )?)
                })
                .await?;
            let data = rows
                .into_iter()
                .map(|row| trimmed(&summary(row), fields.as_deref()))
                .collect::<ApiResult<Vec<Value>>>()?;
            let total = u64::try_from(total).unwrap_or(0);
            CachedBody::json(
                &json!({ "data": data, "pagination": Pagination::new(page, per_page, total) }),
            )
        })
        .await?;
    Ok(conditional(&body, if_none_match.as_deref(), ttl))
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/movies/{id}

fn facet((code, name): (String, String)) -> Facet {
    Facet { code, name }
}

/// A movie's detail from its rows (`GET /movies/{id}`, the admin routes, `marqueectl movies`).
pub fn movie_detail(rows: q::MovieDetailRows) -> MovieDetail {
    let (cast, crew): (Vec<_>, Vec<_>) = rows.credits.into_iter().partition(|c| c.kind == "cast");
    let credit = |c: q::CreditRow| Credit {
        person: PersonRef {
            id: c.person_id,
            name: c.person_name,
            profile_url: c.profile_url,
        },
        character: c.character_name,
        order: c.cast_order,
        department: c.department,
        job: c.job,
    };
    let m = rows.movie;
    MovieDetail {
        id: m.id,
        title: m.title,
        original_title: m.original_title,
        tagline: m.tagline,
        overview: m.overview,
        year: m.year,
        release_date: m.release_date,
        runtime_minutes: m.runtime_minutes,
        certificate: m.certificate,
        min_age: m.min_age,
        poster_url: m.poster_url,
        backdrop_url: m.backdrop_url,
        popularity: m.popularity,
        original_language: rows.original_language.map(facet),
        genres: rows.genres.into_iter().map(facet).collect(),
        countries: rows.countries.into_iter().map(facet).collect(),
        languages: rows.languages.into_iter().map(facet).collect(),
        cast: cast.into_iter().map(credit).collect(),
        crew: crew.into_iter().map(credit).collect(),
        trailers: rows
            .trailers
            .into_iter()
            .map(|(t, renditions)| Trailer {
                id: t.id,
                title: t.title,
                kind: t.kind,
                published_at: t.published_at,
                renditions: renditions
                    .into_iter()
                    .map(|r| Rendition {
                        id: r.id,
                        quality: r.quality,
                        format: r.format,
                        duration_seconds: r.duration_seconds,
                        size_bytes: r.size_bytes,
                        bitrate_kbps: r.bitrate_kbps,
                    })
                    .collect(),
            })
            .collect(),
        rating: RatingSummary {
            average: rows.stats.rating_avg,
            count: rows.stats.rating_count,
            imdb_rating: rows.stats.imdb_rating,
            imdb_votes: rows.stats.imdb_votes,
            metascore: rows.stats.metascore,
        },
        viewer: None,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/movies/{id}",
    tag = "catalogue",
    summary = "A movie with genres, cast, crew, trailers and rating summary; with `profile_id` and the owner's token, also that profile's own state",
    params(("id" = i64, Path, description = "Movie id"), ("profile_id" = Option<i64>, Query, description = "Adds `viewer` (rating, watchlist, resume point, watched) for this profile of the caller; needs the bearer token"), ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::MovieDetail),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`unauthorized`: `profile_id` given without a valid token", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such movie (or profile)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn movie(
    state: AppState,
    id: i64,
    raw: String,
    principal: ApiResult<Principal>,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["profile_id"], &mut errors);
    let profile_id = params.profile_id(&mut errors);
    errors.into_result()?;
    let state_for_viewer = state.clone();
    let cache = state.cache().clone();
    let ttl = cache.ttl;
    let body = cache
        .get_or_compute(crate::cache::movie_key(id), ttl, || async move {
            let rows = state
                .db_small(move |conn| {
                    q::movie_detail(conn, id)?.ok_or_else(|| ApiError::not_found("movie"))
                })
                .await?;
            CachedBody::json(&movie_detail(rows))
        })
        .await?;
    let Some(profile_id) = profile_id else {
        return Ok(conditional(&body, if_none_match.as_deref(), ttl));
    };
    // The shared, cached body plus this caller's own state: private, never cached or 304'd.
    let me = principal?;
    let viewer =
        crate::handlers::activity::viewer_state(&state_for_viewer, me.user_id, profile_id, id)
            .await?;
    let mut detail: serde_json::Value = serde_json::from_slice(&body.body)
        .map_err(|e| ApiError::internal(format!("cached movie body is not JSON: {e}")))?;
    if let Some(object) = detail.as_object_mut() {
        object.insert("viewer".to_owned(), json!(viewer));
    }
    Ok(warp::reply::json(&detail).into_response())
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/genres, /languages, /countries

#[utoipa::path(
    get,
    path = "/api/v1/genres",
    tag = "catalogue",
    summary = "Genres with the number of movies matching the other filters",
    params(crate::openapi::MovieFilterParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::FacetList),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn genres(
    state: AppState,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    facets(state, FacetKind::Genre, raw, if_none_match).await
}

#[utoipa::path(
    get,
    path = "/api/v1/languages",
    tag = "catalogue",
    summary = "Original languages with counts under the other filters",
    params(crate::openapi::MovieFilterParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::FacetList),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn languages(
    state: AppState,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    facets(state, FacetKind::Language, raw, if_none_match).await
}

#[utoipa::path(
    get,
    path = "/api/v1/countries",
    tag = "catalogue",
    summary = "Production countries with counts under the other filters",
    params(crate::openapi::MovieFilterParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::FacetList),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn countries(
    state: AppState,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    facets(state, FacetKind::Country, raw, if_none_match).await
}

async fn facets(
    state: AppState,
    kind: FacetKind,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(FILTER_PARAMS, &mut errors);
    let codes = filter_codes(&params, &mut errors);
    errors.into_result()?;
    let cache = state.cache().clone();
    let ttl = cache.facet_ttl;
    let body = cache
        .get_or_refresh(format!("facets/{kind:?}?{raw}"), ttl, move || async move {
            let counts = state
                .db(move |conn| {
                    let filter = resolve(conn, &codes)?;
                    Ok(q::facet_counts(conn, kind, &filter)?)
                })
                .await?;
            CachedBody::json(&FacetList {
                data: counts
                    .into_iter()
                    .map(|(v, n)| FacetCount {
                        code: v.code,
                        name: v.name,
                        count: u64::try_from(n).unwrap_or(0),
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(conditional(&body, if_none_match.as_deref(), ttl))
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/trending, /new-releases (precomputed by `jobs::trending`)

#[utoipa::path(
    get,
    path = "/api/v1/trending",
    tag = "catalogue",
    summary = "Time-decayed popularity from recent activity, global or for a region (precomputed)",
    params(("window" = Option<String>, Query, description = "`day` (default) or `week`"), ("region" = Option<String>, Query, description = "ISO country code; absent: the profile's country with `profile_id`, else global"), ("profile_id" = Option<i64>, Query, description = "Default the region to this profile's country (needs the owner's bearer token)"), crate::openapi::PageParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::Ranking),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`unauthorized`: `profile_id` given without a valid token", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile (or not the caller's)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn trending(
    state: AppState,
    raw: String,
    principal: ApiResult<Principal>,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(
        &["window", "region", "profile_id", "page", "per_page"],
        &mut errors,
    );
    let window = match params.one("window") {
        None | Some("day") => Window::Day,
        Some("week") => Window::Week,
        Some(other) => {
            errors.accepting(
                "window",
                format!("unknown window `{other}`; accepted: day, week"),
                &["day", "week"],
            );
            Window::Day
        }
    };
    let region = match params.one("region") {
        None => None,
        Some(r) if r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some(r.to_ascii_uppercase())
        }
        Some(_) => {
            errors.add("region", "must be a two-letter ISO 3166-1 country code");
            None
        }
    };
    let profile_id = params.profile_id(&mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    errors.into_result()?;
    // No explicit region: the caller's profile's country, when a profile is named.
    let region = match (region, profile_id) {
        (Some(region), _) => Some(region),
        (None, None) => None,
        (None, Some(pid)) => {
            let me = principal?;
            state
                .db_small(move |conn| {
                    marquee_db::queries::profiles::find_owned(conn, me.user_id, pid)?
                        .ok_or_else(|| ApiError::not_found("profile"))?;
                    Ok(marquee_db::queries::profiles::preferences(conn, pid)?.country)
                })
                .await?
        }
    };
    let snapshot = state.rankings().current();
    let key = format!(
        "ranking/trending/{}/{}/{}/{page}/{per_page}",
        micros(snapshot.computed_at),
        window.as_str(),
        region.as_deref().unwrap_or("-"),
    );
    let cache = state.cache().clone();
    let body = cache
        .get_or_compute(key, cache.ttl, || async {
            ranking_page(
                snapshot.trending(window, region.as_deref()),
                page,
                per_page,
                Some(window.as_str().to_owned()),
                region.clone(),
                snapshot.computed_at,
            )
        })
        .await?;
    let mut response = conditional(&body, if_none_match.as_deref(), state.cache().ttl);
    if profile_id.is_some() {
        // The region came from someone's profile: no shared cache may keep it.
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-cache"),
        );
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/new-releases",
    tag = "catalogue",
    summary = "Recent releases (precomputed)",
    params(crate::openapi::PageParams, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier response: 304 when unchanged")),
    responses(
        (status = 200, description = "OK; `ETag` and `Cache-Control: public` set", body = marquee_api::catalogue::Ranking),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn new_releases(
    state: AppState,
    raw: String,
    if_none_match: Option<String>,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["page", "per_page"], &mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    errors.into_result()?;
    let snapshot = state.rankings().current();
    let key = format!(
        "ranking/new-releases/{}/{page}/{per_page}",
        micros(snapshot.computed_at)
    );
    let cache = state.cache().clone();
    let body = cache
        .get_or_compute(key, cache.ttl, || async {
            ranking_page(
                &snapshot.new_releases,
                page,
                per_page,
                None,
                None,
                snapshot.computed_at,
            )
        })
        .await?;
    Ok(conditional(
        &body,
        if_none_match.as_deref(),
        state.cache().ttl,
    ))
}

/// A snapshot's time as a cache-key part: bodies of a new snapshot get new keys, and the old
/// ones expire with their TTL.
fn micros(at: Option<chrono::NaiveDateTime>) -> i64 {
    at.map_or(0, |t| t.and_utc().timestamp_micros())
}

/// One page of a precomputed ranking, serialised once per snapshot (see [`micros`]).
fn ranking_page(
    items: &[RankedMovie],
    page: u32,
    per_page: u32,
    window: Option<String>,
    region: Option<String>,
    computed_at: Option<chrono::NaiveDateTime>,
) -> ApiResult<CachedBody> {
    let start = usize::try_from(offset(page, per_page)).unwrap_or(usize::MAX);
    let data: Vec<RankedMovie> = items
        .iter()
        .skip(start)
        .take(per_page as usize)
        .cloned()
        .collect();
    CachedBody::json(&Ranking {
        data,
        pagination: Pagination::new(page, per_page, items.len() as u64),
        window,
        region,
        computed_at,
    })
}
