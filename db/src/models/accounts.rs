//! Rows of the accounts tables (see `migrations/*/2026-11-23-*_accounts`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

/// A login account.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct User {
    pub id: i64,
    pub email: String,
    /// Lowercased, trimmed `email`; unique.
    pub email_normalized: String,
    pub password_hash: String,
    pub name: String,
    pub role: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub disabled_at: Option<NaiveDateTime>,
    pub failed_login_count: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// No analytics events are recorded for the account.
    pub analytics_opt_out: bool,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    /// Lowercased, trimmed `email`; unique.
    pub email_normalized: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A refresh-token family: one login on one device.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = sessions, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(User, foreign_key = user_id))]
pub struct Session {
    pub id: i64,
    pub user_id: i64,
    pub family_id: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub user_id: i64,
    pub family_id: &'a str,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// One refresh token of a session (hash only).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Session, foreign_key = session_id))]
pub struct RefreshToken {
    pub id: i64,
    pub session_id: i64,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub session_id: i64,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A single-use token sent by mail (hash only).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = one_time_tokens, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(User, foreign_key = user_id))]
pub struct OneTimeToken {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = one_time_tokens)]
pub struct NewOneTimeToken<'a> {
    pub user_id: i64,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A user's TOTP second factor.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = totp_secrets, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(User, foreign_key = user_id))]
pub struct TotpSecret {
    pub id: i64,
    pub user_id: i64,
    pub secret: String,
    pub created_at: NaiveDateTime,
    pub enabled_at: Option<NaiveDateTime>,
    pub last_used_step: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = totp_secrets)]
pub struct NewTotpSecret<'a> {
    pub user_id: i64,
    pub secret: &'a str,
    pub created_at: NaiveDateTime,
}

/// A single-use 2FA recovery code (hash only).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = recovery_codes, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(User, foreign_key = user_id))]
pub struct RecoveryCode {
    pub id: i64,
    pub user_id: i64,
    pub code_hash: String,
    pub created_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = recovery_codes)]
pub struct NewRecoveryCode<'a> {
    pub user_id: i64,
    pub code_hash: &'a str,
    pub created_at: NaiveDateTime,
}

/// An access token revoked before its expiry (the denylist).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = revoked_access_tokens, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RevokedAccessToken {
    pub id: i64,
    pub jti: String,
    pub expires_at: NaiveDateTime,
    pub revoked_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = revoked_access_tokens)]
pub struct NewRevokedAccessToken<'a> {
    pub jti: &'a str,
    pub expires_at: NaiveDateTime,
    pub revoked_at: NaiveDateTime,
}

/// A viewing profile of an account.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = profiles, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(User, foreign_key = user_id))]
pub struct Profile {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub avatar: Option<String>,
    pub is_kids: bool,
    /// Highest `movies.min_age` shown; `None` = no limit.
    pub maturity_limit: Option<i16>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = profiles)]
pub struct NewProfile<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub avatar: Option<&'a str>,
    pub is_kids: bool,
    /// Highest `movies.min_age` shown; `None` = no limit.
    pub maturity_limit: Option<i16>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
