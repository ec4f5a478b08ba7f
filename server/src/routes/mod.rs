//! Filters only: path, method, extraction. Every route ends in `.map(respond)` so handlers'
//! failures are replies; only unmatched routes and malformed requests reach `recover`.
//!
//! Put the path before the method in each route: warp reports the "most specific" rejection, and
//! a method filter first would turn every unknown path into a 405.

mod activity;
mod admin;
mod analytics;
mod auth;
mod catalogue;
mod me;
mod profiles;
mod recommend;
mod search;
mod sports;
mod trailers;

use std::convert::Infallible;

use http::HeaderValue;
use http::header;
use warp::filters::BoxedFilter;
use warp::reply::Response;
use warp::{Filter, Reply};

use crate::auth::Principal;
use crate::error::{ApiResult, RateLimited, recover, respond};
use crate::handlers;
use crate::http::ClientAddr;
use crate::state::{AppState, with_state};

/// Every route of the API, with rejections translated into the JSON error envelope, the
/// per-address budget charged first, CORS for the configured origins only, and security headers
/// on every response (errors included).
pub fn api(state: AppState) -> BoxedFilter<(Response,)> {
    let hsts = state.config().hsts;
    let origins = state.config().cors_origins.clone();
    let routes = address_budget(state.clone()).and(routes(state));
    let routes = if origins.is_empty() {
        // No Access-Control-* headers at all: browsers refuse cross-origin calls.
        routes.boxed()
    } else {
        let cors = warp::cors()
            .allow_origins(origins.iter().map(String::as_str))
            .allow_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
            .allow_headers(["authorization", "content-type", "x-request-id"])
            .max_age(600);
        routes.with(cors).map(Reply::into_response).boxed()
    };
    routes
        .recover(recover)
        .unify()
        .map(move |reply: Response| security_headers(reply, hsts))
        .boxed()
}

/// The routes without the final `recover`, so tests and later modules can `.or()` more onto them.
///
/// Each module's routes sit behind [`group`], which looks at the segment after `/api/v1/` once:
/// warp tries `or` branches one by one, and walking all ~70 routes was most of the CPU a cached
/// catalogue read cost (BENCHMARKS.md, issue 5). The hot catalogue reads come first.
pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    const CATALOGUE: &[&str] = &[
        "movies",
        "people",
        "genres",
        "languages",
        "countries",
        "trending",
        "new-releases",
    ];
    ops(state.clone())
        .or(group(CATALOGUE, catalogue::routes(state.clone())))
        .unify()
        .or(group(
            &["movies", "profiles"],
            activity::routes(state.clone()),
        ))
        .unify()
        .or(group(
            &["movies", "profiles"],
            recommend::routes(state.clone()),
        ))
        .unify()
        .or(group(
            &["search", "profiles", "admin"],
            search::routes(state.clone()),
        ))
        .unify()
        .or(group(&["auth"], auth::routes(state.clone())))
        .unify()
        .or(group(&["me"], me::routes(state.clone())))
        .unify()
        .or(group(&["profiles"], profiles::routes(state.clone())))
        .unify()
        .or(group(
            &["sports", "profiles", "admin"],
            sports::routes(state.clone()),
        ))
        .unify()
        // `/media/…` as well as `/api/v1/trailers/…`: not behind a group.
        .or(trailers::routes(state.clone()))
        .unify()
        .or(group(&["admin"], admin::routes(state.clone())))
        .unify()
        .or(group(
            &["profiles", "me", "admin"],
            analytics::routes(state),
        ))
        .unify()
        .boxed()
}

/// `routes`, tried only for `/api/v1/<head>/…` requests whose `<head>` is one of `heads` (a
/// 404 rejection otherwise, the same a path mismatch inside would give). Every head a module's
/// `warp::path!`s start with must be listed, or those routes become unreachable: the OpenAPI
/// test calls every documented operation and would fail.
fn group(
    heads: &'static [&'static str],
    routes: BoxedFilter<(Response,)>,
) -> BoxedFilter<(Response,)> {
    warp::path::full()
        .and_then(move |path: warp::path::FullPath| {
            let head = path
                .as_str()
                .strip_prefix("/api/v1/")
                .and_then(|rest| rest.split('/').next());
            let pass = head.is_some_and(|head| heads.contains(&head));
            async move {
                if pass {
                    Ok(())
                } else {
                    Err(warp::reject::not_found())
                }
            }
        })
        .untuple_one()
        .and(routes)
        .boxed()
}

/// Headers every response carries. API responses are per-user data: `no-store` unless a
/// handler chose a cache policy (public catalogue GETs).
fn security_headers(mut response: Response, hsts: bool) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Charges the client address's general budget on `/api/` requests; a 429 (via `recover`)
/// when it is spent. Health checks are never limited.
fn address_budget(state: AppState) -> impl Filter<Extract = (), Error = warp::Rejection> + Clone {
    warp::path::full()
        .and(client_addr())
        .and_then(
            move |path: warp::path::FullPath, addr: Option<ClientAddr>| {
                let state = state.clone();
                async move {
                    if path.as_str().starts_with("/api/")
                        && let Err(wait) = crate::auth::check_address(&state, addr)
                    {
                        return Err(warp::reject::custom(RateLimited(wait)));
                    }
                    Ok(())
                }
            },
        )
        .untuple_one()
}

/// The caller established from `Authorization: Bearer …` (never from the query string). Never
/// rejects: the handler gets the 401/429 as a value and returns it with `?`.
pub fn principal(
    state: AppState,
) -> impl Filter<Extract = (ApiResult<Principal>,), Error = Infallible> + Clone {
    warp::header::optional::<String>(header::AUTHORIZATION.as_str())
        .or(warp::any().map(|| None))
        .unify()
        .then(move |authorization: Option<String>| {
            let state = state.clone();
            async move { crate::auth::authenticate(&state, authorization.as_deref()).await }
        })
}

pub fn client_addr() -> impl Filter<Extract = (Option<ClientAddr>,), Error = Infallible> + Clone {
    warp::ext::optional::<ClientAddr>()
}

pub fn user_agent() -> impl Filter<Extract = (Option<String>,), Error = Infallible> + Clone {
    warp::header::optional::<String>(header::USER_AGENT.as_str())
        .or(warp::any().map(|| None))
        .unify()
}

fn ops(state: AppState) -> BoxedFilter<(Response,)> {
    let healthz = warp::path!("healthz")
        .and(warp::get())
        .then(handlers::ops::healthz)
        .map(respond);
    let readyz = warp::path!("readyz")
        .and(warp::get())
        .and(with_state(state))
        .then(handlers::ops::readyz)
        .map(respond);
    let openapi = warp::path!("api" / "openapi.json")
        .and(warp::get())
        .then(handlers::ops::openapi_json)
        .map(respond);
    let docs = warp::path!("docs")
        .and(warp::get())
        .then(handlers::ops::docs)
        .map(respond);
    healthz
        .or(readyz)
        .unify()
        .or(openapi)
        .unify()
        .or(docs)
        .unify()
        .boxed()
}

/// A JSON body no larger than the configured limit (413 above it, 411 without a length).
pub fn json_body<T: serde::de::DeserializeOwned + Send>(
    limit: u64,
) -> impl Filter<Extract = (T,), Error = warp::Rejection> + Clone {
    warp::body::content_length_limit(limit).and(warp::body::json())
}
