//! Single-use, expiring tokens delivered by mail (`verify_email`, `password_reset`); only their
//! hashes are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConn;
use crate::schema::one_time_tokens;

pub const VERIFY_EMAIL: &str = "verify_email";
pub const PASSWORD_RESET: &str = "password_reset";

pub fn create(
    conn: &mut DbConn,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(one_time_tokens::table)
        .values((
            one_time_tokens::user_id.eq(user_id),
            one_time_tokens::purpose.eq(purpose),
            one_time_tokens::token_hash.eq(token_hash),
            one_time_tokens::created_at.eq(crate::now()),
            one_time_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// The owner of a live (unused, unexpired) token of this purpose, without spending it.
pub fn peek(conn: &mut DbConn, purpose: &str, token_hash: &str) -> QueryResult<Option<(i64, i64)>> {
    one_time_tokens::table
        .filter(one_time_tokens::purpose.eq(purpose))
        .filter(one_time_tokens::token_hash.eq(token_hash))
        .filter(one_time_tokens::used_at.is_null())
        .filter(one_time_tokens::expires_at.gt(crate::now()))
        .select((one_time_tokens::id, one_time_tokens::user_id))
        .first(conn)
        .optional()
}

/// Spends the token with this id if it is still unused: true when this caller won the race.
pub fn spend(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        one_time_tokens::table
            .find(id)
            .filter(one_time_tokens::used_at.is_null()),
    )
    .set(one_time_tokens::used_at.eq(Some(crate::now())))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Spends every outstanding token of a purpose for a user (after a reset, older links die).
pub fn spend_all(conn: &mut DbConn, user_id: i64, purpose: &str) -> QueryResult<usize> {
    diesel::update(
        one_time_tokens::table
            .filter(one_time_tokens::user_id.eq(user_id))
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::used_at.is_null()),
    )
    .set(one_time_tokens::used_at.eq(Some(crate::now())))
    .execute(conn)
}
