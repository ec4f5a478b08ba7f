//! Profile data filters: `/api/v1/profiles/{pid}/{watchlist,ratings,progress,continue-watching,
//! history}` and `/api/v1/movies/{id}/reviews`.

use std::convert::Infallible;

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::activity as h;
use crate::state::{AppState, with_state};

/// The query string, empty when there is none (warp's `raw()` rejects that case).
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

fn if_none_match() -> impl Filter<Extract = (Option<String>,), Error = Infallible> + Clone {
    warp::header::optional::<String>("if-none-match")
        .or(warp::any().map(|| None))
        .unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let s = || with_state(state.clone()).and(principal(state.clone()));

    let watchlist = warp::path!("api" / "v1" / "profiles" / i64 / "watchlist")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|pid, state, p, raw| h::watchlist(state, p, pid, raw))
        .map(respond)
        .boxed();
    let watchlist_add = warp::path!("api" / "v1" / "profiles" / i64 / "watchlist")
        .and(warp::post())
        .and(s())
        .and(json_body(limit))
        .then(|pid, state, p, body| h::watchlist_add(state, p, pid, body))
        .map(respond)
        .boxed();
    let watchlist_remove = warp::path!("api" / "v1" / "profiles" / i64 / "watchlist" / i64)
        .and(warp::delete())
        .and(s())
        .then(|pid, mid, state, p| h::watchlist_remove(state, p, pid, mid))
        .map(respond)
        .boxed();

    let ratings = warp::path!("api" / "v1" / "profiles" / i64 / "ratings")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|pid, state, p, raw| h::ratings(state, p, pid, raw))
        .map(respond)
        .boxed();
    let rate = warp::path!("api" / "v1" / "profiles" / i64 / "ratings" / i64)
        .and(warp::put())
        .and(s())
        .and(json_body(limit))
        .then(|pid, mid, state, p, body| h::rate(state, p, pid, mid, body))
        .map(respond)
        .boxed();
    let unrate = warp::path!("api" / "v1" / "profiles" / i64 / "ratings" / i64)
        .and(warp::delete())
        .and(s())
        .then(|pid, mid, state, p| h::unrate(state, p, pid, mid))
        .map(respond)
        .boxed();

    let progress = warp::path!("api" / "v1" / "profiles" / i64 / "progress" / i64)
        .and(warp::put())
        .and(s())
        .and(json_body(limit))
        .then(|pid, mid, state, p, body| h::put_progress(state, p, pid, mid, body))
        .map(respond)
        .boxed();
    let continue_watching = warp::path!("api" / "v1" / "profiles" / i64 / "continue-watching")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|pid, state, p, raw| h::continue_watching(state, p, pid, raw))
        .map(respond)
        .boxed();
    let continue_remove = warp::path!("api" / "v1" / "profiles" / i64 / "continue-watching" / i64)
        .and(warp::delete())
        .and(s())
        .then(|pid, mid, state, p| h::remove_continue_watching(state, p, pid, mid))
        .map(respond)
        .boxed();
    let history = warp::path!("api" / "v1" / "profiles" / i64 / "history")
        .and(warp::get())
        .and(s())
        .and(raw_query())
        .then(|pid, state, p, raw| h::history(state, p, pid, raw))
        .map(respond)
        .boxed();

    let movie_state = warp::path!("api" / "v1" / "profiles" / i64 / "movies" / i64 / "state")
        .and(warp::get())
        .and(s())
        .then(|pid, mid, state, p| h::movie_state(state, p, pid, mid))
        .map(respond)
        .boxed();

    let reviews = warp::path!("api" / "v1" / "movies" / i64 / "reviews")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(|mid, state, raw, inm| h::reviews(state, mid, raw, inm))
        .map(respond)
        .boxed();
    let review_create = warp::path!("api" / "v1" / "movies" / i64 / "reviews")
        .and(warp::post())
        .and(s())
        .and(json_body(limit))
        .then(|mid, state, p, body| h::create_review(state, p, mid, body))
        .map(respond)
        .boxed();
    let review_update = warp::path!("api" / "v1" / "movies" / i64 / "reviews" / i64)
        .and(warp::patch())
        .and(s())
        .and(json_body(limit))
        .then(|mid, rid, state, p, body| h::update_review(state, p, mid, rid, body))
        .map(respond)
        .boxed();
    let review_delete = warp::path!("api" / "v1" / "movies" / i64 / "reviews" / i64)
        .and(warp::delete())
        .and(s())
        .then(|mid, rid, state, p| h::delete_review(state, p, mid, rid))
        .map(respond)
        .boxed();

    watchlist
        .or(watchlist_add)
        .unify()
        .or(watchlist_remove)
        .unify()
        .or(ratings)
        .unify()
        .or(rate)
        .unify()
        .or(unrate)
        .unify()
        .or(progress)
        .unify()
        .or(continue_watching)
        .unify()
        .or(continue_remove)
        .unify()
        .or(history)
        .unify()
        .or(movie_state)
        .unify()
        .or(reviews)
        .unify()
        .or(review_create)
        .unify()
        .or(review_update)
        .unify()
        .or(review_delete)
        .unify()
        .boxed()
}
