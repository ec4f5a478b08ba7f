//! Sports filters: public reads under `/api/v1/sports/…` (a bearer token only matters with
//! `profile_id`), the SSE stream, a profile's favourites, and the admin updates.

use std::convert::Infallible;

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::sports as h;
use crate::state::{AppState, with_state};

/// The query string, empty when there is none (warp's `raw()` rejects that case).
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

fn last_event_id() -> impl Filter<Extract = (Option<String>,), Error = Infallible> + Clone {
    warp::header::optional::<String>("last-event-id")
        .or(warp::any().map(|| None))
        .unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let s = || with_state(state.clone()).and(principal(state.clone()));

    let live = warp::path!("api" / "v1" / "sports" / "live")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(h::live)
        .map(respond)
        .boxed();
    let stream = warp::path!("api" / "v1" / "sports" / "live" / "stream")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(last_event_id())
        .then(h::live_stream)
        .map(respond)
        .boxed();
    let upcoming = warp::path!("api" / "v1" / "sports" / "upcoming")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(h::upcoming)
        .map(respond)
        .boxed();
    let highlights = warp::path!("api" / "v1" / "sports" / "highlights")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .then(h::highlights)
        .map(respond)
        .boxed();
    let match_detail = warp::path!("api" / "v1" / "sports" / "matches" / i64)
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|id, state, p, raw| h::match_detail(state, p, id, raw))
        .map(respond)
        .boxed();
    let team = warp::path!("api" / "v1" / "sports" / "teams" / i64)
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|id, state, p, raw| h::team(state, p, id, raw))
        .map(respond)
        .boxed();
    let player = warp::path!("api" / "v1" / "sports" / "players" / i64)
        .and(warp::get())
        .and(with_state(state.clone()))
        .then(|id, state| h::player(state, id))
        .map(respond)
        .boxed();
    let favourites = warp::path!("api" / "v1" / "profiles" / i64 / "sports" / "favourites")
        .and(warp::get())
        .and(s())
        .then(|pid, state, p| h::favourites(state, p, pid))
        .map(respond)
        .boxed();
    let put_favourites = warp::path!("api" / "v1" / "profiles" / i64 / "sports" / "favourites")
        .and(warp::put())
        .and(s())
        .and(json_body(limit))
        .then(|pid, state, p, body| h::put_favourites(state, p, pid, body))
        .map(respond)
        .boxed();
    let patch_match = warp::path!("api" / "v1" / "admin" / "sports" / "matches" / i64)
        .and(warp::patch())
        .and(s())
        .and(json_body(limit))
        .then(|id, state, p, body| h::patch_match(state, p, id, body))
        .map(respond)
        .boxed();
    let add_event = warp::path!("api" / "v1" / "admin" / "sports" / "matches" / i64 / "events")
        .and(warp::post())
        .and(s())
        .and(json_body(limit))
        .then(|id, state, p, body| h::add_event(state, p, id, body))
        .map(respond)
        .boxed();
    let add_highlight =
        warp::path!("api" / "v1" / "admin" / "sports" / "matches" / i64 / "highlights")
            .and(warp::post())
            .and(s())
            .and(json_body(limit))
            .then(|id, state, p, body| h::add_highlight(state, p, id, body))
            .map(respond)
            .boxed();
    live.or(stream)
        .unify()
        .or(upcoming)
        .unify()
        .or(highlights)
        .unify()
        .or(match_detail)
        .unify()
        .or(team)
        .unify()
        .or(player)
        .unify()
        .or(favourites)
        .unify()
        .or(put_favourites)
        .unify()
        .or(patch_match)
        .unify()
        .or(add_event)
        .unify()
        .or(add_highlight)
        .unify()
        .boxed()
}
