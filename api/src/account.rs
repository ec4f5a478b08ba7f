//! `/api/v1/me*` and `/api/v1/admin/users*` bodies.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The caller's account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// `user` or `admin`.
    pub role: String,
    pub email_verified: bool,
    pub totp_enabled: bool,
    pub created_at: DateTime<Utc>,
}

/// One login session (a device), as listed by `GET /me/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub id: i64,
    /// True for the session the request was made with.
    pub current: bool,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// `POST /me/password`: ends every other session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// An account as admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub email_verified: bool,
    pub disabled: bool,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// One account in detail (`GET /admin/users/{user}`), also the answer to an admin change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminUserDetail {
    #[serde(flatten)]
    pub user: AdminUser,
    pub totp_enabled: bool,
    /// Sessions not revoked and not expired.
    pub live_sessions: u64,
    pub profiles: u64,
}

/// `PUT /admin/users/{user}/role`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RoleRequest {
    /// `user` or `admin`.
    pub role: String,
}

/// `POST /admin/users/{user}/end-sessions`: how many sessions were ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SessionsEnded {
    pub user_id: i64,
    pub email: String,
    pub ended: u64,
}

/// `POST /admin/users/{user}/reset-password`: a new password chosen by the admin, or none for a
/// generated one (returned once).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[serde(default)]
    pub password: Option<String>,
}

/// The password was replaced and every session of the account ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PasswordReset {
    pub user_id: i64,
    pub email: String,
    /// Present only when the server generated the password: shown this once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_password: Option<String>,
    pub sessions_ended: u64,
}
