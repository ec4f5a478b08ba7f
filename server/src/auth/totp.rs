//! TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps, one step of skew either side, which is
//! what every authenticator app implements. A code is accepted once: the caller stores the last
//! accepted step and refuses that step or an earlier one.

use totp_rs::{Algorithm, Secret, Totp};

pub const ISSUER: &str = "Marquee";

fn build(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// A new random secret (160 bits, RFC 4226's recommendation) in base32.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

/// The `otpauth://` URI an authenticator app (or the TUI's QR code) takes.
pub fn otpauth_uri(secret_base32: &str, account: &str) -> Option<String> {
    build(secret_base32, account)?.to_url().ok()
}

/// The step the code matches now, if any. Replay protection is the caller's (see module docs).
pub fn check(secret_base32: &str, code: &str) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = build(secret_base32, "x")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    totp.check(&code, now)
        .and_then(|step| i64::try_from(step).ok())
}
