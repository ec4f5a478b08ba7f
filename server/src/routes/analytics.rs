//! Analytics filters: `/api/v1/profiles/{pid}/events`, `/api/v1/me/events`,
//! `/api/v1/me/analytics`, `/api/v1/admin/experiments*` and `/api/v1/admin/stats`.

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::{json_body, principal};
use crate::error::respond;
use crate::handlers::analytics as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let post_events = warp::path!("api" / "v1" / "profiles" / i64 / "events")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|pid, state, principal, body| h::post_events(state, principal, pid, body))
        .map(respond);
    let export = warp::path!("api" / "v1" / "me" / "events")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(warp::query::<h::ExportQuery>())
        .then(h::export_events)
        .map(respond);
    let delete = warp::path!("api" / "v1" / "me" / "events")
        .and(warp::delete())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::delete_events)
        .map(respond);
    let settings = warp::path!("api" / "v1" / "me" / "analytics")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::settings)
        .map(respond);
    let put_settings = warp::path!("api" / "v1" / "me" / "analytics")
        .and(warp::put())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::put_settings)
        .map(respond);
    let create = warp::path!("api" / "v1" / "admin" / "experiments")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::create_experiment)
        .map(respond);
    let list = warp::path!("api" / "v1" / "admin" / "experiments")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::experiments)
        .map(respond);
    let show = warp::path!("api" / "v1" / "admin" / "experiments" / String)
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::experiment(state, principal, id))
        .map(respond);
    let stop = warp::path!("api" / "v1" / "admin" / "experiments" / String / "stop")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(|id, state, principal| h::stop_experiment(state, principal, id))
        .map(respond);
    let rollout = warp::path!("api" / "v1" / "admin" / "experiments" / String / "rollout")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(|id, state, principal, body| h::rollout_experiment(state, principal, id, body))
        .map(respond);
    let stats = warp::path!("api" / "v1" / "admin" / "stats")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state))
        .and(warp::query::<h::StatsQuery>())
        .then(h::stats)
        .map(respond);
    post_events
        .or(export)
        .unify()
        .or(delete)
        .unify()
        .or(settings)
        .unify()
        .or(put_settings)
        .unify()
        .or(create)
        .unify()
        .or(list)
        .unify()
        .or(show)
        .unify()
        .or(stop)
        .unify()
        .or(rollout)
        .unify()
        .or(stats)
        .unify()
        .boxed()
}
