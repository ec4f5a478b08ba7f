//! TOTP secrets (one per user; `enabled_at` NULL until confirmed) and hashed recovery codes.

use diesel::prelude::*;

use crate::DbConn;
use crate::models::TotpSecret;
use crate::schema::{recovery_codes, totp_secrets};

pub fn find(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<TotpSecret>> {
    totp_secrets::table
        .filter(totp_secrets::user_id.eq(user_id))
        .select(TotpSecret::as_select())
        .first(conn)
        .optional()
}

pub fn is_enabled(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        totp_secrets::table
            .filter(totp_secrets::user_id.eq(user_id))
            .filter(totp_secrets::enabled_at.is_not_null()),
    ))
    .get_result(conn)
}

/// Replaces a pending (not yet enabled) secret with a new one. Callers check that 2FA is off.
pub fn set_pending(conn: &mut DbConn, user_id: i64, secret: &str) -> QueryResult<usize> {
    diesel::delete(totp_secrets::table.filter(totp_secrets::user_id.eq(user_id))).execute(conn)?;
    diesel::insert_into(totp_secrets::table)
        .values((
            totp_secrets::user_id.eq(user_id),
            totp_secrets::secret.eq(secret),
            totp_secrets::created_at.eq(crate::now()),
        ))
        .execute(conn)
}

pub fn enable(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::update(totp_secrets::table.filter(totp_secrets::user_id.eq(user_id)))
        .set(totp_secrets::enabled_at.eq(Some(crate::now())))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(totp_secrets::table.filter(totp_secrets::user_id.eq(user_id))).execute(conn)
}

/// Records `step` as used if it is later than the last used one: true when the code may be
/// accepted, false on a replay (the same or an older step).
pub fn accept_step(conn: &mut DbConn, user_id: i64, step: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        totp_secrets::table
            .filter(totp_secrets::user_id.eq(user_id))
            .filter(
                totp_secrets::last_used_step
                    .is_null()
                    .or(totp_secrets::last_used_step.lt(step)),
            ),
    )
    .set(totp_secrets::last_used_step.eq(Some(step)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Replaces the user's recovery codes with these hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConn,
    user_id: i64,
    hashes: &[String],
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let now = crate::now();
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(hash),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Spends an unused recovery code: true when it existed and was unused.
pub fn use_recovery_code(conn: &mut DbConn, user_id: i64, code_hash: &str) -> QueryResult<bool> {
    let changed = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::code_hash.eq(code_hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(crate::now())))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}
