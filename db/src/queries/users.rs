//! Accounts: lookup by normalized email, creation, login bookkeeping, password and role changes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConn;
use crate::models::User;
use crate::schema::users;

/// A new account. `role` is chosen by the caller's code, never taken from a request body.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub role: &'a str,
}

/// The one normal form of an address for uniqueness and lookup.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<i64> {
    let now = crate::now();
    diesel::insert_into(users::table)
        .values((
            users::email.eq(user.email),
            users::email_normalized.eq(user.email_normalized),
            users::password_hash.eq(user.password_hash),
            users::name.eq(user.name),
            users::role.eq(user.role),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<User> {
    users::table.find(id).select(User::as_select()).first(conn)
}

pub fn find_by_email(conn: &mut DbConn, email_normalized: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email_normalized.eq(email_normalized))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// One page of accounts, oldest first, and the total count.
pub fn list(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<(Vec<User>, i64)> {
    let total = users::table.count().get_result(conn)?;
    let rows = users::table
        .order(users::id.asc())
        .offset(offset)
        .limit(limit)
        .select(User::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Counts a failed login; returns the new count.
pub fn record_failed_login(conn: &mut DbConn, id: i64) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set(users::failed_login_count.eq(users::failed_login_count + 1))
        .returning(users::failed_login_count)
        .get_result(conn)
}

pub fn lock_until(conn: &mut DbConn, id: i64, until: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::locked_until.eq(Some(until)))
        .execute(conn)
}

/// A successful login clears the failure count and any lock.
pub fn record_login(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_login_count.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(Some(crate::now())),
        ))
        .execute(conn)
}

/// A new password also lifts a lock: the owner proved control of the mailbox or the old password.
pub fn set_password(conn: &mut DbConn, id: i64, password_hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::failed_login_count.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::updated_at.eq(crate::now()),
        ))
        .execute(conn)
}

pub fn mark_email_verified(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(Some(crate::now())))
    .execute(conn)
}

pub fn set_role(conn: &mut DbConn, id: i64, role: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role), users::updated_at.eq(crate::now())))
        .execute(conn)
}

/// Disables the account (`Some(now)`) or enables it again (`None`).
pub fn set_disabled(conn: &mut DbConn, id: i64, at: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled_at.eq(at),
            users::updated_at.eq(crate::now()),
        ))
        .execute(conn)
}

/// Administrators who can still sign in (not disabled).
pub fn count_active_admins(conn: &mut DbConn) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq("admin"))
        .filter(users::disabled_at.is_null())
        .count()
        .get_result(conn)
}
