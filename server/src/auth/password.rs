//! Password policy and hashing.
//!
//! Policy (NIST SP 800-63B, ASVS V2.1): 8 to 128 characters, no composition rules, not one of the
//! most common passwords (`common-passwords.txt`, shipped in the binary), not the account's email.
//!
//! Hashing: bcrypt reads at most 72 bytes and ignores the rest, and 128 characters can be 512
//! bytes of UTF-8. We **pre-hash**: bcrypt is fed `base64(HMAC-SHA256(PREHASH_KEY, password))`
//! (44 ASCII bytes, never a NUL), always, so every byte of every password counts and there is one
//! code path. The HMAC key is a fixed domain label, not a secret: it only stops "hash shucking"
//! (testing a leaked plain SHA-256 of the password from another site against our hashes).
//! Hash and verify are CPU-bound (≈ 276 ms at cost 12): call them through
//! [`crate::state::run_blocking`], never on the executor.

use std::collections::HashSet;
use std::sync::LazyLock;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const MIN_CHARS: usize = 8;
pub const RECOMMENDED_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

const PREHASH_KEY: &[u8] = b"marquee/password/bcrypt-prehash/v1";

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_lowercase)
        .collect()
});

/// The rule a password breaks, as a sentence for `details.fields.password`; `None` when it is fine.
pub fn check_policy(password: &str, email: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Some(format!(
            "must be at least {MIN_CHARS} characters long ({RECOMMENDED_CHARS} or more recommended; a few words make a good one)"
        ));
    }
    if chars > MAX_CHARS {
        return Some(format!("must be at most {MAX_CHARS} characters long"));
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower) {
        return Some(
            "is one of the most commonly used passwords; choose a less predictable one".to_owned(),
        );
    }
    if !email.is_empty() && lower == email.trim().to_lowercase() {
        return Some("must not be the email address".to_owned());
    }
    None
}

fn prehash(password: &str) -> String {
    // `new_from_slice` accepts keys of any length for HMAC; the error arm cannot happen.
    let mut mac = match Hmac::<Sha256>::new_from_slice(PREHASH_KEY) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(password.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// bcrypt hash of the pre-hashed password. Blocking: call on a blocking thread.
pub fn hash(password: &str, cost: u32) -> Result<String, bcrypt::BcryptError> {
    bcrypt::non_truncating_hash(prehash(password), cost)
}

/// Constant-time check of `password` against a stored hash (false on a malformed hash).
/// Blocking: call on a blocking thread.
pub fn verify(password: &str, stored: &str) -> bool {
    bcrypt::non_truncating_verify(prehash(password), stored).unwrap_or(false)
}

/// A hash of a random password at the given cost, verified against when the email is unknown so
/// that "no such account" takes as long as "wrong password".
pub fn dummy_hash(cost: u32) -> Result<String, bcrypt::BcryptError> {
    hash(&super::tokens::random_token(), cost)
}
