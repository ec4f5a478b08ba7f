//! `/api/v1/admin/*` filters (`users`, `users/{user}…`, `movies[/{id}]`, `people[/{id}]`, `trailers[/{id}[/subtitles[/{subtitle}]]]`, `jobs`, `jobs/{name}/run`). Each handler
//! checks the admin role itself (403 for others).

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::admin as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let users = warp::path!("api" / "v1" / "admin" / "users")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(warp::query::<h::PageQuery>())
        .then(h::users)
        .map(respond);
    let user = warp::path!("api" / "v1" / "admin" / "users" / String)
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|key, state, principal| h::user(state, principal, key))
        .map(respond);
    let disable = warp::path!("api" / "v1" / "admin" / "users" / String / "disable")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|key, state, principal| h::disable(state, principal, key))
        .map(respond);
    let enable = warp::path!("api" / "v1" / "admin" / "users" / String / "enable")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|key, state, principal| h::enable(state, principal, key))
        .map(respond);
    let role = warp::path!("api" / "v1" / "admin" / "users" / String / "role")
        .and(warp::put())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|key, state, principal, body| h::set_role(state, principal, key, body))
        .map(respond);
    let end_sessions = warp::path!("api" / "v1" / "admin" / "users" / String / "end-sessions")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|key, state, principal| h::end_sessions(state, principal, key))
        .map(respond);
    let reset_password = warp::path!("api" / "v1" / "admin" / "users" / String / "reset-password")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|key, state, principal, body| h::reset_password(state, principal, key, body))
        .map(respond);
    let create_movie = warp::path!("api" / "v1" / "admin" / "movies")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::create_movie)
        .map(respond);
    let update_movie = warp::path!("api" / "v1" / "admin" / "movies" / i64)
        .and(warp::patch())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::update_movie(state, principal, id, body))
        .map(respond);
    let delete_movie = warp::path!("api" / "v1" / "admin" / "movies" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::delete_movie(state, principal, id))
        .map(respond);
    let create_person = warp::path!("api" / "v1" / "admin" / "people")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::create_person)
        .map(respond);
    let update_person = warp::path!("api" / "v1" / "admin" / "people" / i64)
        .and(warp::patch())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::update_person(state, principal, id, body))
        .map(respond);
    let delete_person = warp::path!("api" / "v1" / "admin" / "people" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::delete_person(state, principal, id))
        .map(respond);
    let create_trailer = warp::path!("api" / "v1" / "admin" / "trailers")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::create_trailer)
        .map(respond);
    let delete_trailer = warp::path!("api" / "v1" / "admin" / "trailers" / i64)
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::delete_trailer(state, principal, id))
        .map(respond);
    let trailer = warp::path!("api" / "v1" / "admin" / "trailers" / i64)
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::trailer(state, principal, id))
        .map(respond);
    let update_trailer = warp::path!("api" / "v1" / "admin" / "trailers" / i64)
        .and(warp::patch())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::update_trailer(state, principal, id, body))
        .map(respond);
    let add_subtitle = warp::path!("api" / "v1" / "admin" / "trailers" / i64 / "subtitles")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::add_subtitle(state, principal, id, body))
        .map(respond);
    let remove_subtitle =
        warp::path!("api" / "v1" / "admin" / "trailers" / i64 / "subtitles" / i64)
            .and(warp::delete())
            .and(with_state(state.clone()))
            .and(principal(state.clone()))
            .then(|id, subtitle, state, principal| {
                h::remove_subtitle(state, principal, id, subtitle)
            })
            .map(respond);
    // Boxed as a group: one long `.or()` chain makes the type checker's work grow much faster
    // than the chain.
    let trailers = create_trailer
        .or(delete_trailer)
        .unify()
        .or(trailer)
        .unify()
        .or(update_trailer)
        .unify()
        .or(add_subtitle)
        .unify()
        .or(remove_subtitle)
        .unify()
        .boxed();
    let jobs = warp::path!("api" / "v1" / "admin" / "jobs")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::jobs)
        .map(respond);
    let run_job = warp::path!("api" / "v1" / "admin" / "jobs" / String / "run")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state))
        .then(|name, state, principal| h::run_job(state, principal, name))
        .map(respond);
    let accounts = users
        .or(user)
        .unify()
        .or(disable)
        .unify()
        .or(enable)
        .unify()
        .or(role)
        .unify()
        .or(end_sessions)
        .unify()
        .or(reset_password)
        .unify()
        .boxed();
    let content = create_movie
        .or(update_movie)
        .unify()
        .or(delete_movie)
        .unify()
        .or(create_person)
        .unify()
        .or(update_person)
        .unify()
        .or(delete_person)
        .unify()
        .boxed();
    accounts
        .or(content)
        .unify()
        .or(trailers)
        .unify()
        .or(jobs)
        .unify()
        .or(run_job)
        .unify()
        .boxed()
}
