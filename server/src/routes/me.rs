//! `/api/v1/me*` filters.

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::me as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let me = warp::path!("api" / "v1" / "me")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::me)
        .map(respond);
    let sessions = warp::path!("api" / "v1" / "me" / "sessions")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::sessions)
        .map(respond);
    let end_session = warp::path!("api" / "v1" / "me" / "sessions" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::end_session(state, principal, id))
        .map(respond);
    let password = warp::path!("api" / "v1" / "me" / "password")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::change_password)
        .map(respond);
    me.or(sessions)
        .unify()
        .or(end_session)
        .unify()
        .or(password)
        .unify()
        .boxed()
}
