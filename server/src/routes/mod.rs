//! Filters only: path, method, extraction. Every route ends in `.map(respond)` so handlers'
//! failures are replies; only unmatched routes and malformed requests reach `recover`.
//!
//! Put the path before the method in each route: warp reports the "most specific" rejection, and
//! a method filter first would turn every unknown path into a 405.

use warp::filters::BoxedFilter;
use warp::reply::Response;
use warp::{Filter, Reply};

use crate::error::{recover, respond};
use crate::handlers;
use crate::state::{AppState, with_state};

/// Every route of the API, with rejections translated into the JSON error envelope.
pub fn api(state: AppState) -> BoxedFilter<(Response,)> {
    routes(state).recover(recover).map(Reply::into_response).boxed()
}

/// The routes without the final `recover`, so tests and later modules can `.or()` more onto them.
pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    ops(state).boxed()
}

fn ops(state: AppState) -> BoxedFilter<(Response,)> {
    let healthz = warp::path!("healthz").and(warp::get()).then(handlers::ops::healthz).map(respond);
    let readyz = warp::path!("readyz")
        .and(warp::get())
        .and(with_state(state))
        .then(handlers::ops::readyz)
        .map(respond);
    healthz.or(readyz).unify().boxed()
}

/// A JSON body no larger than the configured limit (413 above it, 411 without a length).
pub fn json_body<T: serde::de::DeserializeOwned + Send>(
    limit: u64,
) -> impl Filter<Extract = (T,), Error = warp::Rejection> + Clone {
    warp::body::content_length_limit(limit).and(warp::body::json())
}
