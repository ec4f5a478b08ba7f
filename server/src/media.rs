//! Signed, expiring media URLs for trailers, and the checks `/media/…` makes on every request.
//!
//! A URL is `{base}/media/{token}/{path}` with `token = {exp}.{sid}.{scope}.{sig}`: the expiry
//! (Unix seconds), the session it was issued to, what it covers, and
//! `base64url(HMAC-SHA256(key, "marquee-media\n{scope}\n{covered path}\n{exp}\n{sid}"))`. The
//! token sits in the path rather than the query string so that an HLS playlist's relative
//! segment URLs resolve under the same token. `scope` is `f` (exactly this file: MP4, subtitles)
//! or a number `n` (any file below the first `n` path segments: the directory of an HLS
//! playlist). The key is derived from the server secret, so every server of a deployment (and a
//! CDN given the key) checks the same signatures.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Characters escaped in a path segment (RFC 3986 `pchar` minus what could change the path).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\');

/// Why a media request is refused (each maps to its own 403/400 code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The path has `.`/`..`/empty segments, backslashes or NULs, or is not UTF-8.
    InvalidPath,
    /// The token is malformed or its signature does not match the path, expiry and session.
    BadSignature,
    /// The signature is good but the expiry has passed.
    Expired,
    /// The signature is good but the caller's session is not the one it was issued to.
    WrongSession,
}

/// What a signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Exactly this file.
    File,
    /// Every file below the directory holding this file (HLS playlists and their segments).
    Directory,
}

pub struct UrlSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner { .. }")
    }
}

impl UrlSigner {
    /// A key of its own, derived from the server secret (never the JWT key itself).
    pub fn new(secret: &[u8]) -> UrlSigner {
        UrlSigner {
            key: mac(secret, b"marquee media url key v1"),
        }
    }

    /// `{token}/{escaped path}` for `location` (a clean relative path: see [`clean_path`]).
    pub fn sign(&self, location: &[String], scope: Scope, exp: i64, sid: i64) -> String {
        let (scope_text, covered) = match scope {
            Scope::File => ("f".to_owned(), location.join("/")),
            Scope::Directory => {
                let n = location.len().saturating_sub(1);
                (n.to_string(), directory(&location[..n]))
            }
        };
        let sig = self.signature(&scope_text, &covered, exp, sid);
        let path: Vec<String> = location
            .iter()
            .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
            .collect();
        format!("{exp}.{sid}.{scope_text}.{sig}/{}", path.join("/"))
    }

    /// Checks a request for `/media/{token}/{raw_path}` made at `now` (Unix seconds), in that
    /// order: path, signature, expiry, and, when the request carries a session (`caller_sid`),
    /// that it is the one the URL was issued to. Returns the clean path and the session the URL
    /// was issued to (a request without a session is served only while that session lives: the
    /// caller checks that).
    pub fn verify(
        &self,
        token: &str,
        raw_path: &str,
        now: i64,
        caller_sid: Option<i64>,
    ) -> Result<(Vec<String>, i64), Denied> {
        let path = clean_path(raw_path).ok_or(Denied::InvalidPath)?;
        let mut parts = token.split('.');
        let (Some(exp), Some(sid), Some(scope), Some(sig), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Denied::BadSignature);
        };
        let (Ok(exp), Ok(sid)) = (exp.parse::<i64>(), sid.parse::<i64>()) else {
            return Err(Denied::BadSignature);
        };
        let covered = if scope == "f" {
            path.join("/")
        } else {
            let n: usize = scope.parse().map_err(|_| Denied::BadSignature)?;
            if path.len() <= n {
                return Err(Denied::BadSignature);
            }
            directory(&path[..n])
        };
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| Denied::BadSignature)?;
        let mut check = HmacSha256::new_from_slice(&self.key).map_err(|_| Denied::BadSignature)?;
        check.update(message(scope, &covered, exp, sid).as_bytes());
        // Constant-time comparison.
        check.verify_slice(&sig).map_err(|_| Denied::BadSignature)?;
        if now >= exp {
            return Err(Denied::Expired);
        }
        if caller_sid.is_some_and(|caller| caller != sid) {
            return Err(Denied::WrongSession);
        }
        Ok((path, sid))
    }

    fn signature(&self, scope: &str, covered: &str, exp: i64, sid: i64) -> String {
        URL_SAFE_NO_PAD.encode(mac(&self.key, message(scope, covered, exp, sid).as_bytes()))
    }
}

fn message(scope: &str, covered: &str, exp: i64, sid: i64) -> String {
    format!("marquee-media\n{scope}\n{covered}\n{exp}\n{sid}")
}

fn directory(segments: &[String]) -> String {
    let mut dir = segments.join("/");
    dir.push('/');
    dir
}

fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length: this cannot fail.
    match HmacSha256::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// A stored rendition or subtitle location, checked: an absolute URL of another host, or a clean
/// path below the media directory. Checked when content is written (admin, imports) and again
/// before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `http://…` or `https://…`.
    Url(String),
    /// The segments of a relative path (see [`segments`]).
    Path(Vec<String>),
}

impl Location {
    /// `None` when `location` is neither an http(s) URL nor a clean relative path.
    pub fn parse(location: &str) -> Option<Location> {
        if location.starts_with("https://") || location.starts_with("http://") {
            return Some(Location::Url(location.to_owned()));
        }
        segments(location).map(Location::Path)
    }
}

/// The segments of a request path (percent-decoded), or `None` when it is not a clean relative
/// path (see [`segments`]).
pub fn clean_path(raw: &str) -> Option<Vec<String>> {
    segments(&percent_decode_str(raw).decode_utf8().ok()?)
}

/// The segments of a relative path, or `None` when any segment could leave the media directory
/// or name a file ambiguously: empty (so also a leading `/`), `.`, `..`, a backslash or a NUL.
/// Applied to stored locations before signing and to every request path.
pub fn segments(path: &str) -> Option<Vec<String>> {
    if path.is_empty() {
        return None;
    }
    path.split('/')
        .map(|segment| {
            let bad = segment.is_empty()
                || segment == "."
                || segment == ".."
                || segment.contains(['\\', '\0']);
            (!bad).then(|| segment.to_owned())
        })
        .collect()
}
