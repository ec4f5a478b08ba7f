//! `/api/v1/admin/*` filters. Each handler checks the admin role itself (403 for others).

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::principal;
use crate::error::respond;
use crate::handlers::admin as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    warp::path!("api" / "v1" / "admin" / "users")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(principal(state))
        .and(warp::query::<h::PageQuery>())
        .then(h::users)
        .map(respond)
        .boxed()
}
