//! Login sessions (refresh-token families), their refresh tokens, and the access-token denylist.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConn;
use crate::models::{RefreshToken, Session};
use crate::schema::{refresh_tokens, revoked_access_tokens, sessions, users};

/// Neither revoked nor past its absolute expiry.
pub fn is_live(session: &Session, now: NaiveDateTime) -> bool {
    session.revoked_at.is_none() && session.expires_at > now
}

/// What an authenticated request needs about its session and account, in one query.
#[derive(Debug, Clone, Queryable)]
pub struct SessionPrincipal {
    pub session_id: i64,
    pub user_id: i64,
    pub revoked_at: Option<NaiveDateTime>,
    pub expires_at: NaiveDateTime,
    pub role: String,
    pub disabled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub user_id: i64,
    pub family_id: &'a str,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub expires_at: NaiveDateTime,
}

pub fn create(conn: &mut DbConn, new: &NewSession<'_>) -> QueryResult<i64> {
    let now = crate::now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::user_id.eq(new.user_id),
            sessions::family_id.eq(new.family_id),
            sessions::user_agent.eq(new.user_agent),
            sessions::ip.eq(new.ip),
            sessions::created_at.eq(now),
            sessions::last_used_at.eq(now),
            sessions::expires_at.eq(new.expires_at),
        ))
        .returning(sessions::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Session> {
    sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
}

pub fn principal(conn: &mut DbConn, family_id: &str) -> QueryResult<Option<SessionPrincipal>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::family_id.eq(family_id))
        .select((
            sessions::id,
            sessions::user_id,
            sessions::revoked_at,
            sessions::expires_at,
            users::role,
            users::disabled_at,
        ))
        .first(conn)
        .optional()
}

/// Whether session `id` is neither revoked nor expired and its user is not disabled.
pub fn is_live_by_id(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(crate::now()))
            .filter(users::disabled_at.is_null()),
    ))
    .get_result(conn)
}

/// The user's sessions that are neither revoked nor expired, most recently used first.
pub fn list_live(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<Session>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(crate::now()))
        .order((sessions::last_used_at.desc(), sessions::id.desc()))
        .select(Session::as_select())
        .load(conn)
}

/// Revokes one session if it is still live; returns how many rows changed (0 or 1).
pub fn revoke(conn: &mut DbConn, id: i64, reason: &str) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(crate::now())),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)
}

/// Revokes every live session of a user except `keep` (the caller's own, when it stays).
pub fn revoke_all_for_user(
    conn: &mut DbConn,
    user_id: i64,
    keep: Option<i64>,
    reason: &str,
) -> QueryResult<usize> {
    let target = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::id.ne(keep.unwrap_or(-1)));
    diesel::update(target)
        .set((
            sessions::revoked_at.eq(Some(crate::now())),
            sessions::revoked_reason.eq(Some(reason)),
        ))
        .execute(conn)
}

pub fn touch(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_used_at.eq(crate::now()))
        .execute(conn)
}

pub fn add_refresh_token(
    conn: &mut DbConn,
    session_id: i64,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::created_at.eq(crate::now()),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

pub fn find_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()
}

/// Marks a refresh token used if nobody else did first: 1 when this caller won, 0 when the token
/// was already spent (a replay, or a concurrent use of the same token).
pub fn spend_refresh_token(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(crate::now())))
    .execute(conn)
}

pub fn is_access_token_revoked(conn: &mut DbConn, jti: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        revoked_access_tokens::table.filter(revoked_access_tokens::jti.eq(jti)),
    ))
    .get_result(conn)
}

/// Puts an access token on the denylist until it would have expired anyway. Idempotent.
pub fn revoke_access_token(
    conn: &mut DbConn,
    jti: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    if is_access_token_revoked(conn, jti)? {
        return Ok(());
    }
    let inserted = diesel::insert_into(revoked_access_tokens::table)
        .values((
            revoked_access_tokens::jti.eq(jti),
            revoked_access_tokens::expires_at.eq(expires_at),
            revoked_access_tokens::revoked_at.eq(crate::now()),
        ))
        .execute(conn);
    match inserted {
        // A concurrent logout with the same token got there first: same outcome.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Housekeeping: denylist entries and refresh tokens past their expiry can go.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let jtis = diesel::delete(
        revoked_access_tokens::table.filter(revoked_access_tokens::expires_at.lt(now)),
    )
    .execute(conn)?;
    let refresh = diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now)))
        .execute(conn)?;
    Ok(jtis + refresh)
}
