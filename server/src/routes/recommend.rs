//! Recommendation filters: `/api/v1/profiles/{pid}/for-you`,
//! `/api/v1/profiles/{pid}/not-interested/{movie_id}` and `/api/v1/movies/{id}/similar`.

use std::convert::Infallible;

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::principal;
use crate::error::respond;
use crate::handlers::recommend as h;
use crate::state::{AppState, with_state};

/// The query string, empty when there is none.
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let for_you = warp::path!("api" / "v1" / "profiles" / i64 / "for-you")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|pid, state, principal| h::for_you(state, principal, pid))
        .map(respond);
    let not_interested = warp::path!("api" / "v1" / "profiles" / i64 / "not-interested" / i64)
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|pid, movie, state, principal| h::not_interested(state, principal, pid, movie))
        .map(respond);
    let undo = warp::path!("api" / "v1" / "profiles" / i64 / "not-interested" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|pid, movie, state, principal| h::undo_not_interested(state, principal, pid, movie))
        .map(respond);
    let similar = warp::path!("api" / "v1" / "movies" / i64 / "similar")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(principal(state))
        .then(|id, state, raw, principal| h::similar(state, id, raw, principal))
        .map(respond);
    for_you
        .or(not_interested)
        .unify()
        .or(undo)
        .unify()
        .or(similar)
        .unify()
        .boxed()
}
