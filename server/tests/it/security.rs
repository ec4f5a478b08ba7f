//! Attacks on accounts and sessions, each test named after one, over real HTTP against the real
//! server and database.

use base64::Engine;
use diesel::prelude::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use marquee_db::schema::{one_time_tokens, refresh_tokens, users};
use serde_json::{Value, json};

use crate::accounts::*;
use crate::support::{TestServer, error_body};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims as the server issues them, for `sub`/`sid` of a real session.
fn claims_of(token: &str) -> Value {
    let payload = token
        .split('.')
        .nth(1)
        .expect("test helper: unexpected error");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("test helper: unexpected error");
    serde_json::from_slice(&bytes).expect("test helper: unexpected error")
}

fn sign(claims: &Value, alg: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret))
        .expect("test helper: unexpected error")
}

async fn assert_401(s: &TestServer, token: &str) {
    let r = get(s, "/api/v1/me", &format!("Bearer {token}")).await;
    assert_eq!(
        r.headers()
            .get("www-authenticate")
            .expect("test helper: unexpected error"),
        "Bearer"
    );
    error_body(r, 401, "unauthorized").await;
}

/// A real session whose genuine token works, and its claims to forge from.
async fn victim(s: &TestServer) -> (User, Value) {
    let user = new_user(s, "victim").await;
    assert_eq!(get(s, "/api/v1/me", &user.bearer()).await.status(), 200);
    let claims = claims_of(&user.access);
    (user, claims)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plaintext_passwords_and_tokens_are_never_stored() {
    let s = server().await;
    let user = new_user(&s, "plain").await;
    let r = s
        .client
        .post(s.url("/api/v1/auth/password-reset"))
        .json(&json!({ "email": user.email }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let reset = mailed_token(&s, &user.email, "Reset").await;
    let verify = mailed_token(&s, &user.email, "Confirm").await;

    let mut conn = s.db.conn();
    let (hash,): (String,) = users::table
        .filter(users::email_normalized.eq(&user.email))
        .select((users::password_hash,))
        .first(&mut conn)
        .unwrap();
    assert!(hash.starts_with("$2"), "bcrypt hash expected, got {hash}");
    assert!(!hash.contains(PASSWORD));
    let refresh_hashes: Vec<String> = refresh_tokens::table
        .select(refresh_tokens::token_hash)
        .load(&mut conn)
        .unwrap();
    assert_eq!(refresh_hashes.len(), 1);
    assert!(
        refresh_hashes
            .iter()
            .all(|h| h != &user.refresh && !h.contains(&user.refresh))
    );
    let mail_hashes: Vec<String> = one_time_tokens::table
        .select(one_time_tokens::token_hash)
        .load(&mut conn)
        .unwrap();
    assert_eq!(mail_hashes.len(), 2);
    for token in [&reset, &verify] {
        assert!(mail_hashes.iter().all(|h| !h.contains(token.as_str())));
    }
    // Nor anywhere else: the password appears in no text column of any account table.
    let dump: Vec<(String, String, String)> = users::table
        .select((users::email, users::name, users::password_hash))
        .load(&mut conn)
        .unwrap();
    assert!(
        dump.iter()
            .all(|(a, b, c)| ![a, b, c].iter().any(|v| v.contains(PASSWORD)))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_signature_is_401() {
    let s = server().await;
    let (_, claims) = victim(&s).await;
    assert_401(
        &s,
        &sign(
            &claims,
            Algorithm::HS256,
            b"another-secret-of-the-attacker-0123456789",
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alg_none_token_is_401() {
    let s = server().await;
    let (_, claims) = victim(&s).await;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = b64.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = b64.encode(serde_json::to_vec(&claims).unwrap());
    assert_401(&s, &format!("{header}.{payload}.")).await;
    assert_401(&s, &format!("{header}.{payload}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_algorithm_with_the_right_secret_is_401() {
    let s = server().await;
    let (_, claims) = victim(&s).await;
    assert_401(&s, &sign(&claims, Algorithm::HS512, JWT_SECRET.as_bytes())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_audience_is_401() {
    let s = server().await;
    let (_, mut claims) = victim(&s).await;
    // The control: re-signing the genuine claims is accepted, so only the audience differs.
    assert_eq!(
        get(
            &s,
            "/api/v1/me",
            &format!(
                "Bearer {}",
                sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())
            )
        )
        .await
        .status(),
        200
    );
    claims["aud"] = json!("some-other-service");
    assert_401(&s, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_token_is_401() {
    let s = server().await;
    let (_, mut claims) = victim(&s).await;
    claims["iat"] = json!(now() - 7200);
    claims["nbf"] = json!(now() - 7200);
    claims["exp"] = json!(now() - 3600);
    assert_401(&s, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
}

/// A verified token is remembered so later requests skip the signature check; the clock still
/// ends it. This one is 25 s past `exp`, inside the 30 s leeway: accepted, then refused once the
/// leeway runs out, although its first check is remembered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_token_is_refused_once_it_expires() {
    let s = server().await;
    let (_, mut claims) = victim(&s).await;
    let exp = now() - 25;
    claims["exp"] = json!(exp);
    let token = sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes());
    assert_eq!(
        get(&s, "/api/v1/me", &format!("Bearer {token}"))
            .await
            .status(),
        200
    );
    while now() <= exp + 30 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_401(&s, &token).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_yet_valid_token_is_401() {
    let s = server().await;
    let (_, mut claims) = victim(&s).await;
    claims["nbf"] = json!(now() + 3600);
    claims["exp"] = json!(now() + 7200);
    assert_401(&s, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_token_is_401() {
    let s = server().await;
    let (user, mut claims) = victim(&s).await;
    // Keep the genuine signature, change the payload: role and subject.
    claims["role"] = json!("admin");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = user.access.split('.').collect();
    let payload = b64.encode(serde_json::to_vec(&claims).unwrap());
    assert_401(&s, &format!("{}.{payload}.{}", parts[0], parts[2])).await;
    // And a flipped signature byte.
    let mut sig = b64.decode(parts[2]).unwrap();
    sig[0] ^= 1;
    assert_401(
        &s,
        &format!("{}.{}.{}", parts[0], parts[1], b64.encode(sig)),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_in_query_string_is_not_accepted() {
    let s = server().await;
    let (user, _) = victim(&s).await;
    for q in ["access_token", "token", "authorization"] {
        let r = s
            .client
            .get(s.url(&format!("/api/v1/me?{q}={}", user.access)))
            .send()
            .await
            .unwrap();
        error_body(r, 401, "unauthorized").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_token_replay_revokes_the_whole_family() {
    let s = server().await;
    let user = new_user(&s, "replay").await;
    let r = refresh(&s, &user.refresh).await;
    assert_eq!(r.status(), 200);
    let second: Value = r.json().await.unwrap();
    let newest_refresh = second["refresh_token"].as_str().unwrap();
    let newest_access = second["access_token"].as_str().unwrap();
    assert_ne!(newest_refresh, user.refresh);
    assert_eq!(
        get(&s, "/api/v1/me", &format!("Bearer {newest_access}"))
            .await
            .status(),
        200
    );

    // The attacker replays the first (spent) token.
    error_body(
        refresh(&s, &user.refresh).await,
        401,
        "refresh_token_reused",
    )
    .await;
    // Now the legitimate newest tokens are dead too: the family is revoked.
    error_body(
        refresh(&s, newest_refresh).await,
        401,
        "invalid_refresh_token",
    )
    .await;
    assert_401(&s, newest_access).await;
    assert_401(&s, &user.access).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_token_is_401_at_once_after_logout() {
    let s = server().await;
    let user = new_user(&s, "logout").await;
    let other = login(&s, &user.email, PASSWORD).await;
    assert_eq!(get(&s, "/api/v1/me", &user.bearer()).await.status(), 200);
    let r = s
        .client
        .post(s.url("/api/v1/auth/logout"))
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_401(&s, &user.access).await;
    error_body(
        refresh(&s, &user.refresh).await,
        401,
        "invalid_refresh_token",
    )
    .await;
    // Only that session: the other device stays logged in.
    let other_access = other["access_token"].as_str().unwrap();
    assert_eq!(
        get(&s, "/api/v1/me", &format!("Bearer {other_access}"))
            .await
            .status(),
        200
    );
}

/// Ends every session of `user` straight in the database, as another process would (a second
/// `marqueed`, `marqueectl`): this server learns of it only by reading.
fn revoke_elsewhere(s: &TestServer, user: &User) {
    let mut conn = s.db.conn();
    let user_id: i64 = users::table
        .filter(users::email_normalized.eq(&user.email))
        .select(users::id)
        .first(&mut conn)
        .unwrap();
    let ended =
        marquee_db::queries::sessions::revoke_all_for_user(&mut conn, user_id, None, "admin")
            .unwrap();
    assert_eq!(ended, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ended_by_another_process_stops_working_within_the_check_window() {
    let s = server().await;
    let user = new_user(&s, "elsewhere").await;
    // Checked once: the session is now remembered for the default 1 s window.
    assert_eq!(get(&s, "/api/v1/me", &user.bearer()).await.status(), 200);
    revoke_elsewhere(&s, &user);
    let ended = std::time::Instant::now();
    loop {
        let status = get(&s, "/api/v1/me", &user.bearer()).await.status();
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            ended.elapsed() < std::time::Duration::from_millis(1500),
            "the token still worked {:?} after its session ended",
            ended.elapsed()
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_zero_check_window_another_process_revocation_applies_to_the_next_request() {
    let s = server_with(|mut c| {
        c.auth.session_check_ttl = std::time::Duration::ZERO;
        c
    })
    .await;
    let user = new_user(&s, "strict").await;
    assert_eq!(get(&s, "/api/v1/me", &user.bearer()).await.status(), 200);
    revoke_elsewhere(&s, &user);
    assert_401(&s, &user.access).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brute_force_locks_the_account_after_5_failures_with_retry_after() {
    let s = server().await;
    let email = unique_email("brute");
    assert_eq!(register(&s, &email, PASSWORD).await.status(), 201);
    for _ in 0..5 {
        let r = login_raw(
            &s,
            json!({ "email": email, "password": "wrong password 123" }),
        )
        .await;
        error_body(r, 401, "invalid_credentials").await;
    }
    // The 6th attempt is refused even with the right password.
    let r = login_raw(&s, json!({ "email": email, "password": PASSWORD })).await;
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let body = error_body(r, 429, "account_locked").await;
    assert_eq!(body["error"]["details"]["retry_after_seconds"], retry);

    // The owner can still reset, which lifts the lock.
    let r = s
        .client
        .post(s.url("/api/v1/auth/password-reset"))
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let token = mailed_token(&s, &email, "Reset").await;
    let r = s
        .client
        .post(s.url("/api/v1/auth/password-reset/confirm"))
        .json(&json!({ "token": token, "new_password": "a brand new passphrase" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    login(&s, &email, "a brand new passphrase").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_flood_from_one_address_is_429() {
    let s = server_with(|mut c| {
        c.auth.login_per_addr.count = 3;
        c
    })
    .await;
    for i in 0..3 {
        let r = login_raw(
            &s,
            json!({ "email": format!("nobody{i}@example.com"), "password": "whatever123" }),
        )
        .await;
        assert_eq!(r.status(), 401);
    }
    let r = login_raw(
        &s,
        json!({ "email": "nobody@example.com", "password": "whatever123" }),
    )
    .await;
    assert!(r.headers().get("retry-after").is_some());
    error_body(r, 429, "rate_limited").await;
}

/// A login attempt that says it was forwarded for `client`.
async fn login_forwarded(s: &TestServer, client: &str) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/auth/login"))
        .header("x-forwarded-for", format!("{client}, 10.9.9.9"))
        .json(&json!({ "email": "nobody@example.com", "password": "whatever123" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_address_limits_count_the_forwarded_client() {
    let s = server_with(|mut c| {
        c.auth.login_per_addr.count = 2;
        // The test client connects from 127.0.0.1, as nginx would; 10.9.9.9 is a second proxy.
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap(), "10.9.9.9".parse().unwrap()];
        c
    })
    .await;
    for _ in 0..2 {
        assert_eq!(login_forwarded(&s, "203.0.113.5").await.status(), 401);
    }
    error_body(
        login_forwarded(&s, "203.0.113.5").await,
        429,
        "rate_limited",
    )
    .await;
    // Another client behind the same proxy has its own budget.
    assert_eq!(login_forwarded(&s, "203.0.113.6").await.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_forwarded_for_from_an_untrusted_peer_is_ignored() {
    let s = server_with(|mut c| {
        c.auth.login_per_addr.count = 2;
        c
    })
    .await;
    for client in ["203.0.113.5", "203.0.113.6"] {
        assert_eq!(login_forwarded(&s, client).await.status(), 401);
    }
    // A client cannot dodge its budget by writing a new address each time.
    error_body(
        login_forwarded(&s, "203.0.113.7").await,
        429,
        "rate_limited",
    )
    .await;
}

#[test]
fn the_forwarded_client_is_the_right_most_untrusted_address() {
    use marquee_server::http::client_addr;
    let proxy: std::net::SocketAddr = "10.0.0.1:5555".parse().unwrap();
    let trusted: Vec<std::net::IpAddr> =
        vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
    let mut headers = http::HeaderMap::new();
    headers.append("x-forwarded-for", "6.6.6.6, 198.51.100.7".parse().unwrap());
    headers.append("x-forwarded-for", "10.0.0.2".parse().unwrap());
    // 6.6.6.6 was written by the client itself; 198.51.100.7 is who reached the first proxy.
    assert_eq!(
        client_addr(proxy, &headers, &trusted).ip().to_string(),
        "198.51.100.7"
    );
    // An untrusted peer's header is not believed.
    let stranger: std::net::SocketAddr = "192.0.2.1:4444".parse().unwrap();
    assert_eq!(client_addr(stranger, &headers, &trusted), stranger);
    // Garbage or no header: the proxy itself.
    let mut garbage = http::HeaderMap::new();
    garbage.insert("x-forwarded-for", "unknown".parse().unwrap());
    assert_eq!(client_addr(proxy, &garbage, &trusted), proxy);
    assert_eq!(client_addr(proxy, &http::HeaderMap::new(), &trusted), proxy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_budget_per_token_is_429() {
    let s = server_with(|mut c| {
        c.auth.api_per_token.count = 3;
        c
    })
    .await;
    let user = new_user(&s, "budget").await;
    for _ in 0..3 {
        assert_eq!(get(&s, "/api/v1/me", &user.bearer()).await.status(), 200);
    }
    let r = get(&s, "/api/v1/me", &user.bearer()).await;
    assert!(r.headers().get("retry-after").is_some());
    error_body(r, 429, "rate_limited").await;
}

/// Every admin route: a `user` gets 403, no token 401, an admin gets through.
const ADMIN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/admin/users"),
    ("GET", "/api/v1/admin/search/top-queries"),
    ("GET", "/api/v1/admin/search/zero-results"),
    ("GET", "/api/v1/admin/jobs"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_role_gets_403_on_every_admin_route() {
    let s = server().await;
    let user = new_user(&s, "plainuser").await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    for (method, path) in ADMIN_ROUTES {
        let method: reqwest::Method = method.parse().unwrap();
        let r = s
            .client
            .request(method.clone(), s.url(path))
            .header("authorization", user.bearer())
            .send()
            .await
            .unwrap();
        error_body(r, 403, "forbidden").await;
        let r = s
            .client
            .request(method.clone(), s.url(path))
            .send()
            .await
            .unwrap();
        error_body(r, 401, "unauthorized").await;
        // The role is read from the database on each request, so the admin's existing token works.
        let r = s
            .client
            .request(method, s.url(path))
            .header("authorization", admin.bearer())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let r = get(&s, "/api/v1/admin/users", &admin.bearer()).await;
    let page: Value = r.json().await.unwrap();
    assert_eq!(page["pagination"]["total"], 2);
}

/// Every profile-scoped route; `{pid}` is replaced with the victim's profile id.
const PROFILE_ROUTES: &[(&str, &str, Option<&str>)] = &[
    (
        "PATCH",
        "/api/v1/profiles/{pid}",
        Some(r#"{"name":"pwned"}"#),
    ),
    ("DELETE", "/api/v1/profiles/{pid}", None),
    ("GET", "/api/v1/profiles/{pid}/preferences", None),
    (
        "PUT",
        "/api/v1/profiles/{pid}/preferences",
        Some(r#"{"genres":[],"languages":[]}"#),
    ),
    // Profile data (`{movie}`: a movie that exists, so only the profile check can 404).
    ("GET", "/api/v1/profiles/{pid}/watchlist", None),
    (
        "POST",
        "/api/v1/profiles/{pid}/watchlist",
        Some(r#"{"movie_id":{movie}}"#),
    ),
    ("DELETE", "/api/v1/profiles/{pid}/watchlist/{movie}", None),
    ("GET", "/api/v1/profiles/{pid}/ratings", None),
    (
        "PUT",
        "/api/v1/profiles/{pid}/ratings/{movie}",
        Some(r#"{"rating":3.5}"#),
    ),
    ("DELETE", "/api/v1/profiles/{pid}/ratings/{movie}", None),
    (
        "PUT",
        "/api/v1/profiles/{pid}/progress/{movie}",
        Some(r#"{"position_seconds":300,"duration_seconds":1000}"#),
    ),
    ("GET", "/api/v1/profiles/{pid}/continue-watching", None),
    (
        "DELETE",
        "/api/v1/profiles/{pid}/continue-watching/{movie}",
        None,
    ),
    ("GET", "/api/v1/profiles/{pid}/history", None),
    ("GET", "/api/v1/profiles/{pid}/movies/{movie}/state", None),
    // Recommendations.
    ("GET", "/api/v1/profiles/{pid}/for-you", None),
    (
        "POST",
        "/api/v1/profiles/{pid}/not-interested/{movie}",
        None,
    ),
    (
        "DELETE",
        "/api/v1/profiles/{pid}/not-interested/{movie}",
        None,
    ),
    // Search history, and a search recorded into another account's profile.
    ("GET", "/api/v1/profiles/{pid}/search-history", None),
    ("DELETE", "/api/v1/profiles/{pid}/search-history", None),
    ("GET", "/api/v1/search?q=heat&profile_id={pid}", None),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_accounts_profile_ids_are_404_on_every_profile_route() {
    let s = server().await;
    let a = new_user(&s, "alice").await;
    let b = new_user(&s, "bob").await;
    let b_profiles: Value = get(&s, "/api/v1/profiles", &b.bearer())
        .await
        .json()
        .await
        .unwrap();
    let b_pid = b_profiles[0]["id"].as_i64().unwrap();
    // Give B a second profile so DELETE is not refused for being the last one.
    s.client
        .post(s.url("/api/v1/profiles"))
        .header("authorization", b.bearer())
        .json(&json!({ "name": "Kids", "is_kids": true }))
        .send()
        .await
        .unwrap();
    let movie = crate::fixtures::movie("Victim's pick").insert(&mut s.db.conn());
    for (method, path, body) in PROFILE_ROUTES {
        let path = path.replace("{movie}", &movie.to_string());
        let body = body.map(|b| b.replace("{movie}", &movie.to_string()));
        let body = body.as_deref();
        let url = s.url(&path.replace("{pid}", &b_pid.to_string()));
        let mut request = s
            .client
            .request(method.parse().unwrap(), &url)
            .header("authorization", a.bearer());
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let r = request.send().await.unwrap();
        error_body(r, 404, "not_found").await;
        // The same id that does not exist at all looks the same.
        let url = s.url(&path.replace("{pid}", "987654321"));
        let mut request = s
            .client
            .request(method.parse().unwrap(), &url)
            .header("authorization", a.bearer());
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        error_body(request.send().await.unwrap(), 404, "not_found").await;
    }
    // B's profile is untouched.
    let after: Value = get(&s, "/api/v1/profiles", &b.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after[0]["id"], b_pid);
    assert_eq!(after[0]["name"], b_profiles[0]["name"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mass_assignment_role_admin_at_registration_is_still_a_user() {
    let s = server().await;
    let email = unique_email("sneaky");
    let r = s
        .client
        .post(s.url("/api/v1/auth/register"))
        .json(&json!({
            "email": email, "password": PASSWORD, "name": "Sneaky",
            "role": "admin", "email_verified": true, "email_verified_at": "2020-01-01T00:00:00Z", "id": 1,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let pair = login(&s, &email, PASSWORD).await;
    let me: Value = get(
        &s,
        "/api/v1/me",
        &format!("Bearer {}", pair["access_token"].as_str().unwrap()),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(me["role"], "user");
    assert_eq!(me["email_verified"], false);
    let r = get(
        &s,
        "/api/v1/admin/users",
        &format!("Bearer {}", pair["access_token"].as_str().unwrap()),
    )
    .await;
    error_body(r, 403, "forbidden").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_are_on_every_response() {
    let s = server_with(|mut c| {
        c.hsts = true;
        c
    })
    .await;
    let user = new_user(&s, "headers").await;
    for r in [
        get(&s, "/api/v1/me", &user.bearer()).await,
        s.client.get(s.url("/api/v1/me")).send().await.unwrap(),
        login_raw(&s, json!({ "email": user.email, "password": PASSWORD })).await,
    ] {
        let h = r.headers();
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
        assert_eq!(h.get("cache-control").unwrap(), "no-store");
        assert!(
            h.get("strict-transport-security")
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_allows_only_configured_origins() {
    let s = server_with(|mut c| {
        c.cors_origins = vec!["https://app.example.com".to_owned()];
        c
    })
    .await;
    let preflight = |origin: &'static str| {
        s.client
            .request(reqwest::Method::OPTIONS, s.url("/api/v1/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let ok = preflight("https://app.example.com").await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.headers().get("access-control-allow-origin").unwrap(),
        "https://app.example.com"
    );
    let evil = preflight("https://evil.example.net").await.unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());
    error_body(evil, 403, "cors_forbidden").await;

    // Without configured origins, no CORS headers at all: browsers refuse cross-origin calls.
    let s2 = server().await;
    let r = s2
        .client
        .get(s2.url("/healthz"))
        .header("origin", "https://evil.example.net")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

#[test]
fn short_jwt_secret_is_refused_at_start() {
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let cli = marquee_server::config::Cli::parse_from([
        "marqueed",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--jwt-secret",
        "only-31-bytes-long-0123456789ab",
    ]);
    let err = format!(
        "{:#}",
        marquee_server::config::Config::from_cli(cli).unwrap_err()
    );
    assert!(err.contains("at least 32"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_jwt_secret_is_private_and_survives_restarts() {
    use std::os::unix::fs::PermissionsExt;
    // No secret configured: the first server generates one in its data directory.
    let s = TestServer::start().await;
    let path = s.data_dir().join("jwt-secret");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let secret = std::fs::read_to_string(&path).unwrap();
    assert!(secret.len() >= 32);
    let user = new_user(&s, "restart").await;
    // A second server on the same data directory (a restart) accepts the first one's tokens.
    let config = marquee_server::config::Config::for_database(s.db.url().clone(), s.data_dir());
    let state = marquee_server::prepare(config).await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), secret);
    let token = user.access.clone();
    let verified = state.security().jwt.verify(&token);
    assert!(verified.is_ok(), "{verified:?}");
    // A secret file others can read is refused.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = marquee_server::config::Config::for_database(s.db.url().clone(), s.data_dir());
    let err = format!("{:#}", marquee_server::prepare(config).await.err().unwrap());
    assert!(err.contains("chmod 600"), "{err}");
}
