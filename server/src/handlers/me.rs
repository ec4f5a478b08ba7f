//! `/api/v1/me*`: the caller's account, sessions and password.

use http::StatusCode;
use marquee_api::account::{ChangePasswordRequest, Me, Session};
use marquee_db::queries::audit::{self, Event};
use marquee_db::queries::{sessions, totp, users};
use warp::Reply;

use crate::auth::{self, Principal, password};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    summary = "The signed-in account",
    responses(
        (status = 200, description = "The account", body = marquee_api::account::Me),
    ),
    security(("bearer" = [])),
)]
pub async fn me(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    let (user, totp_enabled) = state
        .db(move |conn| {
            Ok((
                users::find(conn, me.user_id)?,
                totp::is_enabled(conn, me.user_id)?,
            ))
        })
        .await?;
    Ok(warp::reply::json(&Me {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        email_verified: user.email_verified_at.is_some(),
        totp_enabled,
        created_at: user.created_at.and_utc(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/sessions",
    tag = "account",
    summary = "The account's live sessions (devices)",
    responses(
        (status = 200, description = "Sessions, newest first", body = Vec<marquee_api::account::Session>),
    ),
    security(("bearer" = [])),
)]
pub async fn sessions(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    let rows = state
        .db(move |conn| Ok(sessions::list_live(conn, me.user_id)?))
        .await?;
    let list: Vec<Session> = rows
        .into_iter()
        .map(|s| Session {
            id: s.id,
            current: s.id == me.session_id,
            user_agent: s.user_agent,
            ip: s.ip,
            created_at: s.created_at.and_utc(),
            last_used_at: s.last_used_at.and_utc(),
            expires_at: s.expires_at.and_utc(),
        })
        .collect();
    Ok(warp::reply::json(&list))
}

/// Ends one of the caller's sessions (any other account's id is a 404).
#[utoipa::path(
    delete,
    path = "/api/v1/me/sessions/{id}",
    tag = "account",
    summary = "End one session: its tokens stop working at once",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "`not_found`: no such session", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn end_session(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .db(move |conn| {
            let owned = sessions::list_live(conn, me.user_id)?
                .into_iter()
                .any(|s| s.id == id);
            if !owned {
                return Err(ApiError::not_found("session"));
            }
            sessions::revoke(conn, id, "user")?;
            audit::record(
                conn,
                &Event {
                    actor_user_id: Some(me.user_id),
                    action: "auth.session_ended",
                    target_kind: Some("session"),
                    target_id: Some(id),
                    ..Event::default()
                },
            )?;
            Ok(())
        })
        .await?;
    crate::auth::revoked(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the password with the current one; every other session ends.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "account",
    summary = "Change the password (current one required); ends the other sessions",
    request_body = marquee_api::account::ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong current password", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn change_password(
    state: AppState,
    principal: ApiResult<Principal>,
    body: ChangePasswordRequest,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let user = state
        .db(move |conn| Ok(users::find(conn, me.user_id)?))
        .await?;
    if let Some(rule) = password::check_policy(&body.new_password, &user.email) {
        return Err(ApiError::validation([("new_password".to_owned(), rule)]));
    }
    if !auth::verify_password(&state, body.current_password, Some(user.password_hash)).await? {
        return Err(ApiError::validation([(
            "current_password".to_owned(),
            "is not this account's password".to_owned(),
        )]));
    }
    let hash = auth::hash_password(&state, body.new_password).await?;
    state
        .write(move |conn| {
            users::set_password(conn, me.user_id, &hash)?;
            sessions::revoke_all_for_user(
                conn,
                me.user_id,
                Some(me.session_id),
                "password_change",
            )?;
            audit::record(
                conn,
                &Event {
                    actor_user_id: Some(me.user_id),
                    action: "auth.password_changed",
                    target_kind: Some("user"),
                    target_id: Some(me.user_id),
                    ..Event::default()
                },
            )?;
            Ok(())
        })
        .await?;
    crate::auth::revoked(&state).await;
    Ok(StatusCode::NO_CONTENT)
}
