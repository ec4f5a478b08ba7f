//! Search filters: `/api/v1/search`, `/search/suggest`, `/profiles/{pid}/search-history` and
//! `/admin/search/*`. Handlers validate the raw query string whole.

use std::convert::Infallible;

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::principal;
use crate::error::respond;
use crate::handlers::search as h;
use crate::state::{AppState, with_state};

/// The query string, empty when there is none (warp's `raw()` rejects that case).
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let search = warp::path!("api" / "v1" / "search")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(raw_query())
        .then(h::search)
        .map(respond);
    let suggest = warp::path!("api" / "v1" / "search" / "suggest")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .then(h::suggest)
        .map(respond);
    let history = warp::path!("api" / "v1" / "profiles" / i64 / "search-history")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(raw_query())
        .then(|id, state, principal, raw| h::history(state, principal, id, raw))
        .map(respond);
    let clear = warp::path!("api" / "v1" / "profiles" / i64 / "search-history")
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::clear_history(state, principal, id))
        .map(respond);
    let top = warp::path!("api" / "v1" / "admin" / "search" / "top-queries")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(raw_query())
        .then(h::top_queries)
        .map(respond);
    let zero = warp::path!("api" / "v1" / "admin" / "search" / "zero-results")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state))
        .and(raw_query())
        .then(h::zero_result_queries)
        .map(respond);
    search
        .or(suggest)
        .unify()
        .or(history)
        .unify()
        .or(clear)
        .unify()
        .or(top)
        .unify()
        .or(zero)
        .unify()
        .boxed()
}
