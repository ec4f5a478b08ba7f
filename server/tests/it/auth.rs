//! Account flows: registration rules, mail tokens, TOTP, sessions, password change.

use std::time::Duration;

use serde_json::{Value, json};

use crate::accounts::*;
use crate::support::{TestServer, error_body};

async fn post(s: &TestServer, path: &str, bearer: Option<&str>, body: Value) -> reqwest::Response {
    let mut r = s.client.post(s.url(path)).json(&body);
    if let Some(b) = bearer {
        r = r.header("authorization", b);
    }
    r.send().await.expect("test helper: unexpected error")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_names_each_broken_rule() {
    let s = server().await;
    let cases = [
        (
            json!({"email": "not-an-email", "password": PASSWORD, "name": "A"}),
            "email",
        ),
        (
            json!({"email": "a@example.com", "password": "short", "name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": "password1", "name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": "x".repeat(129), "name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": PASSWORD, "name": "  "}),
            "name",
        ),
    ];
    for (body, field) in cases {
        let r = post(&s, "/api/v1/auth/register", None, body.clone()).await;
        let err = error_body(r, 400, "validation_failed").await;
        assert!(
            err["error"]["details"]["fields"][field].is_string(),
            "{body} → {err}"
        );
    }
    // All broken rules at once are all named.
    let r = post(
        &s,
        "/api/v1/auth/register",
        None,
        json!({"email": "x", "password": "123", "name": ""}),
    )
    .await;
    let err = error_body(r, 400, "validation_failed").await;
    let fields = err["error"]["details"]["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 3, "{err}");
    assert!(
        fields["password"].as_str().unwrap().contains("12"),
        "mentions the recommended length"
    );
    // 128 characters of multi-byte text (far over bcrypt's 72 bytes) is accepted, and every byte counts.
    let long = "é".repeat(128);
    let email = unique_email("long");
    assert_eq!(register(&s, &email, &long).await.status(), 201);
    login(&s, &email, &long).await;
    let almost = format!("{}e", "é".repeat(127));
    let r = login_raw(&s, json!({"email": email, "password": almost})).await;
    assert_eq!(r.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_answers_the_same_for_a_taken_address() {
    let s = server().await;
    let email = unique_email("taken");
    let first = register(&s, &email, PASSWORD).await;
    let (status1, body1): (u16, Value) = (first.status().as_u16(), first.json().await.unwrap());
    // Same address, other case: unique case-insensitively, and the answer gives nothing away.
    let second = register(&s, &email.to_uppercase(), "another good passphrase").await;
    let (status2, body2): (u16, Value) = (second.status().as_u16(), second.json().await.unwrap());
    assert_eq!((status1, &body1), (status2, &body2));
    // The owner is told instead, and the original password still works.
    let mails = mails_to(&s, &email, 2).await;
    assert!(mails.iter().any(|m| m.contains("Someone tried to sign up")));
    login(&s, &email, PASSWORD).await;
    let r = login_raw(
        &s,
        json!({"email": email, "password": "another good passphrase"}),
    )
    .await;
    assert_eq!(r.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_creates_the_first_profile_and_mails_a_verification() {
    let s = server().await;
    let user = new_user(&s, "fresh").await;
    let profiles: Value = get(&s, "/api/v1/profiles", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profiles.as_array().unwrap().len(), 1);
    assert_eq!(profiles[0]["name"], "Test Person");
    let mails = mails_to(&s, &user.email, 1).await;
    assert!(
        mails[0].contains("Subject: Confirm your Marquee email address"),
        "{}",
        mails[0]
    );
    let me: Value = get(&s, "/api/v1/me", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], user.email);
    assert_eq!(me["role"], "user");
    assert_eq!(me["email_verified"], false);
    assert_eq!(me["totp_enabled"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_token_works_once() {
    let s = server().await;
    let user = new_user(&s, "verify").await;
    let token = mailed_token(&s, &user.email, "Confirm").await;
    let r = post(
        &s,
        "/api/v1/auth/verify-email",
        None,
        json!({"token": token}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let me: Value = get(&s, "/api/v1/me", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email_verified"], true);
    let r = post(
        &s,
        "/api/v1/auth/verify-email",
        None,
        json!({"token": token}),
    )
    .await;
    error_body(r, 400, "invalid_or_expired_token").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_token_works_once_and_ends_every_session() {
    let s = server().await;
    let user = new_user(&s, "reset").await;
    let r = post(
        &s,
        "/api/v1/auth/password-reset",
        None,
        json!({"email": user.email}),
    )
    .await;
    assert_eq!(r.status(), 202);
    let unknown = post(
        &s,
        "/api/v1/auth/password-reset",
        None,
        json!({"email": "nobody@example.com"}),
    )
    .await;
    assert_eq!(unknown.status(), 202, "same answer for unknown addresses");
    let token = mailed_token(&s, &user.email, "Reset").await;
    let confirm = |pw: &'static str| {
        post(
            &s,
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "new_password": pw}),
        )
    };
    let weak = confirm("password").await;
    error_body(weak, 400, "validation_failed").await;
    assert_eq!(confirm("my new secret phrase").await.status(), 200);
    error_body(
        confirm("yet another phrase!").await,
        400,
        "invalid_or_expired_token",
    )
    .await;
    // Old sessions are over, the old password is gone, the new one works.
    error_body(
        get(&s, "/api/v1/me", &user.bearer()).await,
        401,
        "unauthorized",
    )
    .await;
    assert_eq!(
        login_raw(&s, json!({"email": user.email, "password": PASSWORD}))
            .await
            .status(),
        401
    );
    login(&s, &user.email, "my new secret phrase").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_and_verification_tokens_expire() {
    let s = server_with(|mut c| {
        c.auth.verify_ttl = Duration::from_secs(1);
        c.auth.reset_ttl = Duration::from_secs(1);
        c
    })
    .await;
    let user = new_user(&s, "expiry").await;
    post(
        &s,
        "/api/v1/auth/password-reset",
        None,
        json!({"email": user.email}),
    )
    .await;
    let reset = mailed_token(&s, &user.email, "Reset").await;
    let verify = mailed_token(&s, &user.email, "Confirm").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let r = post(
        &s,
        "/api/v1/auth/verify-email",
        None,
        json!({"token": verify}),
    )
    .await;
    error_body(r, 400, "invalid_or_expired_token").await;
    let r = post(
        &s,
        "/api/v1/auth/password-reset/confirm",
        None,
        json!({"token": reset, "new_password": "fresh secret phrase"}),
    )
    .await;
    error_body(r, 400, "invalid_or_expired_token").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_enrolment_login_with_code_and_recovery_code_once() {
    let s = server().await;
    let user = new_user(&s, "totp").await;
    let setup: Value = post(
        &s,
        "/api/v1/auth/2fa/setup",
        Some(&user.bearer()),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let uri = setup["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");

    let r = post(
        &s,
        "/api/v1/auth/2fa/enable",
        Some(&user.bearer()),
        json!({"code": "000000"}),
    )
    .await;
    if totp_code(&secret, 0) != "000000" {
        error_body(r, 400, "validation_failed").await;
    }
    let r = post(
        &s,
        "/api/v1/auth/2fa/enable",
        Some(&user.bearer()),
        json!({"code": totp_code(&secret, 0)}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let codes: Value = r.json().await.unwrap();
    let codes: Vec<String> = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);

    // Wrong password: the code is not even asked for.
    let r = login_raw(
        &s,
        json!({"email": user.email, "password": "not the password"}),
    )
    .await;
    error_body(r, 401, "invalid_credentials").await;
    let r = login_raw(&s, json!({"email": user.email, "password": PASSWORD})).await;
    error_body(r, 401, "totp_required").await;
    // The next step's code (the enabling code used this one): accepted once.
    let code = totp_code(&secret, 1);
    let r = login_raw(
        &s,
        json!({"email": user.email, "password": PASSWORD, "totp_code": code}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = login_raw(
        &s,
        json!({"email": user.email, "password": PASSWORD, "totp_code": code}),
    )
    .await;
    error_body(r, 401, "invalid_totp").await;
    // A recovery code works once, typed in any case.
    let r = login_raw(&s, json!({"email": user.email, "password": PASSWORD, "recovery_code": codes[0].to_uppercase()})).await;
    assert_eq!(r.status(), 200);
    let r = login_raw(
        &s,
        json!({"email": user.email, "password": PASSWORD, "recovery_code": codes[0]}),
    )
    .await;
    error_body(r, 401, "invalid_totp").await;
    let me: Value = get(&s, "/api/v1/me", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["totp_enabled"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_never_bypasses_2fa() {
    let s = server().await;
    let user = new_user(&s, "reset2fa").await;
    let setup: Value = post(
        &s,
        "/api/v1/auth/2fa/setup",
        Some(&user.bearer()),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let r = post(
        &s,
        "/api/v1/auth/2fa/enable",
        Some(&user.bearer()),
        json!({"code": totp_code(&secret, 0)}),
    )
    .await;
    assert_eq!(r.status(), 200);
    post(
        &s,
        "/api/v1/auth/password-reset",
        None,
        json!({"email": user.email}),
    )
    .await;
    let token = mailed_token(&s, &user.email, "Reset").await;
    let body = json!({"token": token, "new_password": "stolen mailbox phrase"});
    error_body(
        post(&s, "/api/v1/auth/password-reset/confirm", None, body).await,
        401,
        "totp_required",
    )
    .await;
    let body = json!({"token": token, "new_password": "stolen mailbox phrase", "totp_code": totp_code(&secret, 1)});
    assert_eq!(
        post(&s, "/api/v1/auth/password-reset/confirm", None, body)
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_listed_and_ended_one_by_one() {
    let s = server().await;
    let user = new_user(&s, "devices").await;
    let laptop = login(&s, &user.email, PASSWORD).await;
    let laptop_bearer = format!("Bearer {}", laptop["access_token"].as_str().unwrap());
    let list: Value = get(&s, "/api/v1/me/sessions", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|x| x["current"] == true).count(), 1);
    let other_id = list.iter().find(|x| x["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();

    // Another account cannot end it (404), its owner can.
    let stranger = new_user(&s, "stranger").await;
    let r = s
        .client
        .delete(s.url(&format!("/api/v1/me/sessions/{other_id}")))
        .header("authorization", stranger.bearer())
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
    let r = s
        .client
        .delete(s.url(&format!("/api/v1/me/sessions/{other_id}")))
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    error_body(
        get(&s, "/api/v1/me", &laptop_bearer).await,
        401,
        "unauthorized",
    )
    .await;
    assert_eq!(get(&s, "/api/v1/me", &user.bearer()).await.status(), 200);
    let list: Value = get(&s, "/api/v1/me/sessions", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_other_sessions() {
    let s = server().await;
    let user = new_user(&s, "change").await;
    let other = login(&s, &user.email, PASSWORD).await;
    let r = post(
        &s,
        "/api/v1/me/password",
        Some(&user.bearer()),
        json!({"current_password": "wrong one!", "new_password": "my next passphrase"}),
    )
    .await;
    error_body(r, 400, "validation_failed").await;
    let r = post(
        &s,
        "/api/v1/me/password",
        Some(&user.bearer()),
        json!({"current_password": PASSWORD, "new_password": "my next passphrase"}),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        get(&s, "/api/v1/me", &user.bearer()).await.status(),
        200,
        "this session stays"
    );
    let other_bearer = format!("Bearer {}", other["access_token"].as_str().unwrap());
    error_body(
        get(&s, "/api/v1/me", &other_bearer).await,
        401,
        "unauthorized",
    )
    .await;
    error_body(
        refresh(&s, other["refresh_token"].as_str().unwrap()).await,
        401,
        "invalid_refresh_token",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_crud_and_preferences() {
    let s = server().await;
    {
        use diesel::prelude::*;
        let mut conn = s.db.conn();
        diesel::sql_query("INSERT INTO genres (id, name, slug) VALUES (1, 'Drama', 'drama'), (2, 'Comedy', 'comedy')")
            .execute(&mut conn)
            .unwrap();
        diesel::sql_query("INSERT INTO languages (id, code, name) VALUES (1, 'en', 'English')")
            .execute(&mut conn)
            .unwrap();
        diesel::sql_query("INSERT INTO countries (id, code, name) VALUES (1, 'FR', 'France')")
            .execute(&mut conn)
            .unwrap();
    }
    let user = new_user(&s, "profiles").await;
    let bearer = user.bearer();
    let r = post(
        &s,
        "/api/v1/profiles",
        Some(&bearer),
        json!({"name": "Kids", "is_kids": true, "maturity_limit": 12}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let kids: Value = r.json().await.unwrap();
    let pid = kids["id"].as_i64().unwrap();
    assert_eq!(kids["maturity_limit"], 12);
    error_body(
        post(
            &s,
            "/api/v1/profiles",
            Some(&bearer),
            json!({"name": "Kids"}),
        )
        .await,
        409,
        "duplicate_profile_name",
    )
    .await;
    error_body(
        post(
            &s,
            "/api/v1/profiles",
            Some(&bearer),
            json!({"name": "", "maturity_limit": 99}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;

    let r = s
        .client
        .patch(s.url(&format!("/api/v1/profiles/{pid}")))
        .header("authorization", &bearer)
        .json(&json!({"name": "Little ones", "maturity_limit": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let renamed: Value = r.json().await.unwrap();
    assert_eq!(renamed["name"], "Little ones");
    assert_eq!(renamed["maturity_limit"], Value::Null);

    let prefs_url = s.url(&format!("/api/v1/profiles/{pid}/preferences"));
    let defaults: Value = get(&s, &format!("/api/v1/profiles/{pid}/preferences"), &bearer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(defaults["genres"], json!([]));
    assert_eq!(defaults["diversity"], 50);
    let body = json!({"genres": ["drama", "comedy"], "languages": ["EN"], "country": "fr", "time_zone": "Europe/Paris", "maturity_limit": 7, "diversity": 80, "autoplay_trailers": false});
    let r = s
        .client
        .put(&prefs_url)
        .header("authorization", &bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(
        saved,
        json!({"genres": ["comedy", "drama"], "languages": ["en"], "country": "FR", "time_zone": "Europe/Paris", "maturity_limit": 7, "diversity": 80, "autoplay_trailers": false})
    );
    let bad = json!({"genres": ["westerns"], "country": "ZZ", "diversity": 101});
    let r = s
        .client
        .put(&prefs_url)
        .header("authorization", &bearer)
        .json(&bad)
        .send()
        .await
        .unwrap();
    let err = error_body(r, 400, "validation_failed").await;
    let fields = err["error"]["details"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("genres")
            && fields.contains_key("country")
            && fields.contains_key("diversity"),
        "{err}"
    );

    let r = s
        .client
        .delete(s.url(&format!("/api/v1/profiles/{pid}")))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let list: Value = get(&s, "/api/v1/profiles", &bearer)
        .await
        .json()
        .await
        .unwrap();
    let last = list[0]["id"].as_i64().unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let r = s
        .client
        .delete(s.url(&format!("/api/v1/profiles/{last}")))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    error_body(r, 409, "last_profile").await;
}
