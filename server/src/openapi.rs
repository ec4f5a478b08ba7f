//! The OpenAPI 3.1 document (`GET /api/openapi.json`) and the page that renders it (`GET /docs`).
//!
//! Each handler carries its own `#[utoipa::path]` (method, path, parameters, body, responses);
//! the wire types derive `ToSchema` in `marquee-api`. This module gathers them, adds what every
//! operation shares (the error envelope on 429/500/503, 401 on authenticated routes, the bearer
//! scheme) and serves the result. `server/tests/it/openapi.rs` reads the route filters in
//! `src/routes/` and fails when one of them is missing from the document, or the document names a
//! route the server does not have.

use std::sync::OnceLock;

use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, RefOr};
use utoipa::{IntoParams, Modify, OpenApi};

use crate::handlers::{
    activity, admin, analytics, auth, catalogue, me, ops, people, profiles, recommend, search,
    sports, trailers,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Marquee API",
        description = "Movies, profiles, recommendations and search for terminal clients. \
            Conventions: ../shared/API.md. Errors are always \
            `{\"error\": {\"code\", \"message\", \"details\"}}`; lists are \
            `{\"data\": [...], \"pagination\": {...}}`."
    ),
    paths(
        ops::healthz,
        ops::readyz,
        ops::openapi_json,
        ops::docs,
        auth::register,
        auth::login,
        auth::refresh,
        auth::logout,
        auth::verify_email,
        auth::password_reset,
        auth::password_reset_confirm,
        auth::totp_setup,
        auth::totp_enable,
        auth::totp_disable,
        me::me,
        me::sessions,
        me::end_session,
        me::change_password,
        profiles::list,
        profiles::create,
        profiles::update,
        profiles::delete,
        profiles::preferences,
        profiles::put_preferences,
        catalogue::list_movies,
        catalogue::movie,
        catalogue::genres,
        catalogue::languages,
        catalogue::countries,
        catalogue::trending,
        catalogue::new_releases,
        people::person,
        people::filmography,
        people::similar,
        activity::watchlist,
        activity::watchlist_add,
        activity::watchlist_remove,
        activity::ratings,
        activity::rate,
        activity::unrate,
        activity::put_progress,
        activity::continue_watching,
        activity::remove_continue_watching,
        activity::history,
        activity::movie_state,
        activity::reviews,
        activity::create_review,
        activity::update_review,
        activity::delete_review,
        recommend::for_you,
        recommend::not_interested,
        recommend::undo_not_interested,
        recommend::similar,
        search::search,
        search::suggest,
        search::history,
        search::clear_history,
        search::top_queries,
        search::zero_result_queries,
        admin::users,
        admin::user,
        admin::disable,
        admin::enable,
        admin::set_role,
        admin::end_sessions,
        admin::reset_password,
        admin::create_movie,
        admin::update_movie,
        admin::delete_movie,
        admin::create_person,
        admin::update_person,
        admin::delete_person,
        admin::create_trailer,
        admin::delete_trailer,
        admin::trailer,
        admin::update_trailer,
        admin::add_subtitle,
        admin::remove_subtitle,
        admin::jobs,
        admin::run_job,
        analytics::post_events,
        analytics::export_events,
        analytics::delete_events,
        analytics::settings,
        analytics::put_settings,
        analytics::create_experiment,
        analytics::experiments,
        analytics::experiment,
        analytics::stop_experiment,
        analytics::rollout_experiment,
        analytics::stats,
        trailers::play,
        trailers::event,
        sports::live,
        sports::live_stream,
        sports::upcoming,
        sports::highlights,
        sports::match_detail,
        sports::team,
        sports::player,
        sports::favourites,
        sports::put_favourites,
        sports::patch_match,
        sports::add_event,
        sports::add_highlight,
    ),
    modifiers(&Shared),
    tags(
        (name = "ops", description = "Liveness, readiness and this document"),
        (name = "auth", description = "Registration, tokens, email verification, password reset, 2FA"),
        (name = "account", description = "The signed-in account and its sessions"),
        (name = "profiles", description = "Several profiles per account, with preferences"),
        (name = "catalogue", description = "Movies, people, facets, trending, new releases (public, cached, ETag)"),
        (name = "profile data", description = "Watchlist, ratings, reviews, playback progress, history"),
        (name = "recommendations", description = "For You rows and similar movies"),
        (name = "search", description = "Full-text search, autocomplete, search history"),
        (name = "trailers", description = "Signed, expiring, session-bound stream URLs and playback events"),
        (name = "sports", description = "Live and upcoming matches in the caller's time zone, profiles, highlights, the live SSE stream, admin updates"),
        (name = "analytics", description = "A profile's event batches (impressions, clicks, plays), one's own events (export, delete) and the analytics opt-out"),
        (name = "admin", description = "Role `admin` only: 403 for everyone else"),
    )
)]
struct ApiDoc;

/// Every path template of the document (`/api/v1/movies/{id}`), for the metrics' route labels.
pub fn paths() -> impl Iterator<Item = String> {
    ApiDoc::openapi().paths.paths.into_keys()
}

/// The document as JSON, built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise the document: {e}\"}}"))
    })
}

/// The `/docs` page: Scalar's API reference viewer with the document inlined (its script comes
/// from jsDelivr; the document itself is served by us).
pub fn docs_html() -> &'static str {
    static HTML: OnceLock<String> = OnceLock::new();
    HTML.get_or_init(|| utoipa_scalar::Scalar::new(ApiDoc::openapi()).to_html())
}

/// The `Content-Security-Policy` of `/docs`: the viewer's script comes from jsDelivr.
pub const DOCS_CSP: &str = "default-src 'none'; script-src https://cdn.jsdelivr.net; \
    style-src 'unsafe-inline' https:; font-src https: data:; img-src 'self' data: https:; \
    connect-src 'self'; frame-ancestors 'none'";

/// What every operation shares, added once instead of on ~60 annotations.
struct Shared;

impl Modify for Shared {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The access token from /auth/login or /auth/refresh (15 minutes). \
                         Never accepted in a query string.",
                    ))
                    .build(),
            ),
        );
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_shared_responses(operation);
            }
        }
    }
}

fn add_shared_responses(operation: &mut Operation) {
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    let mut shared = vec![
        (
            "429",
            "Too many requests: `rate_limited` (per address) or a per-account budget; `Retry-After` says when to retry",
        ),
        (
            "500",
            "`internal_error`: never shows internals; the `x-request-id` header finds it in the logs",
        ),
        (
            "503",
            "`database_unavailable`: the database is unreachable or the pool is exhausted; `Retry-After` set",
        ),
    ];
    if secured {
        shared.push((
            "401",
            "`unauthorized`: no, malformed, expired or revoked access token",
        ));
    }
    for (status, description) in shared {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description));
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "ErrorBody",
                )))),
            )
            .build(),
    )
}

// ---------------------------------------------------------------------------------------------
// Query parameters shared by several routes (documentation only: handlers validate the raw query
// string whole, so an unknown parameter is a 400 that lists the accepted ones).

/// `?page=&per_page=` on every list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageParams {
    /// 1-based page number (default 1).
    #[param(minimum = 1)]
    page: Option<u32>,
    /// Items per page (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

/// The movie filters of `/movies` and the facet routes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MovieFilterParams {
    /// Genre slug (`drama`); repeat or comma-separate for several.
    genre: Option<String>,
    /// With several genres: `all` (default) or `any`.
    genre_match: Option<String>,
    /// Original language code (`en`).
    language: Option<String>,
    /// ISO country code (`US`).
    country: Option<String>,
    /// Earliest release year, inclusive.
    year_from: Option<i32>,
    /// Latest release year, inclusive.
    year_to: Option<i32>,
    /// Minimum average rating in stars (0.5–5).
    min_rating: Option<f64>,
}
