//! `/api/v1/admin/*` filters (`users`, `jobs`). Each handler checks the admin role itself (403 for others).

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::principal;
use crate::error::respond;
use crate::handlers::admin as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let users = warp::path!("api" / "v1" / "admin" / "users")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(warp::query::<h::PageQuery>())
        .then(h::users)
        .map(respond);
    let jobs = warp::path!("api" / "v1" / "admin" / "jobs")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state))
        .then(h::jobs)
        .map(respond);
    users.or(jobs).unify().boxed()
}
