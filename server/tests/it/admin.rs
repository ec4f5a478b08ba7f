//! `/api/v1/admin/users/{user}*`, `/api/v1/admin/movies*` and `/api/v1/admin/jobs/{name}/run`:
//! admins only, the rules of `marquee_server::admin` (own account, last administrator, role
//! values, password policy, movie fields), and their effect at once (sessions, catalogue, search).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::accounts::*;
use crate::support::{TestServer, error_body};

async fn send(
    s: &TestServer,
    method: &str,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = s
        .client
        .request(method.parse().unwrap(), s.url(path))
        .header("authorization", bearer);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// Every new admin route, with a body where it takes one; `{user}` is the target's email.
const ROUTES: &[(&str, &str, Option<&str>)] = &[
    ("GET", "/api/v1/admin/users/{user}", None),
    ("POST", "/api/v1/admin/users/{user}/disable", None),
    ("POST", "/api/v1/admin/users/{user}/enable", None),
    (
        "PUT",
        "/api/v1/admin/users/{user}/role",
        Some(r#"{"role":"admin"}"#),
    ),
    ("POST", "/api/v1/admin/users/{user}/end-sessions", None),
    (
        "POST",
        "/api/v1/admin/users/{user}/reset-password",
        Some("{}"),
    ),
    ("POST", "/api/v1/admin/jobs/trending/run", None),
    ("POST", "/api/v1/admin/movies", Some(r#"{"title":"Nope"}"#)),
    (
        "PATCH",
        "/api/v1/admin/movies/1",
        Some(r#"{"title":"Nope"}"#),
    ),
    ("DELETE", "/api/v1/admin/movies/1", None),
    ("POST", "/api/v1/admin/people", Some(r#"{"name":"Nope"}"#)),
    (
        "PATCH",
        "/api/v1/admin/people/1",
        Some(r#"{"name":"Nope"}"#),
    ),
    ("DELETE", "/api/v1/admin/people/1", None),
    (
        "POST",
        "/api/v1/admin/trailers",
        Some(r#"{"movie_id":1,"title":"T","renditions":[]}"#),
    ),
    ("DELETE", "/api/v1/admin/trailers/1", None),
    ("GET", "/api/v1/admin/trailers/1", None),
    (
        "PATCH",
        "/api/v1/admin/trailers/1",
        Some(r#"{"title":"Nope"}"#),
    ),
    (
        "POST",
        "/api/v1/admin/trailers/1/subtitles",
        Some(r#"{"language":"en","location":"a.vtt"}"#),
    ),
    ("DELETE", "/api/v1/admin/trailers/1/subtitles/1", None),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_new_admin_route_is_403_for_a_user_and_401_without_a_token() {
    let s = server().await;
    let user = new_user(&s, "plain").await;
    let target = new_user(&s, "target").await;
    for (method, path, body) in ROUTES {
        let path = path.replace("{user}", &target.email);
        let body: Option<Value> = body.map(|b| serde_json::from_str(b).unwrap());
        let r = send(&s, method, &path, &user.bearer(), body.clone()).await;
        error_body(r, 403, "forbidden").await;
        let r = send(&s, method, &path, "Bearer nope", body).await;
        error_body(r, 401, "unauthorized").await;
    }
    // Nothing changed: the target still signs in and keeps its role.
    let me: Value = get(&s, "/api/v1/me", &target.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "user");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_finds_by_id_or_email_and_404_names_the_key() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let ann = new_user(&s, "ann").await;
    let by_email: Value = get(
        &s,
        &format!("/api/v1/admin/users/{}", ann.email.to_uppercase()),
        &admin.bearer(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_email["email"], ann.email.as_str());
    assert_eq!(by_email["role"], "user");
    assert_eq!(by_email["live_sessions"], 1);
    assert_eq!(by_email["profiles"], 1);
    assert_eq!(by_email["totp_enabled"], false);
    let id = by_email["id"].as_i64().unwrap();
    // Percent-encoded in the path, as the typed client sends it.
    let encoded = ann.email.replace('@', "%40");
    let by_id: Value = get(&s, &format!("/api/v1/admin/users/{id}"), &admin.bearer())
        .await
        .json()
        .await
        .unwrap();
    let by_encoded: Value = get(
        &s,
        &format!("/api/v1/admin/users/{encoded}"),
        &admin.bearer(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_id, by_email);
    assert_eq!(by_encoded, by_email);
    let r = get(
        &s,
        "/api/v1/admin/users/nobody@example.com",
        &admin.bearer(),
    )
    .await;
    let body = error_body(r, 404, "not_found").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nobody@example.com"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_ends_sessions_at_once_and_enable_lets_the_account_in_again() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let ann = new_user(&s, "ann").await;
    assert_eq!(get(&s, "/api/v1/me", &ann.bearer()).await.status(), 200);

    let path = format!("/api/v1/admin/users/{}/disable", ann.email);
    let r = send(&s, "POST", &path, &admin.bearer(), None).await;
    assert_eq!(r.status(), 200);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(detail["disabled"], true);
    assert_eq!(detail["live_sessions"], 0);
    // The very next request with the old token is refused, and so is a new login.
    error_body(
        get(&s, "/api/v1/me", &ann.bearer()).await,
        401,
        "unauthorized",
    )
    .await;
    let r = login_raw(&s, json!({ "email": ann.email, "password": PASSWORD })).await;
    error_body(r, 403, "account_disabled").await;

    let path = format!("/api/v1/admin/users/{}/enable", ann.email);
    let detail: Value = send(&s, "POST", &path, &admin.bearer(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["disabled"], false);
    login(&s, &ann.email, PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_changes_validate_the_role_and_protect_the_last_admin_and_oneself() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let ann = new_user(&s, "ann").await;

    let role = |email: &str| format!("/api/v1/admin/users/{email}/role");
    let r = send(
        &s,
        "PUT",
        &role(&ann.email),
        &admin.bearer(),
        Some(json!({"role": "root"})),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["role"]
            .as_str()
            .unwrap()
            .contains("`user` or `admin`"),
        "{body}"
    );
    // A body without the field is warp's 400, also naming it.
    let r = send(
        &s,
        "PUT",
        &role(&ann.email),
        &admin.bearer(),
        Some(json!({})),
    )
    .await;
    assert_eq!(r.status(), 400);
    let text = r.text().await.unwrap();
    assert!(text.contains("role"), "{text}");

    // Demoting oneself, and disabling oneself, are refused.
    let r = send(
        &s,
        "PUT",
        &role(&admin.email),
        &admin.bearer(),
        Some(json!({"role": "user"})),
    )
    .await;
    error_body(r, 409, "own_account").await;
    let path = format!("/api/v1/admin/users/{}/disable", admin.email);
    error_body(
        send(&s, "POST", &path, &admin.bearer(), None).await,
        409,
        "own_account",
    )
    .await;

    // Promote ann; she may demote the other admin, but then she is the last one.
    let r = send(
        &s,
        "PUT",
        &role(&ann.email),
        &admin.bearer(),
        Some(json!({"role": "admin"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(detail["role"], "admin");
    let r = send(
        &s,
        "PUT",
        &role(&admin.email),
        &ann.bearer(),
        Some(json!({"role": "user"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    // The demoted admin's token is refused on admin routes on its very next request.
    error_body(
        get(&s, "/api/v1/admin/users", &admin.bearer()).await,
        403,
        "forbidden",
    )
    .await;
    // Only ann is left: the rule says so even to someone else (here via direct database use).
    let mut conn = s.db.conn();
    let err = marquee_server::admin::set_role(&mut conn, None, &ann.email, "user").unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (409, "last_admin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_sessions_and_reset_password_take_effect_at_once() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let ann = new_user(&s, "ann").await;
    let second = login(&s, &ann.email, PASSWORD).await;

    let path = format!("/api/v1/admin/users/{}/end-sessions", ann.email);
    let ended: Value = send(&s, "POST", &path, &admin.bearer(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended["ended"], 2);
    error_body(
        get(&s, "/api/v1/me", &ann.bearer()).await,
        401,
        "unauthorized",
    )
    .await;
    let bearer = format!("Bearer {}", second["access_token"].as_str().unwrap());
    error_body(get(&s, "/api/v1/me", &bearer).await, 401, "unauthorized").await;

    // A password that breaks the policy names the field; nothing changes.
    let path = format!("/api/v1/admin/users/{}/reset-password", ann.email);
    let r = send(
        &s,
        "POST",
        &path,
        &admin.bearer(),
        Some(json!({"password": "short"})),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["password"].is_string(),
        "{body}"
    );
    login(&s, &ann.email, PASSWORD).await;

    // Generated: returned once, works, and the old one does not.
    let r = send(&s, "POST", &path, &admin.bearer(), Some(json!({}))).await;
    assert_eq!(r.status(), 200);
    let reset: Value = r.json().await.unwrap();
    assert_eq!(reset["sessions_ended"], 1);
    let generated = reset["generated_password"].as_str().unwrap();
    login(&s, &ann.email, generated).await;
    let r = login_raw(&s, json!({ "email": ann.email, "password": PASSWORD })).await;
    assert_eq!(r.status(), 401);

    // Chosen by the admin: not echoed back.
    let chosen = "a brand new passphrase for ann";
    let reset: Value = send(
        &s,
        "POST",
        &path,
        &admin.bearer(),
        Some(json!({"password": chosen})),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(reset.get("generated_password").is_none(), "{reset}");
    login(&s, &ann.email, chosen).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_job_validates_the_name_and_the_run_shows_in_the_job_list() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/jobs/coffee/run",
        &admin.bearer(),
        None,
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    let rule = body["error"]["details"]["fields"]["name"].as_str().unwrap();
    assert!(
        rule.contains("recommender") && rule.contains("search"),
        "{rule}"
    );

    for name in ["trending", "search", "analytics", "recommender"] {
        let r = send(
            &s,
            "POST",
            &format!("/api/v1/admin/jobs/{name}/run"),
            &admin.bearer(),
            None,
        )
        .await;
        assert_eq!(r.status(), 202, "{name}");
        let started: Value = r.json().await.unwrap();
        let requested = started["requested_at"].as_str().unwrap().to_owned();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let jobs: Value = get(&s, "/api/v1/admin/jobs", &admin.bearer())
                .await
                .json()
                .await
                .unwrap();
            let job = jobs["jobs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["name"] == name)
                .unwrap_or_else(|| panic!("{name} in {jobs}"))
                .clone();
            let started_at = job["last_started_at"].as_str().map(|t| {
                chrono::DateTime::parse_from_rfc3339(t).unwrap()
                    >= chrono::DateTime::parse_from_rfc3339(&requested).unwrap()
            });
            if started_at == Some(true)
                && job["running"] == false
                && job["last_finished_at"].is_string()
            {
                assert!(job["last_error"].is_null(), "{job}");
                break;
            }
            assert!(Instant::now() < deadline, "{name} did not finish: {job}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movies_are_added_edited_and_deleted_with_every_bad_field_named() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    {
        let mut c = s.db.conn();
        crate::fixtures::genre(&mut c, "drama");
        crate::fixtures::genre(&mut c, "comedy");
        crate::fixtures::language(&mut c, "en", "English");
    }

    // Every bad field at once, each with its rule; nothing is written.
    let bad = json!({
        "year": 1700, "release_date": "24/11/2026", "runtime_minutes": 0,
        "genres": ["drama", "space-opera"], "original_language": "xx", "poster_url": "ftp://x",
    });
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/movies",
        &admin.bearer(),
        Some(bad),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    let fields = &body["error"]["details"]["fields"];
    for field in [
        "title",
        "year",
        "release_date",
        "runtime_minutes",
        "genres",
        "original_language",
        "poster_url",
    ] {
        assert!(fields[field].is_string(), "{field} in {body}");
    }
    assert!(
        fields["genres"].as_str().unwrap().contains("space-opera"),
        "{body}"
    );
    assert_eq!(
        body["error"]["details"]["accepted"]["genres"],
        json!(["comedy", "drama"])
    );
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/movies",
        &admin.bearer(),
        Some(json!({"title": "X", "titel": "typo"})),
    )
    .await;
    assert_eq!(r.status(), 400, "unknown fields are refused");

    let new = json!({
        "title": "  The Quiet Harbour ", "release_date": "2024-03-01", "runtime_minutes": 104,
        "genres": ["drama"], "original_language": "EN", "overview": "Boats.",
    });
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/movies",
        &admin.bearer(),
        Some(new),
    )
    .await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["title"], "The Quiet Harbour");
    assert_eq!(created["year"], 2024, "the year follows the release date");
    assert_eq!(created["genres"][0]["code"], "drama");
    assert_eq!(created["original_language"]["code"], "en");
    // The public detail shows it, and search finds it at once.
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/movies/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public, created);
    let found: Value = s
        .client
        .get(s.url("/api/v1/search?q=quiet%20harbour"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["data"][0]["id"], id, "{found}");

    // Edit: only what is given; the cached detail is dropped.
    let r = send(
        &s,
        "PATCH",
        &format!("/api/v1/admin/movies/{id}"),
        &admin.bearer(),
        Some(json!({"title": "The Loud Harbour", "genres": ["comedy", "drama"]})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/movies/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["title"], "The Loud Harbour");
    assert_eq!(public["runtime_minutes"], 104);
    assert_eq!(public["genres"].as_array().unwrap().len(), 2);
    let r = send(
        &s,
        "PATCH",
        &format!("/api/v1/admin/movies/{id}"),
        &admin.bearer(),
        Some(json!({"title": ""})),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["title"].is_string(),
        "{body}"
    );
    let r = send(
        &s,
        "PATCH",
        "/api/v1/admin/movies/999999",
        &admin.bearer(),
        Some(json!({"year": 2000})),
    )
    .await;
    error_body(r, 404, "not_found").await;

    // Delete: gone from the detail and from search.
    let r = send(
        &s,
        "DELETE",
        &format!("/api/v1/admin/movies/{id}"),
        &admin.bearer(),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let deleted: Value = r.json().await.unwrap();
    assert_eq!(deleted["title"], "The Loud Harbour");
    let r = s
        .client
        .get(s.url(&format!("/api/v1/movies/{id}")))
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
    let found: Value = s
        .client
        .get(s.url("/api/v1/search?q=loud%20harbour"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        found["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != id),
        "{found}"
    );
    let r = send(
        &s,
        "DELETE",
        &format!("/api/v1/admin/movies/{id}"),
        &admin.bearer(),
        None,
    )
    .await;
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_are_added_edited_and_deleted_with_every_bad_field_named() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let bad =
        json!({"birth_date": "1990-02-30", "death_date": "2999-01-01", "profile_url": "nope"});
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/people",
        &admin.bearer(),
        Some(bad),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    for field in ["name", "birth_date", "death_date", "profile_url"] {
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{field} in {body}"
        );
    }

    let new = json!({"name": "Ada Vale", "birth_date": "1950-05-01", "known_for_department": "Directing"});
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/people",
        &admin.bearer(),
        Some(new),
    )
    .await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/people/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public, created);

    // A death date before the stored birth date is refused, naming both.
    let path = format!("/api/v1/admin/people/{id}");
    let r = send(
        &s,
        "PATCH",
        &path,
        &admin.bearer(),
        Some(json!({"death_date": "1940-01-01"})),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["death_date"]
            .as_str()
            .unwrap()
            .contains("1950-05-01"),
        "{body}"
    );
    let r = send(
        &s,
        "PATCH",
        &path,
        &admin.bearer(),
        Some(json!({"name": "Ada Vale-Stone"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/people/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["name"], "Ada Vale-Stone");
    assert_eq!(public["known_for_department"], "Directing");

    let r = send(&s, "DELETE", &path, &admin.bearer(), None).await;
    assert_eq!(r.status(), 200);
    let r = s
        .client
        .get(s.url(&format!("/api/v1/people/{id}")))
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
    error_body(
        send(
            &s,
            "PATCH",
            &path,
            &admin.bearer(),
            Some(json!({"name": "X"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trailers_are_added_with_every_bad_path_named_and_deleted() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let movie_id = {
        let mut c = s.db.conn();
        crate::fixtures::language(&mut c, "en", "English");
        crate::fixtures::movie("Heat").year(1995).insert(&mut c)
    };
    let bad = json!({"movie_id": 999999, "title": "", "kind": "blooper", "language": "zz",
        "renditions": [{"quality": "8k", "format": "avi", "location": "../etc/passwd", "duration_seconds": 0}]});
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/trailers",
        &admin.bearer(),
        Some(bad),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    let fields = &body["error"]["details"]["fields"];
    for field in [
        "movie_id",
        "title",
        "kind",
        "language",
        "renditions[0].quality",
        "renditions[0].format",
        "renditions[0].location",
        "renditions[0].duration_seconds",
    ] {
        assert!(fields[field].is_string(), "{field} in {body}");
    }
    assert!(
        body["error"]["details"]["accepted"]["renditions[0].quality"].is_array(),
        "{body}"
    );

    let good = json!({"movie_id": movie_id, "title": "Official Trailer", "language": "en",
        "renditions": [{"quality": "1080p", "format": "hls", "location": "heat/1080/index.m3u8", "duration_seconds": 150}]});
    let r = send(
        &s,
        "POST",
        "/api/v1/admin/trailers",
        &admin.bearer(),
        Some(good),
    )
    .await;
    assert_eq!(r.status(), 201);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(detail["trailers"][0]["title"], "Official Trailer");
    let trailer_id = detail["trailers"][0]["id"].as_i64().unwrap();
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/movies/{movie_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["trailers"][0]["renditions"][0]["quality"], "1080p");

    let path = format!("/api/v1/admin/trailers/{trailer_id}");
    let r = send(&s, "DELETE", &path, &admin.bearer(), None).await;
    assert_eq!(r.status(), 200);
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/movies/{movie_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["trailers"], json!([]));
    error_body(
        send(&s, "DELETE", &path, &admin.bearer(), None).await,
        404,
        "not_found",
    )
    .await;
}

/// Adds a movie ("Heat", English and French known) with one trailer of two renditions through
/// the API; returns the trailer's id.
async fn heat_trailer(s: &TestServer, bearer: &str) -> i64 {
    let movie_id = {
        let mut c = s.db.conn();
        crate::fixtures::language(&mut c, "en", "English");
        crate::fixtures::language(&mut c, "fr", "French");
        crate::fixtures::movie("Heat").year(1995).insert(&mut c)
    };
    let body = json!({"movie_id": movie_id, "title": "Official Trailer", "language": "en",
    "renditions": [
        {"quality": "1080p", "format": "hls", "location": "heat/1080/index.m3u8"},
        {"quality": "720p", "format": "mp4", "location": "heat/720.mp4"},
    ]});
    let r = send(s, "POST", "/api/v1/admin/trailers", bearer, Some(body)).await;
    assert_eq!(r.status(), 201);
    let detail: Value = r.json().await.unwrap();
    detail["trailers"][0]["id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trailers_are_edited_field_by_field_and_renditions_replaced_added_and_removed() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let id = heat_trailer(&s, &admin.bearer()).await;
    let path = format!("/api/v1/admin/trailers/{id}");
    let shown: Value = get(&s, &path, &admin.bearer()).await.json().await.unwrap();
    assert_eq!(shown["language"], "en");
    assert_eq!(shown["renditions"][1]["location"], "heat/720.mp4");
    let (hls, mp4) = (
        shown["renditions"][0]["id"].as_i64().unwrap(),
        shown["renditions"][1]["id"].as_i64().unwrap(),
    );

    // Every bad field is named by its path, and nothing changes.
    let bad = json!({"title": " ", "kind": "blooper", "language": "zz",
    "remove_renditions": [999999],
    "add_renditions": [
        {"quality": "8k", "format": "avi", "location": "../etc/passwd", "duration_seconds": -1},
        {"quality": "1080p", "format": "hls", "location": "heat/again.m3u8"},
    ]});
    let body = error_body(
        send(&s, "PATCH", &path, &admin.bearer(), Some(bad)).await,
        400,
        "validation_failed",
    )
    .await;
    let fields = &body["error"]["details"]["fields"];
    for field in [
        "title",
        "kind",
        "language",
        "remove_renditions[0]",
        "add_renditions[0].quality",
        "add_renditions[0].format",
        "add_renditions[0].location",
        "add_renditions[0].duration_seconds",
        "add_renditions[1].quality",
    ] {
        assert!(fields[field].is_string(), "{field} in {body}");
    }
    assert!(
        fields["add_renditions[1].quality"]
            .as_str()
            .unwrap()
            .contains("two 1080p hls renditions"),
        "{body}"
    );
    assert_eq!(
        get(&s, &path, &admin.bearer())
            .await
            .json::<Value>()
            .await
            .unwrap(),
        shown
    );
    let body = error_body(
        send(
            &s,
            "PATCH",
            &path,
            &admin.bearer(),
            Some(json!({"remove_renditions": [hls, mp4]})),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["details"]["fields"]["remove_renditions"]
            .as_str()
            .unwrap()
            .contains("without a rendition"),
        "{body}"
    );
    let body = error_body(
        send(
            &s,
            "PATCH",
            &path,
            &admin.bearer(),
            Some(json!({"renditions": [], "remove_renditions": [hls]})),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields = &body["error"]["details"]["fields"];
    assert!(
        fields["renditions"].is_string() && fields["remove_renditions"].is_string(),
        "{body}"
    );

    // Title, kind and language; one rendition removed and one added in the same edit.
    let r = send(&s, "PATCH", &path, &admin.bearer(), Some(json!({
        "title": "  Final Trailer ", "kind": "teaser", "language": "fr",
        "remove_renditions": [mp4],
        "add_renditions": [{"quality": "2160p", "format": "mp4", "location": "heat/2160.mp4", "duration_seconds": 150}],
    }))).await;
    assert_eq!(r.status(), 200);
    let edited: Value = r.json().await.unwrap();
    assert_eq!(edited["title"], "Final Trailer");
    assert_eq!(edited["kind"], "teaser");
    assert_eq!(edited["language"], "fr");
    let qualities: Vec<&str> = edited["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["quality"].as_str().unwrap())
        .collect();
    assert_eq!(qualities, ["1080p", "2160p"]);
    assert_eq!(
        edited["renditions"][0]["id"], hls,
        "untouched renditions keep their id"
    );
    // The public movie page shows the change at once (the response cache was dropped).
    let public: Value = s
        .client
        .get(s.url(&format!("/api/v1/movies/{}", edited["movie_id"])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["trailers"][0]["title"], "Final Trailer");
    assert_eq!(
        public["trailers"][0]["renditions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Replacing them all; the language removed with "".
    let replaced: Value = send(&s, "PATCH", &path, &admin.bearer(), Some(json!({
        "language": "",
        "renditions": [{"quality": "480p", "format": "mp4", "location": "https://cdn.example.com/heat/480.mp4"}],
    }))).await.json().await.unwrap();
    assert_eq!(replaced["language"], Value::Null);
    assert_eq!(replaced["renditions"].as_array().unwrap().len(), 1);
    assert_eq!(
        replaced["renditions"][0]["location"],
        "https://cdn.example.com/heat/480.mp4"
    );
    assert_eq!(replaced["title"], "Final Trailer", "fields not given stay");

    error_body(
        send(
            &s,
            "PATCH",
            "/api/v1/admin/trailers/999999",
            &admin.bearer(),
            Some(json!({"title": "x"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // An unknown field is refused rather than ignored.
    let r = send(
        &s,
        "PATCH",
        &path,
        &admin.bearer(),
        Some(json!({"titel": "x"})),
    )
    .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subtitle_tracks_are_added_with_their_rules_and_removed_and_play_signs_them() {
    let s = server().await;
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let id = heat_trailer(&s, &admin.bearer()).await;
    let path = format!("/api/v1/admin/trailers/{id}/subtitles");

    let body = error_body(
        send(
            &s,
            "POST",
            &path,
            &admin.bearer(),
            Some(json!({
            "language": "zz", "format": "ass", "location": "/etc/passwd"})),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields = &body["error"]["details"]["fields"];
    for field in ["language", "format", "location"] {
        assert!(fields[field].is_string(), "{field} in {body}");
    }
    assert!(
        body["error"]["details"]["accepted"]["format"].is_array(),
        "{body}"
    );

    let r = send(
        &s,
        "POST",
        &path,
        &admin.bearer(),
        Some(json!({
        "language": "EN", "location": "heat/en.vtt"})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let added: Value = r.json().await.unwrap();
    assert_eq!(added["subtitles"][0]["language"], "en");
    assert_eq!(
        added["subtitles"][0]["format"], "vtt",
        "vtt when no format is given"
    );
    let r = send(
        &s,
        "POST",
        &path,
        &admin.bearer(),
        Some(json!({
        "language": "fr", "format": "srt", "location": "https://cdn.example.com/heat/fr.srt"})),
    )
    .await;
    assert_eq!(r.status(), 201);
    // One track per language and format.
    let body = error_body(
        send(
            &s,
            "POST",
            &path,
            &admin.bearer(),
            Some(json!({
            "language": "en", "format": "vtt", "location": "heat/en2.vtt"})),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["details"]["fields"]["language"]
            .as_str()
            .unwrap()
            .contains("already has a vtt subtitle track in `en`"),
        "{body}"
    );

    // Playing the trailer hands out both tracks, signed.
    let viewer = new_user(&s, "viewer").await;
    let played: Value = s
        .client
        .post(s.url(&format!("/api/v1/trailers/{id}/play?quality=720p")))
        .header("authorization", viewer.bearer())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let languages: Vec<&str> = played["subtitles"]
        .as_array()
        .unwrap_or_else(|| panic!("{played}"))
        .iter()
        .map(|t| t["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["en", "fr"]);

    let shown: Value = get(&s, &format!("/api/v1/admin/trailers/{id}"), &admin.bearer())
        .await
        .json()
        .await
        .unwrap();
    let en = shown["subtitles"][0]["id"].as_i64().unwrap();
    let r = send(&s, "DELETE", &format!("{path}/{en}"), &admin.bearer(), None).await;
    assert_eq!(r.status(), 200);
    let left: Value = r.json().await.unwrap();
    assert_eq!(left["subtitles"].as_array().unwrap().len(), 1);
    assert_eq!(left["subtitles"][0]["language"], "fr");
    let body = error_body(
        send(&s, "DELETE", &format!("{path}/{en}"), &admin.bearer(), None).await,
        404,
        "not_found",
    )
    .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("no subtitle track with the id {en}")),
        "{body}"
    );
    error_body(
        send(
            &s,
            "POST",
            "/api/v1/admin/trailers/999999/subtitles",
            &admin.bearer(),
            Some(json!({"language": "en", "location": "a.vtt"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}
