//! For You, "not interested" and similar movies over HTTP: a small catalogue of crime dramas,
//! sci-fi, French comedies and 18+ horror, synthetic viewers with one taste each, and the
//! recommender trained by calling the job directly.

use std::time::{Duration, Instant};

use chrono::TimeDelta;
use diesel::prelude::*;
use marquee_server::config::Secret;
use marquee_server::state::AppState;
use serde_json::{Value, json};

use crate::accounts::{JWT_SECRET, User, get, new_user};
use crate::fixtures::{self as fx, movie};
use crate::support::{TestServer, error_body, gunzip};

struct Catalogue {
    heat: i64,
    casino: i64,
    goodfellas: i64,
    alien: i64,
    aliens: i64,
    blade_runner: i64,
    amelie: i64,
    delicatessen: i64,
    shining: i64,
    hereditary: i64,
    /// Sci-fi nobody has watched: only content knows it.
    arrival: i64,
}

async fn server() -> (TestServer, AppState) {
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |mut config| {
            config.auth.jwt_secret = Some(Secret(JWT_SECRET.to_owned()));
            config
        },
    )
    .await;
    (s, captured.unwrap())
}

/// The catalogue, viewers with one taste each (crime, sci-fi, French comedy, sci-fi + horror),
/// then trending and the recommender computed.
async fn seed(s: &TestServer, state: &AppState) -> Catalogue {
    let m = {
        let mut c = s.db.conn();
        let drama = fx::genre(&mut c, "drama");
        let crime = fx::genre(&mut c, "crime");
        let scifi = fx::genre(&mut c, "scifi");
        let comedy = fx::genre(&mut c, "comedy");
        let horror = fx::genre(&mut c, "horror");
        let en = fx::language(&mut c, "en", "English");
        let fr = fx::language(&mut c, "fr", "French");
        fx::country(&mut c, "US", "United States");
        fx::country(&mut c, "FR", "France");
        let today = marquee_db::now().date();
        let m = Catalogue {
            heat: movie("Heat")
                .year(1995)
                .genres(&[drama, crime])
                .language(en)
                .popularity(50.0)
                .insert(&mut c),
            casino: movie("Casino")
                .year(1995)
                .genres(&[drama, crime])
                .language(en)
                .popularity(40.0)
                .insert(&mut c),
            goodfellas: movie("Goodfellas")
                .year(1990)
                .genres(&[drama, crime])
                .language(en)
                .popularity(45.0)
                .insert(&mut c),
            alien: movie("Alien")
                .year(1979)
                .genres(&[scifi, horror])
                .language(en)
                .popularity(60.0)
                .min_age(16)
                .insert(&mut c),
            aliens: movie("Aliens")
                .year(1986)
                .genres(&[scifi])
                .language(en)
                .popularity(55.0)
                .min_age(12)
                .insert(&mut c),
            blade_runner: movie("Blade Runner")
                .year(1982)
                .genres(&[scifi])
                .language(en)
                .popularity(52.0)
                .min_age(12)
                .insert(&mut c),
            amelie: movie("Amelie")
                .year(2001)
                .genres(&[comedy])
                .language(fr)
                .popularity(30.0)
                .insert(&mut c),
            delicatessen: movie("Delicatessen")
                .year(1991)
                .genres(&[comedy])
                .language(fr)
                .popularity(20.0)
                .released(today - TimeDelta::days(2))
                .insert(&mut c),
            shining: movie("The Shining")
                .year(1980)
                .genres(&[horror])
                .language(en)
                .popularity(58.0)
                .min_age(18)
                .insert(&mut c),
            hereditary: movie("Hereditary")
                .year(2018)
                .genres(&[horror])
                .language(en)
                .popularity(35.0)
                .min_age(18)
                .insert(&mut c),
            arrival: movie("Arrival")
                .genres(&[scifi])
                .language(en)
                .popularity(10.0)
                .min_age(12)
                .released(today - TimeDelta::days(1))
                .insert(&mut c),
        };
        let us: i64 = marquee_db::schema::countries::table
            .filter(marquee_db::schema::countries::code.eq("US"))
            .select(marquee_db::schema::countries::id)
            .first(&mut c)
            .unwrap();
        let france: i64 = marquee_db::schema::countries::table
            .filter(marquee_db::schema::countries::code.eq("FR"))
            .select(marquee_db::schema::countries::id)
            .first(&mut c)
            .unwrap();
        let now = marquee_db::now();
        let tastes: [(&[i64], Option<i64>); 4] = [
            (&[m.heat, m.casino, m.goodfellas], Some(us)),
            (&[m.alien, m.aliens, m.blade_runner], Some(us)),
            (&[m.amelie, m.delicatessen], Some(france)),
            (&[m.alien, m.shining, m.hereditary], Some(us)),
        ];
        for (t, (movies, country)) in tastes.iter().enumerate() {
            for v in 0..3 {
                let email = format!("viewer-{t}-{v}@example.com");
                let p = fx::profile(&mut c, &email, *country);
                for (k, &id) in movies.iter().enumerate() {
                    let at = now - TimeDelta::hours(1 + k as i64);
                    if (v + k) % 2 == 0 {
                        fx::watched(&mut c, p, id, at);
                    } else {
                        fx::rated(&mut c, p, id, at);
                    }
                }
            }
        }
        m
    };
    marquee_server::jobs::trending::refresh(state)
        .await
        .unwrap();
    marquee_server::jobs::recommend::retrain(state)
        .await
        .unwrap();
    m
}

async fn profile_id(s: &TestServer, user: &User) -> i64 {
    let body: Value = get(s, "/api/v1/profiles", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    body[0]["id"].as_i64().unwrap()
}

async fn for_you(s: &TestServer, user: &User, pid: i64) -> Value {
    let r = get(
        s,
        &format!("/api/v1/profiles/{pid}/for-you"),
        &user.bearer(),
    )
    .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn row<'a>(body: &'a Value, kind: &str) -> Option<&'a Value> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
}

/// The kinds of the profile's rows as stored for other servers and restarts (the precompute
/// store), in order.
fn stored_kinds(s: &TestServer, pid: i64) -> Vec<String> {
    use marquee_db::schema::recommendation_rows as r;
    r::table
        .filter(r::profile_id.eq(pid))
        .order(r::position)
        .select(r::row_kind)
        .load(&mut s.db.conn())
        .unwrap()
}

fn kinds(body: &Value) -> Vec<&str> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect()
}

fn ids(row: &Value) -> Vec<i64> {
    row["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["movie"]["id"].as_i64().unwrap())
        .collect()
}

fn all_ids(body: &Value) -> Vec<i64> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(ids)
        .collect()
}

/// A direct rating (what the profile-data routes write), as the recommender sees it.
fn rate(s: &TestServer, pid: i64, movie_id: i64) {
    fx::rated(&mut s.db.conn(), pid, movie_id, marquee_db::now());
}

/// Polls For You until `ok` holds, for at most five seconds.
async fn eventually(s: &TestServer, user: &User, pid: i64, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let body = for_you(s, user, pid).await;
        if ok(&body) || Instant::now() > deadline {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_start_for_you_uses_the_profiles_preferences() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let user = new_user(&s, "cold").await;
    let pid = profile_id(&s, &user).await;
    let r = s
        .client
        .put(s.url(&format!("/api/v1/profiles/{pid}/preferences")))
        .header("authorization", user.bearer())
        .json(&json!({ "genres": ["comedy"], "languages": ["fr"], "country": "FR" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let body = for_you(&s, &user, pid).await;
    let picks = row(&body, "top_picks").expect("a top picks row");
    assert_eq!(picks["title"], "Top picks for you");
    let top = ids(picks);
    // The French comedies first, each saying it matches the chosen genre.
    let mut first_two = top[..2].to_vec();
    first_two.sort_unstable();
    assert_eq!(first_two, [m.amelie, m.delicatessen], "{body:#}");
    for item in &picks["items"].as_array().unwrap()[..2] {
        assert_eq!(item["reason"]["kind"], "preferred_genre", "{item}");
        assert!(
            item["reason"]["text"].as_str().unwrap().contains("Comedy"),
            "{item}"
        );
    }
    // Regional trending from the French viewers.
    let trending = row(&body, "trending_region").expect("a trending row");
    assert_eq!(trending["title"], "Trending in FR");
    let trending_ids = ids(trending);
    assert!(trending_ids.contains(&m.amelie), "{trending:#}");
    assert!(!trending_ids.contains(&m.heat), "{trending:#}");
    assert!(trending["items"][0]["reason"]["kind"] == "trending");
    // Nothing watched yet: no "Because you watched" row.
    assert!(row(&body, "because_you_watched").is_none());
    assert!(body["model_version"].as_str().unwrap().starts_with('m'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_a_movie_changes_that_profiles_list_within_seconds() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let user = new_user(&s, "rater").await;
    let pid = profile_id(&s, &user).await;
    let before = for_you(&s, &user, pid).await;
    assert!(row(&before, "because_you_watched").is_none());

    let started = Instant::now();
    rate(&s, pid, m.alien);
    let after = eventually(&s, &user, pid, |b| row(b, "because_you_watched").is_some()).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    let because = row(&after, "because_you_watched").expect("a because-you-watched row");
    assert_eq!(because["title"], "Because you watched Alien");
    let similar = ids(because);
    // Sci-fi viewers also watched Aliens and Blade Runner.
    assert!(similar.contains(&m.aliens), "{because:#}");
    assert!(similar.contains(&m.blade_runner), "{because:#}");
    // The rated movie is gone from every row, and the top picks follow the new taste.
    assert!(!all_ids(&after).contains(&m.alien), "{after:#}");
    let picks = ids(row(&after, "top_picks").unwrap());
    assert_ne!(picks, ids(row(&before, "top_picks").unwrap()));
    let scifi_rank = picks.iter().position(|&id| id == m.aliens).unwrap();
    let crime_rank = picks.iter().position(|&id| id == m.casino);
    assert!(crime_rank.is_none_or(|c| scifi_rank < c), "{picks:?}");

    // Through the profile-data route too: the rated film leaves the lists at once.
    assert!(all_ids(&after).contains(&m.blade_runner), "{after:#}");
    let r = s
        .client
        .put(s.url(&format!(
            "/api/v1/profiles/{pid}/ratings/{}",
            m.blade_runner
        )))
        .header("authorization", user.bearer())
        .json(&json!({ "rating": 4.5 }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let body = eventually(&s, &user, pid, |b| !all_ids(b).contains(&m.blade_runner)).await;
    assert!(!all_ids(&body).contains(&m.blade_runner), "{body:#}");

    // Continue watching shows a half-watched film and hides it elsewhere.
    {
        use marquee_db::schema::playback_progress as pp;
        diesel::insert_into(pp::table)
            .values((
                pp::profile_id.eq(pid),
                pp::movie_id.eq(m.heat),
                pp::position_seconds.eq(3000),
                pp::duration_seconds.eq(6000),
                pp::updated_at.eq(marquee_db::now()),
            ))
            .execute(&mut s.db.conn())
            .unwrap();
    }
    let body = eventually(&s, &user, pid, |b| row(b, "continue_watching").is_some()).await;
    let cont = row(&body, "continue_watching").expect("continue watching");
    assert_eq!(ids(cont), [m.heat]);
    assert_eq!(cont["items"][0]["reason"]["kind"], "in_progress");
    assert_eq!(body["rows"][0]["kind"], "continue_watching");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_interested_items_never_come_back() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let user = new_user(&s, "picky").await;
    let pid = profile_id(&s, &user).await;
    rate(&s, pid, m.alien);
    let body = for_you(&s, &user, pid).await;
    assert!(all_ids(&body).contains(&m.aliens), "{body:#}");

    let url = s.url(&format!(
        "/api/v1/profiles/{pid}/not-interested/{}",
        m.aliens
    ));
    let r = s
        .client
        .post(&url)
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    // Idempotent.
    let r = s
        .client
        .post(&url)
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);

    let body = for_you(&s, &user, pid).await;
    assert!(!all_ids(&body).contains(&m.aliens), "{body:#}");
    // Not after a retrain and a new rating either, nor in that profile's similar list.
    marquee_server::jobs::recommend::retrain(&state)
        .await
        .unwrap();
    rate(&s, pid, m.blade_runner);
    let body = for_you(&s, &user, pid).await;
    assert!(!all_ids(&body).contains(&m.aliens), "{body:#}");
    let similar_ids = |v: &Value| -> Vec<i64> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["movie"]["id"].as_i64().unwrap())
            .collect()
    };
    let public: Value = get(&s, &format!("/api/v1/movies/{}/similar", m.alien), "")
        .await
        .json()
        .await
        .unwrap();
    assert!(similar_ids(&public).contains(&m.aliens), "{public:#}");
    let mine: Value = get(
        &s,
        &format!("/api/v1/movies/{}/similar?profile_id={pid}", m.alien),
        &user.bearer(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(!similar_ids(&mine).contains(&m.aliens), "{mine:#}");
    assert!(!similar_ids(&mine).is_empty());

    // Undo brings it back; an unknown movie is a 404.
    let r = s
        .client
        .delete(&url)
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let body = for_you(&s, &user, pid).await;
    assert!(all_ids(&body).contains(&m.aliens), "{body:#}");
    let r = s
        .client
        .post(s.url(&format!("/api/v1/profiles/{pid}/not-interested/987654")))
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reasons_name_real_movies_from_the_profiles_history() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let user = new_user(&s, "reasons").await;
    let pid = profile_id(&s, &user).await;
    rate(&s, pid, m.heat);
    rate(&s, pid, m.alien);
    let body = for_you(&s, &user, pid).await;
    let mut named = 0;
    for row in body["rows"].as_array().unwrap() {
        for item in row["items"].as_array().unwrap() {
            let reason = &item["reason"];
            let text = reason["text"].as_str().unwrap();
            assert!(!text.is_empty(), "{item}");
            if let Some(seed) = reason["movie_id"].as_i64() {
                assert!([m.heat, m.alien].contains(&seed), "{item}");
                let detail: Value = get(&s, &format!("/api/v1/movies/{seed}"), "")
                    .await
                    .json()
                    .await
                    .unwrap();
                let title = detail["title"].as_str().unwrap();
                assert!(text.contains(title), "{text} should name {title}");
                named += 1;
            }
        }
    }
    assert!(named > 0, "{body:#}");
    let because = row(&body, "because_you_watched").unwrap();
    // The seed is the latest positive signal.
    assert_eq!(because["title"], "Because you watched Alien");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maturity_limits_hold_in_every_row_and_in_similar() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let adult_user = new_user(&s, "adult").await;
    let adult = profile_id(&s, &adult_user).await;
    rate(&s, adult, m.alien);
    let body = for_you(&s, &adult_user, adult).await;
    let seen = all_ids(&body);
    // Horror fans also watched Alien: without a limit, the 18+ films come up.
    assert!(
        seen.contains(&m.shining) || seen.contains(&m.hereditary),
        "{body:#}"
    );

    let teen_user = new_user(&s, "teen").await;
    let teen = profile_id(&s, &teen_user).await;
    let r = s
        .client
        .patch(s.url(&format!("/api/v1/profiles/{teen}")))
        .header("authorization", teen_user.bearer())
        .json(&json!({ "maturity_limit": 12 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    rate(&s, teen, m.alien);
    let body = for_you(&s, &teen_user, teen).await;
    let seen = all_ids(&body);
    assert!(!seen.is_empty());
    for blocked in [m.shining, m.hereditary] {
        assert!(!seen.contains(&blocked), "{body:#}");
    }
    assert!(seen.contains(&m.aliens), "{body:#}");
    let similar: Value = get(
        &s,
        &format!("/api/v1/movies/{}/similar?profile_id={teen}", m.alien),
        &teen_user.bearer(),
    )
    .await
    .json()
    .await
    .unwrap();
    for item in similar["data"].as_array().unwrap() {
        let id = item["movie"]["id"].as_i64().unwrap();
        assert!(id != m.shining && id != m.hereditary, "{similar:#}");
    }
    // A cold-start profile with a limit gets no 18+ film either.
    let kid_user = new_user(&s, "kid").await;
    let kid = profile_id(&s, &kid_user).await;
    s.client
        .patch(s.url(&format!("/api/v1/profiles/{kid}")))
        .header("authorization", kid_user.bearer())
        .json(&json!({ "maturity_limit": 7 }))
        .send()
        .await
        .unwrap();
    let body = for_you(&s, &kid_user, kid).await;
    for id in all_ids(&body) {
        assert!(
            ![m.shining, m.hereditary, m.alien, m.aliens, m.blade_runner].contains(&id),
            "{body:#}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similar_uses_the_model_with_a_content_fallback_and_pages() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let body: Value = get(
        &s,
        &format!("/api/v1/movies/{}/similar?limit=2", m.heat),
        "",
    )
    .await
    .json()
    .await
    .unwrap();
    let top: Vec<i64> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["movie"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(top.len(), 2, "{body:#}");
    assert!(
        top.iter().all(|id| [m.casino, m.goodfellas].contains(id)),
        "{body:#}"
    );
    assert_eq!(body["data"][0]["reason"]["kind"], "similar_to_movie");
    assert!(
        body["data"][0]["reason"]["text"]
            .as_str()
            .unwrap()
            .contains("Heat")
    );
    assert!(body["pagination"]["total"].as_u64().unwrap() >= 2);
    // Page 2 of 1 per page is the second item.
    let page2: Value = get(
        &s,
        &format!("/api/v1/movies/{}/similar?page=2&per_page=1", m.heat),
        "",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page2["data"][0]["movie"]["id"].as_i64().unwrap(), top[1]);
    // Nobody watched Arrival: content (sci-fi) still finds its neighbours.
    let body: Value = get(&s, &format!("/api/v1/movies/{}/similar", m.arrival), "")
        .await
        .json()
        .await
        .unwrap();
    let first = body["data"][0]["movie"]["id"].as_i64().unwrap();
    assert!(
        [m.aliens, m.blade_runner, m.alien].contains(&first),
        "{body:#}"
    );
    let r = get(&s, "/api/v1/movies/987654/similar", "").await;
    error_body(r, 404, "not_found").await;
    let r = get(
        &s,
        &format!("/api/v1/movies/{}/similar?limit=0", m.heat),
        "",
    )
    .await;
    error_body(r, 400, "validation_failed").await;
    let _ = (m.amelie, m.delicatessen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_for_you_is_404() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let alice = new_user(&s, "alice").await;
    let bob = new_user(&s, "bob").await;
    let bob_pid = profile_id(&s, &bob).await;
    let r = get(
        &s,
        &format!("/api/v1/profiles/{bob_pid}/for-you"),
        &alice.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let r = get(&s, &format!("/api/v1/profiles/{bob_pid}/for-you"), "").await;
    assert_eq!(r.status(), 401);
    let r = get(
        &s,
        &format!("/api/v1/movies/{}/similar?profile_id={bob_pid}", m.heat),
        &alice.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn for_you_is_gzipped_once_for_clients_that_accept_it() {
    let (s, state) = server().await;
    seed(&s, &state).await;
    let user = new_user(&s, "zipper").await;
    let pid = profile_id(&s, &user).await;
    let plain = get(
        &s,
        &format!("/api/v1/profiles/{pid}/for-you"),
        &user.bearer(),
    )
    .await;
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    for _ in 0..2 {
        let r = s
            .client
            .get(s.url(&format!("/api/v1/profiles/{pid}/for-you")))
            .header("authorization", user.bearer())
            .header("accept-encoding", "br;q=1.0, gzip;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], "gzip");
        assert_eq!(r.headers()["vary"], "accept-encoding");
        assert_eq!(r.headers()["content-type"], "application/json");
        let zipped = r.bytes().await.unwrap();
        assert_eq!(gunzip(&zipped), plain, "the same body, compressed");
        if plain.len() > 2048 {
            assert!(
                zipped.len() < plain.len() / 2,
                "{} of {}",
                zipped.len(),
                plain.len()
            );
        }
    }
    // `gzip;q=0` refuses it.
    let r = s
        .client
        .get(s.url(&format!("/api/v1/profiles/{pid}/for-you")))
        .header("authorization", user.bearer())
        .header("accept-encoding", "gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_profiles_for_you_is_404_at_once() {
    let (s, state) = server().await;
    seed(&s, &state).await;
    let user = new_user(&s, "deleter").await;
    let created: Value = s
        .client
        .post(s.url("/api/v1/profiles"))
        .header("authorization", user.bearer())
        .json(&serde_json::json!({ "name": "Second" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pid = created["id"].as_i64().unwrap();
    // Served once, so its ownership check is remembered.
    for_you(&s, &user, pid).await;
    let r = s
        .client
        .delete(s.url(&format!("/api/v1/profiles/{pid}")))
        .header("authorization", user.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = get(
        &s,
        &format!("/api/v1/profiles/{pid}/for-you"),
        &user.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_see_the_recommender_and_trending_jobs() {
    let (s, state) = server().await;
    seed(&s, &state).await;
    let admin = new_user(&s, "jobs-admin").await;
    crate::accounts::make_admin(&s, &admin.email);
    let r = get(&s, "/api/v1/admin/jobs", &admin.bearer()).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let jobs = body["jobs"].as_array().unwrap();
    let job = |name: &str| {
        jobs.iter()
            .find(|j| j["name"] == name)
            .unwrap_or_else(|| panic!("no {name} job in {body:#}"))
            .clone()
    };
    let rec = job("recommender");
    assert_eq!(rec["running"], false, "{rec:#}");
    assert!(rec["last_error"].is_null(), "{rec:#}");
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let started = at(&rec["last_started_at"]);
    assert!(at(&rec["last_finished_at"]) >= started, "{rec:#}");
    assert!(rec["last_duration_ms"].as_u64().is_some(), "{rec:#}");
    // The seed: 3 viewers for each taste of 3, 3, 2 and 3 movies; 11 movies; all 12 active.
    assert_eq!(
        rec["counts"]["interactions"],
        3 * (3 + 3 + 2 + 3),
        "{rec:#}"
    );
    assert_eq!(rec["counts"]["movies"], 11, "{rec:#}");
    assert_eq!(rec["counts"]["profiles_precomputed"], 12, "{rec:#}");
    let notes: Vec<&str> = rec["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.contains(&"models: ease, als, knn, popular, content"),
        "{notes:?}"
    );
    assert_eq!(rec["interval_secs"], 30 * 60);
    // The server's own schedule runs it again one interval after its last start.
    assert!(at(&rec["next_run_at"]) > started, "{rec:#}");

    let trending = job("trending");
    assert!(trending["last_error"].is_null(), "{trending:#}");
    assert!(trending["last_finished_at"].is_string(), "{trending:#}");
    // Delicatessen and Arrival came out in the last days.
    assert_eq!(trending["counts"]["new_releases"], 2, "{trending:#}");
    // US and FR viewers.
    assert_eq!(trending["counts"]["regions"], 2, "{trending:#}");
    assert_eq!(trending["interval_secs"], 300);

    let user = new_user(&s, "not-admin").await;
    let r = get(&s, "/api/v1/admin/jobs", &user.bearer()).await;
    error_body(r, 403, "forbidden").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starring_row_names_the_person_the_profile_keeps_watching() {
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let (deniro, mann) = {
        let mut c = s.db.conn();
        let deniro = fx::person(&mut c, "Robert De Niro", 30.0);
        let mann = fx::person(&mut c, "Michael Mann", 10.0);
        for id in [m.heat, m.casino, m.goodfellas] {
            fx::cast(&mut c, id, deniro, 0, "Lead");
        }
        fx::crew(&mut c, m.heat, mann, "Director");
        (deniro, mann)
    };
    marquee_server::jobs::recommend::retrain(&state)
        .await
        .unwrap();
    let user = new_user(&s, "fan").await;
    let pid = profile_id(&s, &user).await;
    rate(&s, pid, m.heat);
    rate(&s, pid, m.casino);
    let body = for_you(&s, &user, pid).await;
    let starring = row(&body, "starring").unwrap_or_else(|| panic!("no starring row: {body:#}"));
    assert_eq!(starring["title"], "Starring Robert De Niro");
    // His film the profile has not seen; Michael Mann directed only one of the two.
    assert_eq!(ids(starring), [m.goodfellas], "{starring:#}");
    let reason = &starring["items"][0]["reason"];
    assert_eq!(reason["kind"], "same_person");
    assert_eq!(reason["person_id"], deniro);
    assert_ne!(reason["person_id"], mann);
    let text = reason["text"].as_str().unwrap();
    // The reason names the real person and the real films behind it.
    let person: Value = get(&s, &format!("/api/v1/people/{deniro}"), "")
        .await
        .json()
        .await
        .unwrap();
    let name = person["name"].as_str().unwrap();
    assert!(text.contains(name), "{text}");
    assert!(text.contains("Heat") && text.contains("Casino"), "{text}");
    // Stored with the rest, for the next server or restart (the schema once refused the kind).
    assert_eq!(stored_kinds(&s, pid), kinds(&body));

    // A single film with him is not a pattern.
    let other = new_user(&s, "once").await;
    let other_pid = profile_id(&s, &other).await;
    rate(&s, other_pid, m.heat);
    let body = for_you(&s, &other, other_pid).await;
    assert!(row(&body, "starring").is_none(), "{body:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_of_day_row_follows_the_profiles_own_hours() {
    use chrono::{Datelike, Timelike};
    let (s, state) = server().await;
    let m = seed(&s, &state).await;
    let user = new_user(&s, "night-owl").await;
    let pid = profile_id(&s, &user).await;
    let now = marquee_db::now();
    {
        let mut c = s.db.conn();
        // Sci-fi at this hour a week and two weeks ago; crime twelve hours off.
        fx::watched(&mut c, pid, m.aliens, now - TimeDelta::days(7));
        fx::watched(&mut c, pid, m.blade_runner, now - TimeDelta::days(14));
        fx::watched(
            &mut c,
            pid,
            m.heat,
            now - TimeDelta::days(7) - TimeDelta::hours(12),
        );
        fx::watched(
            &mut c,
            pid,
            m.casino,
            now - TimeDelta::days(14) - TimeDelta::hours(12),
        );
    }
    // No time zone set: the profile's hours are UTC.
    let part = ["nights", "mornings", "afternoons", "evenings"][now.hour() as usize / 6];
    let days = if now.weekday().num_days_from_monday() >= 5 {
        "weekend"
    } else {
        "weekday"
    };
    let body = for_you(&s, &user, pid).await;
    let timely = row(&body, "time_of_day").unwrap_or_else(|| panic!("no time row: {body:#}"));
    assert_eq!(timely["title"], format!("For your {days} {part}"));
    let mut got = ids(timely);
    got.sort_unstable();
    let mut want = vec![m.alien, m.arrival];
    want.sort_unstable();
    assert_eq!(got, want, "{timely:#}");
    for item in timely["items"].as_array().unwrap() {
        assert_eq!(item["reason"]["kind"], "time_of_day");
        assert_eq!(
            item["reason"]["text"],
            format!("You often watch Scifi on {days} {part}")
        );
    }
    assert_eq!(stored_kinds(&s, pid), kinds(&body));
    // Everything watched at one time of day is no time pattern.
    let steady = new_user(&s, "steady").await;
    let steady_pid = profile_id(&s, &steady).await;
    {
        let mut c = s.db.conn();
        for (k, id) in [m.aliens, m.blade_runner, m.heat, m.casino]
            .into_iter()
            .enumerate()
        {
            fx::watched(
                &mut c,
                steady_pid,
                id,
                now - TimeDelta::days(7 * (k as i64 + 1)),
            );
        }
    }
    let body = for_you(&s, &steady, steady_pid).await;
    assert!(row(&body, "time_of_day").is_none(), "{body:#}");
}
