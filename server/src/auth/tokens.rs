//! Access tokens (JWT, HS256 only) and opaque random tokens (refresh, email verification, password
//! reset, recovery codes), which are stored only as SHA-256 hashes.
//!
//! Opaque tokens carry 256 random bits, so a plain SHA-256 is enough to store them: there is
//! nothing to brute-force, unlike passwords.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `aud` every access token carries and every request requires.
pub const AUDIENCE: &str = "marquee-api";
/// The `iss` of every access token.
pub const ISSUER: &str = "marqueed";
/// Clock skew tolerated on `exp`/`nbf` between servers.
const LEEWAY_SECS: u64 = 30;

/// Claims of an access token. `sid` names the session (refresh-token family) it belongs to, so
/// ending a session ends its access tokens too.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub sid: String,
    pub role: String,
    pub jti: String,
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

/// The HS256 keys and the one validation every access token goes through.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    /// Tokens whose signature and claims already passed [`JwtKeys::verify`], by their exact
    /// text: a client presents the same access token on every request until it refreshes, and
    /// checking the HMAC, base64 and JSON again cost about a tenth of a cached request's CPU.
    /// Only verified tokens enter, so the bound is on genuine tokens; expiry is checked on every
    /// hit.
    verified: moka::sync::Cache<String, Arc<AccessClaims>>,
}

/// Most verified access tokens remembered (about 0.5 KiB each).
const VERIFIED_CAPACITY: u64 = 20_000;

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// An access token freshly signed, with what the caller needs to record or report.
#[derive(Debug, Clone)]
pub struct IssuedAccess {
    pub token: String,
    pub jti: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> JwtKeys {
        // One algorithm only: a token whose header says `none`, RS256 or anything else is refused
        // before its signature is looked at.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
            verified: moka::sync::Cache::builder()
                .max_capacity(VERIFIED_CAPACITY)
                .time_to_live(ttl + Duration::from_secs(LEEWAY_SECS))
                .build(),
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        role: &str,
    ) -> Result<IssuedAccess, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now();
        let ttl = chrono::Duration::from_std(self.ttl).unwrap_or(chrono::Duration::minutes(15));
        let expires_at = now + ttl;
        let jti = uuid::Uuid::new_v4().to_string();
        let claims = AccessClaims {
            sub: user_id.to_owned(),
            sid: session_id.to_owned(),
            role: role.to_owned(),
            jti: jti.clone(),
            aud: AUDIENCE.to_owned(),
            iss: ISSUER.to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(IssuedAccess {
            token,
            jti,
            expires_at,
        })
    }

    /// Signature, algorithm, audience, issuer, `exp` and `nbf`. Revocation is checked by the caller.
    /// A token seen before is not decoded again, only its `exp` checked against the clock (its
    /// signature, audience, issuer and `nbf` cannot have changed).
    pub fn verify(&self, token: &str) -> Result<Arc<AccessClaims>, jsonwebtoken::errors::Error> {
        if let Some(claims) = self.verified.get(token) {
            let now = chrono::Utc::now().timestamp();
            if claims.exp.saturating_add(LEEWAY_SECS as i64) >= now {
                return Ok(claims);
            }
            self.verified.invalidate(token);
        }
        let claims = Arc::new(
            jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)?.claims,
        );
        self.verified.insert(token.to_owned(), Arc::clone(&claims));
        Ok(claims)
    }
}

/// 256 random bits, URL-safe base64 without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for an opaque token: lowercase hex SHA-256.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A recovery code a person can type: 16 characters from an alphabet without look-alikes, in
/// groups of four (`xxxx-xxxx-xxxx-xxxx`, ≈ 79 bits, so a leaked SHA-256 of it cannot be
/// brute-forced).
pub fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut code = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    code
}

/// Recovery codes are compared without case or the dash, then hashed.
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
