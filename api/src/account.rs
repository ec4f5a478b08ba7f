//! `/api/v1/me*` and `/api/v1/admin/users` bodies.

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
