//! Trailer filters: `POST /api/v1/trailers/{id}/play`, `POST /api/v1/trailers/{id}/events`, and
//! `/media/{token}/{path}` when a local media directory is configured.

use std::convert::Infallible;
use std::path::PathBuf;

use warp::filters::BoxedFilter;
use warp::reply::Response;
use warp::{Filter, Rejection, Reply};

use super::{json_body, principal};
use crate::error::{ApiError, respond};
use crate::handlers::trailers as h;
use crate::state::{AppState, with_state};

/// The query string, empty when there is none (warp's `raw()` rejects that case).
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let play = warp::path!("api" / "v1" / "trailers" / i64 / "play")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(raw_query())
        .then(|id, state, p, raw| h::play(state, p, id, raw))
        .map(respond);
    let events = warp::path!("api" / "v1" / "trailers" / i64 / "events")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, p, body| h::event(state, p, id, body))
        .map(respond);
    let api = play.or(events).unify();
    match state.config().media.dir.clone() {
        Some(dir) => api.or(media(state, dir)).unify().boxed(),
        None => api.boxed(),
    }
}

/// A refused media request, carried past `warp::fs::dir` (which must not run) to [`refused`].
#[derive(Debug)]
struct MediaRefused(ApiError);

impl warp::reject::Reject for MediaRefused {}

/// `GET|HEAD /media/{token}/{path}`: the handler's checks first, then warp's file serving
/// (Range, If-Range, conditional GETs, content types). A refusal has to stop the filter chain,
/// so it travels as a rejection and is turned back into its reply right here.
fn media(state: AppState, dir: PathBuf) -> BoxedFilter<(Response,)> {
    warp::path("media")
        .and(warp::path::param::<String>())
        .and(warp::path::peek())
        .and(with_state(state))
        .and(
            warp::header::optional::<String>(http::header::AUTHORIZATION.as_str())
                .or(warp::any().map(|| None))
                .unify(),
        )
        .and_then(
            |token: String, rest: warp::path::Peek, state: AppState, auth: Option<String>| async move {
                h::media_access(&state, auth.as_deref(), &token, rest.as_str())
                    .await
                    .map_err(|e| warp::reject::custom(MediaRefused(e)))
            },
        )
        .untuple_one()
        .and(warp::fs::dir(dir))
        .map(Reply::into_response)
        .recover(refused)
        .unify()
        .boxed()
}

async fn refused(rejection: Rejection) -> Result<Response, Rejection> {
    match rejection.find::<MediaRefused>() {
        Some(MediaRefused(err)) => Ok(warp::reply::with_status(
            warp::reply::json(&err.body()),
            err.status,
        )
        .into_response()),
        None => Err(rejection),
    }
}
