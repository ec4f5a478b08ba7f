//! `/api/v1/auth/*`: registration, login (with 2FA), refresh-token rotation, logout, email
//! verification, password reset, TOTP enrolment.

use chrono::NaiveDateTime;
use http::StatusCode;
use marquee_api::auth::{
    Accepted, LoginRequest, PasswordResetConfirm, PasswordResetRequest, RecoveryCodes,
    RefreshRequest, RegisterRequest, TokenPair, TotpDisableRequest, TotpEnableRequest, TotpSetup,
    VerifyEmailRequest,
};
use marquee_db::DbConn;
use marquee_db::models::User;
use marquee_db::queries::audit::{self, Event};
use marquee_db::queries::users::{self, NewUser};
use marquee_db::queries::{profiles, sessions, tokens as one_time, totp as totp_rows};
use warp::Reply;

use crate::auth::{self, Principal, mailer, password, tokens, too_many, totp};
use crate::error::{ApiError, ApiResult};
use crate::http::ClientAddr;
use crate::state::AppState;

const RECOVERY_CODES: usize = 10;

fn ip_of(addr: Option<ClientAddr>) -> Option<String> {
    addr.map(|ClientAddr(a)| a.ip().to_string())
}

fn to_std(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero())
}

fn invalid_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        "the email or password is wrong",
    )
}

fn invalid_one_time_token() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_or_expired_token",
        "this token is unknown, already used or expired; ask for a new mail",
    )
}

fn login_rate_check(state: &AppState, addr: Option<ClientAddr>) -> ApiResult<()> {
    if let Some(ClientAddr(addr)) = addr
        && let Err(wait) = state.security().limiters.login_per_addr.check(&addr.ip())
    {
        state.metrics().rate_limited(crate::metrics::Limit::Login);
        return Err(too_many(
            "rate_limited",
            "too many attempts from this address",
            wait,
        ));
    }
    Ok(())
}

fn event<'a>(action: &'a str, user_id: i64, ip: Option<&'a str>) -> Event<'a> {
    Event {
        actor_user_id: Some(user_id),
        action,
        target_kind: Some("user"),
        target_id: Some(user_id),
        ip,
        details: None,
    }
}

/// Creates a one-time token of `purpose`, stores its hash and queues the mail carrying it.
fn send_token_mail(
    conn: &mut DbConn,
    user: (i64, &str),
    purpose: &str,
    ttl: chrono::Duration,
) -> diesel::QueryResult<()> {
    let token = tokens::random_token();
    one_time::create(
        conn,
        user.0,
        purpose,
        &tokens::hash_token(&token),
        marquee_db::now() + ttl,
    )?;
    let minutes = ttl.num_minutes();
    let (subject, body) = if purpose == one_time::VERIFY_EMAIL {
        (
            "Confirm your Marquee email address",
            format!(
                "Welcome to Marquee.\n\nTo confirm this address, open marquee, press Ctrl-E on the sign-in screen and paste the token below,\nor send it to POST /api/v1/auth/verify-email.\n\nToken: {token}\n\nIt expires in {minutes} minutes. If you did not sign up, ignore this mail.\n"
            ),
        )
    } else {
        (
            "Reset your Marquee password",
            format!(
                "Someone (hopefully you) asked to reset the password of your Marquee account.\n\nTo choose a new one, open marquee, press Ctrl-R on the sign-in screen and paste the token below,\nor send it to POST /api/v1/auth/password-reset/confirm.\n\nToken: {token}\n\nIt expires in {minutes} minutes and works once. If it was not you, ignore this mail: your password is unchanged.\n"
            ),
        )
    };
    mailer::enqueue(conn, Some(user.0), user.1, subject, &body)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/register",
    tag = "auth",
    summary = "Create an account and send a verification mail",
    request_body = marquee_api::auth::RegisterRequest,
    responses(
        (status = 201, description = "Registered (the same answer whether or not the email was already taken)", body = marquee_api::auth::Accepted),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
)]
pub async fn register(
    state: AppState,
    addr: Option<ClientAddr>,
    body: RegisterRequest,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    let email = body.email.trim().to_owned();
    let name = body.name.trim().to_owned();
    let errors = auth::registration_errors(&email, &name, &body.password);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // Hash before looking the address up, so both outcomes take the same time.
    let hash = auth::hash_password(&state, body.password).await?;
    let verify_ttl = to_std(state.config().auth.verify_ttl);
    let ip = ip_of(addr);
    let normalized = users::normalize_email(&email);
    state
        .write(move |conn| {
            if let Some(existing) = users::find_by_email(conn, &normalized)? {
                // Tell the owner, not the caller: the answer below is the same either way.
                mailer::enqueue(
                    conn,
                    Some(existing.id),
                    &existing.email,
                    "Someone tried to sign up with your address",
                    "Someone tried to create a Marquee account with this address, which already has one.\n\nIf it was you, log in instead, or reset your password (in marquee: Ctrl-F on the sign-in screen).\nIf not, you can ignore this mail.\n",
                )?;
                return Ok(());
            }
            let id = users::insert(
                conn,
                &NewUser {
                    email: &email,
                    email_normalized: &normalized,
                    password_hash: &hash,
                    name: &name,
                    role: auth::ROLE_USER,
                },
            )?;
            profiles::create(conn, id, &name, false, None)?;
            send_token_mail(conn, (id, &email), one_time::VERIFY_EMAIL, verify_ttl)?;
            audit::record(conn, &event("user.register", id, ip.as_deref()))?;
            Ok(())
        })
        .await?;
    mailer::wake(&state);
    Ok(warp::reply::with_status(
        warp::reply::json(&Accepted {
            message: "registration received: check your mailbox to verify the address, then log in"
                .to_owned(),
        }),
        StatusCode::CREATED,
    ))
}

/// Starts a session (refresh-token family) and returns its first token pair.
async fn start_session(
    state: &AppState,
    user_id: i64,
    role: String,
    user_agent: Option<String>,
    ip: Option<String>,
) -> ApiResult<TokenPair> {
    let refresh_ttl = to_std(state.config().auth.refresh_ttl);
    let family = tokens::random_token();
    let refresh = tokens::random_token();
    let refresh_hash = tokens::hash_token(&refresh);
    let expires_at = marquee_db::now() + refresh_ttl;
    let family_for_db = family.clone();
    state
        .write(move |conn| {
            let ua = user_agent.as_deref().map(|u| truncate(u, 200));
            let session_id = sessions::create(
                conn,
                &sessions::NewSession {
                    user_id,
                    family_id: &family_for_db,
                    user_agent: ua.as_deref(),
                    ip: ip.as_deref(),
                    expires_at,
                },
            )?;
            sessions::add_refresh_token(conn, session_id, &refresh_hash, expires_at)?;
            users::record_login(conn, user_id)?;
            audit::record(conn, &event("auth.login", user_id, ip.as_deref()))?;
            Ok(())
        })
        .await?;
    token_pair(state, user_id, &family, &role, refresh, expires_at)
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn token_pair(
    state: &AppState,
    user_id: i64,
    family: &str,
    role: &str,
    refresh: String,
    refresh_expires_at: NaiveDateTime,
) -> ApiResult<TokenPair> {
    let jwt = &state.security().jwt;
    let access = jwt
        .issue(&user_id.to_string(), family, role)
        .map_err(ApiError::internal)?;
    Ok(TokenPair {
        access_token: access.token,
        token_type: "Bearer".to_owned(),
        expires_in: jwt.ttl().as_secs(),
        expires_at: access.expires_at,
        refresh_token: refresh,
        refresh_expires_at: refresh_expires_at.and_utc(),
    })
}

/// Records a failed login and locks the account once the window holds too many.
async fn record_failure(state: &AppState, user: &User, ip: Option<String>) -> ApiResult<()> {
    let cfg = &state.config().auth;
    let window = to_std(cfg.login_lock);
    let max = i64::from(cfg.login_failures_max);
    let user_id = user.id;
    let email = user.email.clone();
    let since_login = user.last_login_at;
    let locked = state
        .write(move |conn| {
                let now = marquee_db::now();
                audit::record(conn, &event("auth.login_failed", user_id, ip.as_deref()))?;
                users::record_failed_login(conn, user_id)?;
                let since = since_login.map_or(now - window, |t| t.max(now - window));
                let failures = audit::count_for_user_since(conn, "auth.login_failed", user_id, since)?;
                if failures < max {
                    return Ok(false);
                }
                users::lock_until(conn, user_id, now + window)?;
                audit::record(conn, &event("auth.account_locked", user_id, ip.as_deref()))?;
                mailer::enqueue(
                    conn,
                    Some(user_id),
                    &email,
                    "Your Marquee account was locked",
                    "There were several failed attempts to log in to your Marquee account, so it is locked for a while.\n\nIf it was not you, reset your password (in marquee: Ctrl-F on the sign-in screen): that works even while the account is locked.\n",
                )?;
                Ok(true)
            })
        .await?;
    if locked {
        mailer::wake(state);
    }
    Ok(())
}

fn locked_error(until: NaiveDateTime) -> ApiError {
    let wait = (until - marquee_db::now()).to_std().unwrap_or_default();
    too_many(
        "account_locked",
        "too many failed logins for this account; it is locked for now (a password reset still works)",
        wait,
    )
}

/// Checks a TOTP code (once per time step) or spends a recovery code.
async fn second_factor_ok(
    state: &AppState,
    user_id: i64,
    totp_code: Option<String>,
    recovery_code: Option<String>,
) -> ApiResult<bool> {
    state
        .db(move |conn| {
            if let Some(code) = totp_code {
                let Some(row) = totp_rows::find(conn, user_id)?.filter(|r| r.enabled_at.is_some())
                else {
                    return Ok(false);
                };
                return match totp::check(&row.secret, &code) {
                    Some(step) => Ok(totp_rows::accept_step(conn, user_id, step)?),
                    None => Ok(false),
                };
            }
            if let Some(code) = recovery_code {
                let hash = tokens::hash_token(&tokens::normalize_recovery_code(&code));
                return Ok(totp_rows::use_recovery_code(conn, user_id, &hash)?);
            }
            Ok(false)
        })
        .await
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    summary = "Exchange email and password (and a TOTP or recovery code when 2FA is on) for tokens",
    request_body = marquee_api::auth::LoginRequest,
    responses(
        (status = 200, description = "Access token (15 min) and refresh token (7 days)", body = marquee_api::auth::TokenPair),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_credentials`, `totp_required` or `invalid_totp`", body = marquee_api::ErrorBody),
        (status = 403, description = "`account_disabled` or `account_locked`", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
)]
pub async fn login(
    state: AppState,
    addr: Option<ClientAddr>,
    user_agent: Option<String>,
    body: LoginRequest,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    let normalized = users::normalize_email(&body.email);
    let user = state
        .db(move |conn| Ok(users::find_by_email(conn, &normalized)?))
        .await?;
    let ip = ip_of(addr);
    let Some(user) = user else {
        auth::verify_password(&state, body.password, None).await?;
        return Err(invalid_credentials());
    };
    // A locked account answers 429 before the password is looked at, right or wrong.
    if let Some(until) = user.locked_until.filter(|t| *t > marquee_db::now()) {
        return Err(locked_error(until));
    }
    if !auth::verify_password(&state, body.password, Some(user.password_hash.clone())).await? {
        record_failure(&state, &user, ip).await?;
        return Err(invalid_credentials());
    }
    if user.disabled_at.is_some() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "account_disabled",
            "this account has been disabled",
        ));
    }
    let user_id = user.id;
    if state
        .db(move |conn| Ok(totp_rows::is_enabled(conn, user_id)?))
        .await?
    {
        if body.totp_code.is_none() && body.recovery_code.is_none() {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "totp_required",
                "this account uses two-factor authentication: send `totp_code` (or a `recovery_code`) with the password",
            ));
        }
        if !second_factor_ok(&state, user_id, body.totp_code, body.recovery_code).await? {
            record_failure(&state, &user, ip).await?;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_totp",
                "the two-factor code is wrong, already used or expired; wait for the next code",
            ));
        }
    }
    let pair = start_session(&state, user.id, user.role, user_agent, ip).await?;
    Ok(warp::reply::json(&pair))
}

fn invalid_refresh() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
        "this refresh token is unknown, expired or revoked; log in again",
    )
}

enum RefreshOutcome {
    Rotated {
        user_id: i64,
        family: String,
        role: String,
        refresh: String,
        expires_at: NaiveDateTime,
    },
    Replayed,
    Invalid,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    summary = "Rotate a refresh token: the old one stops working; reusing it revokes the session",
    request_body = marquee_api::auth::RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = marquee_api::auth::TokenPair),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_refresh_token` or `refresh_token_reused`", body = marquee_api::ErrorBody),
    ),
)]
pub async fn refresh(
    state: AppState,
    addr: Option<ClientAddr>,
    body: RefreshRequest,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    let presented = tokens::hash_token(body.refresh_token.trim());
    let ip = ip_of(addr);
    let outcome = state
        .write(move |conn| {
            let Some(token) = sessions::find_refresh_token(conn, &presented)? else {
                return Ok(RefreshOutcome::Invalid);
            };
            let session = sessions::find(conn, token.session_id)?;
            let now = marquee_db::now();
            // A spent token presented again: it was copied. End the whole family, so the
            // thief's newer tokens die too.
            if token.used_at.is_some() || sessions::spend_refresh_token(conn, token.id)? == 0 {
                if sessions::revoke(conn, session.id, "token_reuse")? == 1 {
                    audit::record(
                        conn,
                        &event("auth.refresh_reuse", session.user_id, ip.as_deref()),
                    )?;
                }
                return Ok(RefreshOutcome::Replayed);
            }
            if !sessions::is_live(&session, now) || token.expires_at <= now {
                return Ok(RefreshOutcome::Invalid);
            }
            let Some(principal) = sessions::principal(conn, &session.family_id)? else {
                return Ok(RefreshOutcome::Invalid);
            };
            if principal.disabled_at.is_some() {
                return Ok(RefreshOutcome::Invalid);
            }
            let refresh = tokens::random_token();
            sessions::add_refresh_token(
                conn,
                session.id,
                &tokens::hash_token(&refresh),
                session.expires_at,
            )?;
            sessions::touch(conn, session.id)?;
            Ok(RefreshOutcome::Rotated {
                user_id: session.user_id,
                family: session.family_id,
                role: principal.role,
                refresh,
                expires_at: session.expires_at,
            })
        })
        .await?;
    match outcome {
        RefreshOutcome::Rotated {
            user_id,
            family,
            role,
            refresh,
            expires_at,
        } => Ok(warp::reply::json(&token_pair(
            &state, user_id, &family, &role, refresh, expires_at,
        )?)),
        RefreshOutcome::Replayed => {
            crate::auth::revoked(&state).await;
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "refresh_token_reused",
                "this refresh token was already used, so the session has been ended for safety; log in again",
            ))
        }
        RefreshOutcome::Invalid => Err(invalid_refresh()),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    summary = "End this session: its refresh token and access token stop working at once",
    responses(
        (status = 204, description = "Logged out"),
    ),
    security(("bearer" = [])),
)]
pub async fn logout(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .write(move |conn| {
            sessions::revoke_access_token(conn, &me.jti, me.access_expires_at)?;
            sessions::revoke(conn, me.session_id, "logout")?;
            audit::record(conn, &event("auth.logout", me.user_id, None))?;
            Ok(())
        })
        .await?;
    crate::auth::revoked(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Spends a one-time token of `purpose` and returns its owner, or the 400 for a bad token.
fn spend_one_time(conn: &mut DbConn, purpose: &str, token: &str) -> ApiResult<i64> {
    let hash = tokens::hash_token(token.trim());
    let Some((id, user_id)) = one_time::peek(conn, purpose, &hash)? else {
        return Err(invalid_one_time_token());
    };
    if !one_time::spend(conn, id)? {
        return Err(invalid_one_time_token());
    }
    Ok(user_id)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/verify-email",
    tag = "auth",
    summary = "Confirm an email address with the token from the verification mail",
    request_body = marquee_api::auth::VerifyEmailRequest,
    responses(
        (status = 200, description = "Verified", body = marquee_api::auth::Accepted),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_or_expired_token`", body = marquee_api::ErrorBody),
    ),
)]
pub async fn verify_email(
    state: AppState,
    addr: Option<ClientAddr>,
    body: VerifyEmailRequest,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    state
        .write(move |conn| {
            let user_id = spend_one_time(conn, one_time::VERIFY_EMAIL, &body.token)?;
            users::mark_email_verified(conn, user_id)?;
            audit::record(conn, &event("user.email_verified", user_id, None))?;
            Ok(())
        })
        .await?;
    Ok(warp::reply::json(&Accepted {
        message: "email address verified".to_owned(),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "auth",
    summary = "Mail a password-reset link (the same answer whether or not the account exists)",
    request_body = marquee_api::auth::PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted", body = marquee_api::auth::Accepted),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn password_reset(
    state: AppState,
    addr: Option<ClientAddr>,
    body: PasswordResetRequest,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    let reset_ttl = to_std(state.config().auth.reset_ttl);
    let normalized = users::normalize_email(&body.email);
    let ip = ip_of(addr);
    let sent = state
        .write(move |conn| {
            let Some(user) = users::find_by_email(conn, &normalized)? else {
                return Ok(false);
            };
            send_token_mail(
                conn,
                (user.id, &user.email),
                one_time::PASSWORD_RESET,
                reset_ttl,
            )?;
            audit::record(
                conn,
                &event("auth.password_reset_requested", user.id, ip.as_deref()),
            )?;
            Ok(true)
        })
        .await?;
    if sent {
        mailer::wake(&state);
    }
    Ok(warp::reply::with_status(
        warp::reply::json(&Accepted {
            message: "if an account uses this address, a reset mail is on its way".to_owned(),
        }),
        StatusCode::ACCEPTED,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset/confirm",
    tag = "auth",
    summary = "Set a new password with a reset token; ends every session",
    request_body = marquee_api::auth::PasswordResetConfirm,
    responses(
        (status = 200, description = "Password changed", body = marquee_api::auth::Accepted),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_or_expired_token`, `totp_required` or `invalid_totp`", body = marquee_api::ErrorBody),
    ),
)]
pub async fn password_reset_confirm(
    state: AppState,
    addr: Option<ClientAddr>,
    body: PasswordResetConfirm,
) -> ApiResult<impl Reply> {
    login_rate_check(&state, addr)?;
    let hash = tokens::hash_token(body.token.trim());
    let owner = state
        .db(move |conn| Ok(one_time::peek(conn, one_time::PASSWORD_RESET, &hash)?))
        .await?;
    let Some((_, user_id)) = owner else {
        return Err(invalid_one_time_token());
    };
    let user = state
        .db(move |conn| Ok(users::find(conn, user_id)?))
        .await?;
    if let Some(rule) = password::check_policy(&body.new_password, &user.email) {
        return Err(ApiError::validation([("new_password".to_owned(), rule)]));
    }
    // A reset proves control of the mailbox, not of the second factor.
    if state
        .db(move |conn| Ok(totp_rows::is_enabled(conn, user_id)?))
        .await?
    {
        if body.totp_code.is_none() && body.recovery_code.is_none() {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "totp_required",
                "this account uses two-factor authentication: send `totp_code` (or a `recovery_code`) with the new password",
            ));
        }
        if !second_factor_ok(&state, user_id, body.totp_code, body.recovery_code).await? {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_totp",
                "the two-factor code is wrong or already used",
            ));
        }
    }
    let new_hash = auth::hash_password(&state, body.new_password).await?;
    let ip = ip_of(addr);
    let token = body.token;
    state
        .write(move |conn| {
                let owner = spend_one_time(conn, one_time::PASSWORD_RESET, &token)?;
                if owner != user_id {
                    return Err(invalid_one_time_token());
                }
                users::set_password(conn, user_id, &new_hash)?;
                one_time::spend_all(conn, user_id, one_time::PASSWORD_RESET)?;
                sessions::revoke_all_for_user(conn, user_id, None, "password_change")?;
                audit::record(conn, &event("auth.password_reset", user_id, ip.as_deref()))?;
                mailer::enqueue(
                    conn,
                    Some(user_id),
                    &user.email,
                    "Your Marquee password was changed",
                    "The password of your Marquee account was just reset, and every device was logged out.\n\nIf it was not you, reset it again at once and contact support.\n",
                )?;
                Ok(())
            })
        .await?;
    crate::auth::revoked(&state).await;
    mailer::wake(&state);
    Ok(warp::reply::json(&Accepted {
        message: "password changed; every session was ended, log in again".to_owned(),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/2fa/setup",
    tag = "auth",
    summary = "Start two-factor setup: a new TOTP secret and otpauth URL",
    responses(
        (status = 200, description = "Secret and provisioning URL", body = marquee_api::auth::TotpSetup),
        (status = 409, description = "`totp_already_enabled`", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn totp_setup(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    let user_id = me.user_id;
    let setup = state
        .write(move |conn| {
                if totp_rows::is_enabled(conn, user_id)? {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "totp_already_enabled",
                        "two-factor authentication is already on; disable it first to enrol a new device",
                    ));
                }
                let user = users::find(conn, user_id)?;
                let secret = totp::new_secret();
                let uri = totp::otpauth_uri(&secret, &user.email)
                    .ok_or_else(|| ApiError::internal("cannot build the otpauth URI"))?;
                totp_rows::set_pending(conn, user_id, &secret)?;
                Ok(TotpSetup { secret, otpauth_uri: uri })
            })
        .await?;
    Ok(warp::reply::json(&setup))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/2fa/enable",
    tag = "auth",
    summary = "Turn two-factor on with a code from the authenticator; returns recovery codes once",
    request_body = marquee_api::auth::TotpEnableRequest,
    responses(
        (status = 200, description = "Recovery codes (shown once)", body = marquee_api::auth::RecoveryCodes),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_totp`", body = marquee_api::ErrorBody),
        (status = 409, description = "`totp_not_set_up` or `totp_already_enabled`", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn totp_enable(
    state: AppState,
    principal: ApiResult<Principal>,
    body: TotpEnableRequest,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| tokens::recovery_code())
        .collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| tokens::hash_token(&tokens::normalize_recovery_code(c)))
        .collect();
    state
        .write(move |conn| {
                let Some(row) = totp_rows::find(conn, me.user_id)? else {
                    return Err(ApiError::new(StatusCode::CONFLICT, "totp_not_set_up", "call /auth/2fa/setup first"));
                };
                if row.enabled_at.is_some() {
                    return Err(ApiError::new(StatusCode::CONFLICT, "totp_already_enabled", "two-factor authentication is already on"));
                }
                let accepted = match totp::check(&row.secret, &body.code) {
                    Some(step) => totp_rows::accept_step(conn, me.user_id, step)?,
                    None => false,
                };
                if !accepted {
                    return Err(ApiError::validation([(
                        "code".to_owned(),
                        "is not the current code of this secret; check the device's clock and try the next code".to_owned(),
                    )]));
                }
                totp_rows::enable(conn, me.user_id)?;
                totp_rows::replace_recovery_codes(conn, me.user_id, &hashes)?;
                sessions::revoke_all_for_user(conn, me.user_id, Some(me.session_id), "user")?;
                audit::record(conn, &event("auth.totp_enabled", me.user_id, None))?;
                Ok(())
            })
        .await?;
    crate::auth::revoked(&state).await;
    Ok(warp::reply::json(&RecoveryCodes {
        recovery_codes: codes,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/2fa/disable",
    tag = "auth",
    summary = "Turn two-factor off (password and a current code required)",
    request_body = marquee_api::auth::TotpDisableRequest,
    responses(
        (status = 204, description = "Two-factor off"),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 401, description = "`invalid_credentials` or `invalid_totp`", body = marquee_api::ErrorBody),
        (status = 409, description = "`totp_not_enabled`", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn totp_disable(
    state: AppState,
    principal: ApiResult<Principal>,
    body: TotpDisableRequest,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let user_id = me.user_id;
    let user = state
        .db(move |conn| Ok(users::find(conn, user_id)?))
        .await?;
    if !auth::verify_password(&state, body.password, Some(user.password_hash)).await? {
        return Err(invalid_credentials());
    }
    if !state
        .db(move |conn| Ok(totp_rows::is_enabled(conn, user_id)?))
        .await?
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "totp_not_enabled",
            "two-factor authentication is not on",
        ));
    }
    if !second_factor_ok(&state, user_id, body.code, body.recovery_code).await? {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_totp",
            "the two-factor code is wrong or already used",
        ));
    }
    state
        .write(move |conn| {
            totp_rows::delete(conn, user_id)?;
            sessions::revoke_all_for_user(conn, user_id, Some(me.session_id), "user")?;
            audit::record(conn, &event("auth.totp_disabled", user_id, None))?;
            Ok(())
        })
        .await?;
    crate::auth::revoked(&state).await;
    Ok(StatusCode::NO_CONTENT)
}
