//! `/api/v1/auth/*` filters.

use warp::filters::BoxedFilter;
use warp::reply::Response;
use warp::{Filter, Reply};

use super::{client_addr, json_body, principal, user_agent};
use crate::error::respond;
use crate::handlers::auth as h;
use crate::state::{AppState, with_state};

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let limit = state.config().body_limit;
    let register = warp::path!("api" / "v1" / "auth" / "register")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(json_body(limit))
        .then(h::register)
        .map(respond);
    let login = warp::path!("api" / "v1" / "auth" / "login")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(user_agent())
        .and(json_body(limit))
        .then(h::login)
        .map(respond);
    let refresh = warp::path!("api" / "v1" / "auth" / "refresh")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(json_body(limit))
        .then(h::refresh)
        .map(respond);
    let logout = warp::path!("api" / "v1" / "auth" / "logout")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::logout)
        .map(respond);
    let verify = warp::path!("api" / "v1" / "auth" / "verify-email")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(json_body(limit))
        .then(h::verify_email)
        .map(respond);
    let reset = warp::path!("api" / "v1" / "auth" / "password-reset")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(json_body(limit))
        .then(h::password_reset)
        .map(respond);
    let reset_confirm = warp::path!("api" / "v1" / "auth" / "password-reset" / "confirm")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(client_addr())
        .and(json_body(limit))
        .then(h::password_reset_confirm)
        .map(respond);
    let totp_setup = warp::path!("api" / "v1" / "auth" / "2fa" / "setup")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .then(h::totp_setup)
        .map(respond);
    let totp_enable = warp::path!("api" / "v1" / "auth" / "2fa" / "enable")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::totp_enable)
        .map(respond);
    let totp_disable = warp::path!("api" / "v1" / "auth" / "2fa" / "disable")
        .and(warp::post())
        .and(with_state(state.clone()))
        .and(principal(state.clone()))
        .and(json_body(limit))
        .then(h::totp_disable)
        .map(respond);
    register
        .or(login)
        .unify()
        .or(refresh)
        .unify()
        .or(logout)
        .unify()
        .or(verify)
        .unify()
        .or(reset)
        .unify()
        .or(reset_confirm)
        .unify()
        .or(totp_setup)
        .unify()
        .or(totp_enable)
        .unify()
        .or(totp_disable)
        .unify()
        .map(Reply::into_response)
        .boxed()
}
