//! `/api/v1/profiles*` filters.

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::profiles as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let list = warp::path!("api" / "v1" / "profiles")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::list)
        .map(respond);
    let create = warp::path!("api" / "v1" / "profiles")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::create)
        .map(respond);
    let update = warp::path!("api" / "v1" / "profiles" / i64)
        .and(warp::patch())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::update(state, principal, id, body))
        .map(respond);
    let delete = warp::path!("api" / "v1" / "profiles" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::delete(state, principal, id))
        .map(respond);
    let get_prefs = warp::path!("api" / "v1" / "profiles" / i64 / "preferences")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::preferences(state, principal, id))
        .map(respond);
    let put_prefs = warp::path!("api" / "v1" / "profiles" / i64 / "preferences")
        .and(warp::put())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::put_preferences(state, principal, id, body))
        .map(respond);
    list.or(create)
        .unify()
        .or(update)
        .unify()
        .or(delete)
        .unify()
        .or(get_prefs)
        .unify()
        .or(put_prefs)
        .unify()
        .boxed()
}
