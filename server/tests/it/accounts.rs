//! Builders for account tests: a server with a known JWT secret, registered users, logins, and
//! the mail the server wrote to its outbox directory.

use std::time::{Duration, Instant};

use marquee_server::config::{Config, Secret};
use serde_json::{Value, json};

use crate::support::TestServer;

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-0123456789";
pub const PASSWORD: &str = "correct horse battery staple";

pub async fn server() -> TestServer {
    server_with(|c| c).await
}

pub async fn server_with(tweak: impl FnOnce(Config) -> Config) -> TestServer {
    TestServer::start_with(
        |_| None,
        |mut config| {
            config.auth.jwt_secret = Some(Secret(JWT_SECRET.to_owned()));
            tweak(config)
        },
    )
    .await
}

/// A registered, logged-in account.
#[derive(Debug, Clone)]
pub struct User {
    pub email: String,
    pub access: String,
    pub refresh: String,
}

impl User {
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.access)
    }
}

pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", uuid::Uuid::new_v4().simple())
}

pub async fn register(s: &TestServer, email: &str, password: &str) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/auth/register"))
        .json(&json!({ "email": email, "password": password, "name": "Test Person" }))
        .send()
        .await
        .expect("test helper: unexpected error")
}

pub async fn login_raw(s: &TestServer, body: Value) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .expect("test helper: unexpected error")
}

pub async fn login(s: &TestServer, email: &str, password: &str) -> Value {
    let r = login_raw(s, json!({ "email": email, "password": password })).await;
    assert_eq!(r.status(), 200, "login of {email}");
    r.json().await.expect("test helper: unexpected error")
}

pub async fn new_user(s: &TestServer, prefix: &str) -> User {
    let email = unique_email(prefix);
    assert_eq!(register(s, &email, PASSWORD).await.status(), 201);
    let pair = login(s, &email, PASSWORD).await;
    User {
        email,
        access: pair["access_token"]
            .as_str()
            .expect("test helper: unexpected error")
            .to_owned(),
        refresh: pair["refresh_token"]
            .as_str()
            .expect("test helper: unexpected error")
            .to_owned(),
    }
}

pub async fn get(s: &TestServer, path: &str, bearer: &str) -> reqwest::Response {
    s.client
        .get(s.url(path))
        .header("authorization", bearer)
        .send()
        .await
        .expect("test helper: unexpected error")
}

pub async fn refresh(s: &TestServer, token: &str) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": token }))
        .send()
        .await
        .expect("test helper: unexpected error")
}

/// Every `.eml` the mailer wrote for `to`, waiting up to 10 s for at least `count` of them.
pub async fn mails_to(s: &TestServer, to: &str, count: usize) -> Vec<String> {
    let dir = s.data_dir().join("outbox");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "eml")
                    && let Ok(text) = std::fs::read_to_string(&path)
                    && text.lines().any(|l| l.starts_with("To:") && l.contains(to))
                {
                    found.push(text);
                }
            }
        }
        if found.len() >= count || Instant::now() > deadline {
            assert!(
                found.len() >= count,
                "expected {count} mails to {to} in {}, found {}",
                dir.display(),
                found.len()
            );
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `Token:` line of the newest mail to `to` whose subject contains `subject`.
pub async fn mailed_token(s: &TestServer, to: &str, subject: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mails = mails_to(s, to, 1).await;
        let token = mails
            .iter()
            .filter(|m| {
                m.lines()
                    .any(|l| l.starts_with("Subject:") && l.contains(subject))
            })
            .filter_map(|m| {
                m.lines()
                    .find_map(|l| l.strip_prefix("Token: "))
                    .map(|t| t.trim().to_owned())
            })
            .next_back();
        if let Some(token) = token {
            return token;
        }
        assert!(
            Instant::now() < deadline,
            "no mail with subject {subject:?} to {to}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Makes an account an admin the way an operator would: in the database.
pub fn make_admin(s: &TestServer, email: &str) {
    use diesel::prelude::*;
    use marquee_db::schema::users;
    let mut conn = s.db.conn();
    let n = diesel::update(users::table.filter(users::email_normalized.eq(email.to_lowercase())))
        .set(users::role.eq("admin"))
        .execute(&mut conn)
        .expect("test helper: unexpected error");
    assert_eq!(n, 1);
}

/// The current TOTP code for a base32 secret, `steps_ahead` time steps in the future.
pub fn totp_code(secret: &str, steps_ahead: u64) -> String {
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(
            totp_rs::Secret::try_from_base32(secret).expect("test helper: unexpected error"),
        )
        .build_noncompliant();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("test helper: unexpected error")
        .as_secs();
    totp.generate(now + 30 * steps_ahead).to_string()
}
