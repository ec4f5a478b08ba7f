//! `/api/v1/auth/*` bodies: registration, login, token refresh, mail tokens, TOTP.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /auth/register`. Unknown fields (a `role`, a `verified` flag…) are ignored: the server
/// decides those, never the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub name: String,
}

/// The answer to register and to password-reset requests. Always the same whether or not the
/// address already has an account, so that neither reveals which addresses are registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

/// `POST /auth/login`. With 2FA on, `totp_code` or `recovery_code` is needed too; the server asks
/// for it (401 `totp_required`) only once the password is right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// A fresh access + refresh pair (login and refresh).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub expires_at: DateTime<Utc>,
    /// Single use: each refresh returns a new one. Presenting a spent one ends the session.
    pub refresh_token: String,
    /// The session's absolute end; refreshing does not extend it.
    pub refresh_expires_at: DateTime<Utc>,
}

/// `POST /auth/refresh`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /auth/verify-email`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// `POST /auth/password-reset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /auth/password-reset/confirm`. With 2FA on, a code is needed too: a reset never
/// bypasses the second factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PasswordResetConfirm {
    pub token: String,
    pub new_password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// `POST /auth/2fa/setup` answer: scan `otpauth_uri` (or type `secret`), then confirm a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TotpSetup {
    pub secret: String,
    pub otpauth_uri: String,
}

/// `POST /auth/2fa/enable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TotpEnableRequest {
    pub code: String,
}

/// Shown once: each code logs in once in place of a TOTP code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// `POST /auth/2fa/disable`: the password and a current code (or a recovery code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TotpDisableRequest {
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}
