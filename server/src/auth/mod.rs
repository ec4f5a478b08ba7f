//! Accounts and sessions: password policy and hashing, access and opaque tokens, TOTP, abuse
//! limits, the mail outbox, and [`authenticate`], which every protected route goes through.
//!
//! Nothing here trusts the client: the role comes from the database, tokens are checked for
//! signature, algorithm, audience, issuer, lifetime, revocation (`jti` denylist) and a live
//! session, and an account is only ever addressed through the token's subject. The database
//! answers are remembered for at most `session_check_ttl` and forgotten at once by this server's
//! own revocations ([`checks`]).

pub mod checks;
pub mod mailer;
pub mod password;
pub mod ratelimit;
pub mod secret;
pub mod tokens;
pub mod totp;

use std::sync::Arc;

use chrono::NaiveDateTime;
use http::StatusCode;
use marquee_db::queries::sessions;
use tokio::sync::{Notify, Semaphore};

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::http::ClientAddr;
use crate::state::{AppState, run_blocking};
use ratelimit::{Limiters, retry_after_secs};
use tokens::JwtKeys;

pub const ROLE_USER: &str = "user";
pub const ROLE_ADMIN: &str = "admin";

/// Every rule a new account breaks, as (field, rule) pairs: the one copy of the registration
/// rules, used by `POST /auth/register` and `marqueectl user create`. `email` and `name` are
/// expected trimmed.
pub fn registration_errors(email: &str, name: &str, password: &str) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if email.len() > 254 || !email_address::EmailAddress::is_valid(email) {
        errors.push((
            "email".to_owned(),
            "must be a valid email address, like name@example.com".to_owned(),
        ));
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(("name".to_owned(), "must be 1 to 100 characters".to_owned()));
    }
    if let Some(rule) = password::check_policy(password, email) {
        errors.push(("password".to_owned(), rule));
    }
    errors
}

/// Security state shared by every request: keys, in-memory budgets, the bcrypt gate.
pub struct Security {
    pub jwt: JwtKeys,
    pub limiters: Limiters,
    /// Verified against when an email is unknown, so both cases cost one bcrypt.
    pub dummy_hash: String,
    /// bcrypt is CPU-bound: at most one hash per core at a time, so logins cannot take every
    /// blocking thread (and database connection waits) away from other requests.
    pub hashing: Semaphore,
    /// Wakes the mailer when a handler has queued mail.
    pub mail_wakeup: Arc<Notify>,
    /// Signs and checks trailer stream URLs (key derived from the same secret).
    pub media: crate::media::UrlSigner,
    /// Session and profile-ownership checks remembered for `session_check_ttl`.
    pub checks: checks::Checks,
}

impl std::fmt::Debug for Security {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Security")
            .field("jwt", &self.jwt)
            .finish_non_exhaustive()
    }
}

impl Security {
    /// Resolves the JWT secret (maybe generating it) and prepares the dummy hash. Blocking.
    pub fn new(config: &Config) -> anyhow::Result<Security> {
        let auth = &config.auth;
        let secret = secret::resolve(
            auth.jwt_secret.as_ref().map(|s| s.0.as_str()),
            &config.data_dir,
        )?;
        let dummy_hash = password::dummy_hash(auth.bcrypt_cost)?;
        let cores = std::thread::available_parallelism()
            .map(std::num::NonZeroUsize::get)
            .unwrap_or(2);
        Ok(Security {
            jwt: JwtKeys::new(&secret, auth.access_ttl),
            limiters: Limiters::new(auth.login_per_addr, auth.api_per_addr, auth.api_per_token),
            dummy_hash,
            hashing: Semaphore::new(cores),
            mail_wakeup: Arc::new(Notify::new()),
            media: crate::media::UrlSigner::new(&secret),
            checks: checks::Checks::new(auth.session_check_ttl),
        })
    }
}

/// Who is calling, established by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub session_id: i64,
    pub role: String,
    pub jti: String,
    pub access_expires_at: NaiveDateTime,
}

impl Principal {
    /// 403 unless the account is an admin (checked against the database role, not the token's).
    pub fn require_admin(self) -> ApiResult<Principal> {
        if self.role == ROLE_ADMIN {
            Ok(self)
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "this route is for administrators only",
            ))
        }
    }
}

/// The 401 every unusable access token gets: one answer, so callers learn nothing about why.
pub fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "a valid access token is required: send `Authorization: Bearer <token>`; if it expired, refresh it or log in again",
    )
    .with_header(http::header::WWW_AUTHENTICATE, "Bearer")
}

/// A 429 with `Retry-After` and the wait in the body too.
pub fn too_many(code: &'static str, what: &str, wait: std::time::Duration) -> ApiError {
    let secs = retry_after_secs(wait);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        code,
        format!("{what}; retry in {secs} seconds"),
    )
    .with_details(serde_json::json!({ "retry_after_seconds": secs }))
    .with_header(http::header::RETRY_AFTER, secs)
}

/// Checks the bearer token and its session; charges the session's request budget.
pub async fn authenticate(state: &AppState, authorization: Option<&str>) -> ApiResult<Principal> {
    let token = authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(unauthorized)?;
    let security = state.security();
    let claims = security.jwt.verify(token).map_err(|err| {
        tracing::debug!(error = %err, "access token refused");
        unauthorized()
    })?;
    // With Redis: the shared budget (from this server's slice of it, mostly without a round
    // trip). Revocations reach the remembered checks as notices, before the revoking request
    // answers.
    let mut charged = false;
    if let Some(shared) = state.shared() {
        let budget = state.config().auth.api_per_token;
        if let Some(charge) = shared
            .charge_session(&claims.sid, budget.count, budget.period)
            .await
        {
            if let crate::shared::Charge::Refused(wait) = charge {
                state.metrics().rate_limited(crate::metrics::Limit::Session);
                return Err(session_budget_spent(wait));
            }
            charged = true;
        }
    }
    let principal = match security.checks.session(&claims.jti) {
        Some(principal) => Some(principal),
        None => {
            let epoch = security.checks.epoch();
            let jti = claims.jti.clone();
            let family = claims.sid.clone();
            let (revoked, principal) = state
                .db(move |conn| {
                    let revoked = sessions::is_access_token_revoked(conn, &jti)?;
                    let principal = sessions::principal(conn, &family)?;
                    Ok((revoked, principal))
                })
                .await?;
            let principal = principal.filter(|_| !revoked);
            if let Some(p) = principal
                .as_ref()
                .filter(|p| p.revoked_at.is_none() && p.disabled_at.is_none())
            {
                security.checks.remember_session(&claims.jti, epoch, p);
            }
            principal
        }
    };
    let now = marquee_db::now();
    let principal = match principal {
        Some(p)
            if p.revoked_at.is_none()
                && p.expires_at > now
                && p.disabled_at.is_none()
                && p.user_id.to_string() == claims.sub =>
        {
            p
        }
        _ => return Err(unauthorized()),
    };
    if !charged && let Err(wait) = security.limiters.api_per_session.check(&claims.sid) {
        state.metrics().rate_limited(crate::metrics::Limit::Session);
        return Err(session_budget_spent(wait));
    }
    Ok(Principal {
        user_id: principal.user_id,
        session_id: principal.session_id,
        role: principal.role,
        jti: claims.jti.clone(),
        access_expires_at: chrono::DateTime::from_timestamp(claims.exp, 0)
            .map(|t| t.naive_utc())
            .unwrap_or(now),
    })
}

fn session_budget_spent(wait: std::time::Duration) -> ApiError {
    too_many(
        "rate_limited",
        "this session has used its request budget",
        wait,
    )
}

/// After a write that can take access away has committed: this server forgets its remembered
/// session and ownership checks, and with Redis every other server does before its next request.
pub async fn revoked(state: &AppState) {
    state.security().checks.forget_all();
    if let Some(shared) = state.shared() {
        shared.revoked().await;
    }
}

/// 404 unless `user_id` owns `profile_id` (another account's profile looks missing), with the
/// positive answer remembered like the session check.
pub async fn check_profile_owner(state: &AppState, user_id: i64, profile_id: i64) -> ApiResult<()> {
    let checks = &state.security().checks;
    if checks.owns(user_id, profile_id) {
        return Ok(());
    }
    let epoch = checks.epoch();
    let found = state
        .db(move |conn| {
            Ok(marquee_db::queries::profiles::find_owned(
                conn, user_id, profile_id,
            )?)
        })
        .await?;
    if found.is_none() {
        return Err(ApiError::not_found("profile"));
    }
    checks.remember_owner(user_id, profile_id, epoch);
    Ok(())
}

/// The general per-address budget, charged on every `/api/` request.
pub fn check_address(
    state: &AppState,
    addr: Option<ClientAddr>,
) -> Result<(), std::time::Duration> {
    match addr {
        Some(ClientAddr(addr)) => {
            let checked = state.security().limiters.api_per_addr.check(&addr.ip());
            if checked.is_err() {
                state.metrics().rate_limited(crate::metrics::Limit::Address);
            }
            checked
        }
        None => Ok(()),
    }
}

/// bcrypt hash on a blocking thread, behind the per-core gate.
pub async fn hash_password(state: &AppState, password: String) -> ApiResult<String> {
    let _permit = state
        .security()
        .hashing
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let cost = state.config().auth.bcrypt_cost;
    run_blocking(move || password::hash(&password, cost).map_err(ApiError::internal)).await
}

/// bcrypt verify on a blocking thread, behind the per-core gate. `None` verifies against the
/// dummy hash (and answers false) so unknown accounts cost the same time.
pub async fn verify_password(
    state: &AppState,
    password: String,
    stored: Option<String>,
) -> ApiResult<bool> {
    let _permit = state
        .security()
        .hashing
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| state.security().dummy_hash.clone());
    let ok = run_blocking(move || Ok(password::verify(&password, &stored))).await?;
    Ok(ok && known)
}
