//! Search over HTTP on a fixture catalogue: typos, folding, people, filters, "did you mean",
//! query errors, suggestions, per-profile history, admin reports, and the index following edits.

use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::schema::movies;
use marquee_server::search::{self as search_index, SyncOutcome};
use marquee_server::state::AppState;
use serde_json::Value;

use crate::accounts::{get, make_admin, new_user};
use crate::fixtures::{self as fx, movie};
use crate::support::{TestServer, error_body};

struct Catalogue {
    amelie: i64,
    spider_man: i64,
    godfather: i64,
    interstellar: i64,
    heat: i64,
    heat_wave: i64,
    nolan: i64,
}

fn seed(c: &mut DbConn) -> Catalogue {
    let drama = fx::genre(c, "drama");
    let crime = fx::genre(c, "crime");
    let comedy = fx::genre(c, "comedy");
    let action = fx::genre(c, "action");
    let adventure = fx::genre(c, "adventure");
    let fr = fx::language(c, "fr", "French");
    let en = fx::language(c, "en", "English");
    let france = fx::country(c, "FR", "France");
    let us = fx::country(c, "US", "United States");
    let amelie = movie("Amélie")
        .year(2001)
        .language(fr)
        .countries(&[france])
        .genres(&[comedy])
        .rating(4.2, 500)
        .insert(c);
    let spider_man = movie("Spider-Man")
        .year(2002)
        .language(en)
        .countries(&[us])
        .genres(&[action, adventure])
        .rating(3.6, 400)
        .insert(c);
    let godfather = movie("The Godfather")
        .year(1972)
        .language(en)
        .countries(&[us])
        .genres(&[crime, drama])
        .rating(4.6, 900)
        .insert(c);
    let interstellar = movie("Interstellar")
        .year(2014)
        .language(en)
        .countries(&[us])
        .genres(&[adventure, drama])
        .rating(4.3, 700)
        .insert(c);
    let heat = movie("Heat")
        .year(1995)
        .language(en)
        .genres(&[crime, drama])
        .rating(4.0, 300)
        .insert(c);
    let heat_wave = movie("Heat Wave")
        .year(2010)
        .language(en)
        .genres(&[comedy])
        .rating(2.5, 10)
        .insert(c);
    let nolan = fx::person(c, "Christopher Nolan", 80.0);
    fx::crew(c, interstellar, nolan, "Director");
    let brando = fx::person(c, "Marlon Brando", 60.0);
    fx::cast(c, godfather, brando, 0, "Vito Corleone");
    let tautou = fx::person(c, "Audrey Tautou", 40.0);
    fx::cast(c, amelie, tautou, 0, "Amélie Poulain");
    Catalogue {
        amelie,
        spider_man,
        godfather,
        interstellar,
        heat,
        heat_wave,
        nolan,
    }
}

/// A server (state captured) over the seeded catalogue, with the index synced to it.
async fn seeded() -> (TestServer, AppState, Catalogue) {
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |config| config,
    )
    .await;
    let state = captured.unwrap();
    let catalogue = seed(&mut s.db.conn());
    search_index::sync(&state).await.unwrap();
    assert!(state.search().is_ready());
    (s, state, catalogue)
}

async fn search(s: &TestServer, query: &str) -> Value {
    let r = s
        .client
        .get(s.url(&format!("/api/v1/search?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "GET /search?{query}");
    r.json().await.unwrap()
}

fn first(body: &Value) -> (&str, i64) {
    let hit = &body["data"][0];
    (
        hit["kind"].as_str().unwrap_or("none"),
        hit["id"].as_i64().unwrap_or(0),
    )
}

fn ids(body: &Value) -> Vec<i64> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typo_still_finds_the_movie() {
    let (s, _state, cat) = seeded().await;
    // 12 letters: two typos allowed.
    let body = search(&s, "q=intersteler").await;
    assert_eq!(first(&body), ("movie", cat.interstellar), "{body}");
    assert_eq!(body["data"][0]["title"], "Interstellar");
    assert_eq!(body["data"][0]["year"], 2014);
    assert!(body["data"][0]["score"].as_f64().unwrap() > 0.0);
    // A transposition counts as one typo.
    let body = search(&s, "q=godfahter").await;
    assert_eq!(first(&body), ("movie", cat.godfather), "{body}");
    assert_eq!(body["pagination"]["page"], 1);
    assert_eq!(body["pagination"]["per_page"], 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accents_and_punctuation_are_folded() {
    let (s, _state, cat) = seeded().await;
    let body = search(&s, "q=amelie").await;
    assert_eq!(first(&body), ("movie", cat.amelie), "{body}");
    assert_eq!(body["data"][0]["title"], "Amélie");
    for q in ["spiderman", "spider%20man", "SPIDER-MAN"] {
        let body = search(&s, &format!("q={q}")).await;
        assert_eq!(first(&body), ("movie", cat.spider_man), "{q}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_are_found_by_a_misspelled_name() {
    let (s, _state, cat) = seeded().await;
    let body = search(&s, "q=cristopher%20nolan&type=person").await;
    assert_eq!(first(&body), ("person", cat.nolan), "{body}");
    assert_eq!(body["data"][0]["title"], "Christopher Nolan");
    assert_eq!(body["data"][0]["year"], Value::Null);
    // Without the type filter the person is found too, and a movie search by the director's
    // name finds his film.
    let body = search(&s, "q=christopher%20nolan").await;
    let kinds: Vec<(&str, i64)> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["id"].as_i64().unwrap()))
        .collect();
    assert!(kinds.contains(&("person", cat.nolan)), "{body}");
    assert!(kinds.contains(&("movie", cat.interstellar)), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_by_genre_year_language_and_type() {
    let (s, _state, cat) = seeded().await;
    let mut both = ids(&search(&s, "q=heat").await);
    both.sort_unstable();
    assert_eq!(both, vec![cat.heat, cat.heat_wave]);
    assert_eq!(ids(&search(&s, "q=heat&genre=crime").await), vec![cat.heat]);
    assert_eq!(
        ids(&search(&s, "q=heat&genre=Comedy").await),
        vec![cat.heat_wave]
    );
    assert_eq!(
        ids(&search(&s, "q=heat&year_from=2000").await),
        vec![cat.heat_wave]
    );
    assert_eq!(
        ids(&search(&s, "q=heat&year_from=1990&year_to=1999").await),
        vec![cat.heat]
    );
    assert_eq!(
        ids(&search(&s, "q=amelie&language=fr&country=FR").await),
        vec![cat.amelie]
    );
    assert!(ids(&search(&s, "q=amelie&language=en").await).is_empty());
    assert!(ids(&search(&s, "q=heat&type=person").await).is_empty());
    // Paging.
    let body = search(&s, "q=heat&per_page=1&page=2").await;
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["pagination"]["total"], 2);
    assert_eq!(body["pagination"]["total_pages"], 2);
    // Bad parameters are 400s naming the field.
    for (query, field) in [
        ("q=heat&type=film", "type"),
        ("q=heat&year_from=1800", "year_from"),
        ("q=heat&per_page=500", "per_page"),
        ("q=heat&colour=red", "colour"),
    ] {
        let r = s
            .client
            .get(s.url(&format!("/api/v1/search?{query}")))
            .send()
            .await
            .unwrap();
        let body = error_body(r, 400, "validation_failed").await;
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{body}"
        );
    }
    let r = s
        .client
        .get(s.url("/api/v1/search?q=heat&year_from=2000&year_to=1990"))
        .send()
        .await
        .unwrap();
    error_body(r, 400, "invalid_year_range").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_you_mean_corrects_a_misspelled_query() {
    let (s, _state, cat) = seeded().await;
    let body = search(&s, "q=intersteler").await;
    assert_eq!(body["did_you_mean"]["query"], "interstellar", "{body}");
    // The film and its director (known for it).
    assert_eq!(body["did_you_mean"]["total"], 2, "{body}");
    assert_eq!(first(&body), ("movie", cat.interstellar));
    // A query with plenty of exact results needs no correction.
    let body = search(&s, "q=heat").await;
    assert_eq!(body["did_you_mean"], Value::Null, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_and_oversized_queries_are_400s_that_say_why() {
    let (s, _state, _cat) = seeded().await;
    for path in [
        "/api/v1/search",
        "/api/v1/search?q=",
        "/api/v1/search?q=%20%20",
    ] {
        let r = s.client.get(s.url(path)).send().await.unwrap();
        let body = error_body(r, 400, "query_empty").await;
        assert!(
            body["error"]["message"].as_str().unwrap().contains("empty"),
            "{body}"
        );
        assert!(body["error"]["details"]["fields"]["q"].is_string());
    }
    let long = "a".repeat(300);
    let r = s
        .client
        .get(s.url(&format!("/api/v1/search?q={long}")))
        .send()
        .await
        .unwrap();
    error_body(r, 400, "query_too_long").await;
    let r = s
        .client
        .get(s.url("/api/v1/search/suggest?q="))
        .send()
        .await
        .unwrap();
    error_body(r, 400, "query_empty").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_completes_the_last_word_as_a_prefix() {
    let (s, _state, cat) = seeded().await;
    let r = s
        .client
        .get(s.url("/api/v1/search/suggest?q=inters"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(first(&body), ("movie", cat.interstellar), "{body}");
    let body: Value = s
        .client
        .get(s.url("/api/v1/search/suggest?q=christ"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first(&body), ("person", cat.nolan), "{body}");
    assert!(body["data"].as_array().unwrap().len() <= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_is_recorded_listed_and_cleared_per_profile() {
    let (s, _state, _cat) = seeded().await;
    let alice = new_user(&s, "alice").await;
    let bob = new_user(&s, "bob").await;
    let profiles: Value = get(&s, "/api/v1/profiles", &alice.bearer())
        .await
        .json()
        .await
        .unwrap();
    let pid = profiles[0]["id"].as_i64().unwrap();
    let bob_profiles: Value = get(&s, "/api/v1/profiles", &bob.bearer())
        .await
        .json()
        .await
        .unwrap();
    let bob_pid = bob_profiles[0]["id"].as_i64().unwrap();

    for q in ["heat", "zzqqxx", "heat"] {
        let r = get(
            &s,
            &format!("/api/v1/search?q={q}&profile_id={pid}"),
            &alice.bearer(),
        )
        .await;
        assert_eq!(r.status(), 200);
    }
    // Not recorded: no profile id; suggestions are never recorded.
    assert_eq!(
        get(&s, "/api/v1/search?q=amelie", &alice.bearer())
            .await
            .status(),
        200
    );
    assert_eq!(
        get(&s, "/api/v1/search/suggest?q=ame", &alice.bearer())
            .await
            .status(),
        200
    );
    // Another account's profile, a missing one, or no token.
    let r = get(
        &s,
        &format!("/api/v1/search?q=heat&profile_id={bob_pid}"),
        &alice.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let r = get(
        &s,
        "/api/v1/search?q=heat&profile_id=987654321",
        &alice.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let r = s
        .client
        .get(s.url(&format!("/api/v1/search?q=heat&profile_id={pid}")))
        .send()
        .await
        .unwrap();
    error_body(r, 401, "unauthorized").await;

    let path = format!("/api/v1/profiles/{pid}/search-history");
    let history: Value = get(&s, &path, &alice.bearer()).await.json().await.unwrap();
    let queries: Vec<&str> = history["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["query"].as_str().unwrap())
        .collect();
    assert_eq!(queries, vec!["heat", "zzqqxx", "heat"], "{history}");
    assert_eq!(history["data"][0]["result_count"], 2);
    assert_eq!(history["data"][1]["result_count"], 0);
    assert_eq!(history["pagination"]["total"], 3);
    let paged: Value = get(&s, &format!("{path}?per_page=1&page=2"), &alice.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paged["data"][0]["query"], "zzqqxx");
    // Bob sees nothing of it.
    let r = get(&s, &path, &bob.bearer()).await;
    error_body(r, 404, "not_found").await;

    // Admin reports over every profile.
    let admin = new_user(&s, "boss").await;
    make_admin(&s, &admin.email);
    let top: Value = get(&s, "/api/v1/admin/search/top-queries", &admin.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(top["data"][0]["query"], "heat", "{top}");
    assert_eq!(top["data"][0]["searches"], 2);
    assert_eq!(top["pagination"]["total"], 2);
    let zero: Value = get(&s, "/api/v1/admin/search/zero-results", &admin.bearer())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(zero["data"].as_array().unwrap().len(), 1, "{zero}");
    assert_eq!(zero["data"][0]["query"], "zzqqxx");
    let r = get(&s, "/api/v1/admin/search/top-queries", &alice.bearer()).await;
    error_body(r, 403, "forbidden").await;

    // Clearing: Bob cannot, Alice can.
    let r = s
        .client
        .delete(s.url(&path))
        .header("authorization", bob.bearer())
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
    let r = s
        .client
        .delete(s.url(&path))
        .header("authorization", alice.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let history: Value = get(&s, &path, &alice.bearer()).await.json().await.unwrap();
    assert_eq!(history["data"].as_array().unwrap().len(), 0);
    assert_eq!(history["pagination"]["total"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn index_follows_catalogue_edits() {
    let (s, state, cat) = seeded().await;
    assert_eq!(
        search_index::sync(&state).await.unwrap(),
        SyncOutcome::Unchanged
    );
    // An edit the way an import or admin does it: new title, new updated_at.
    let rename = |id: i64, title: &str| {
        diesel::update(movies::table.find(id))
            .set((
                movies::title.eq(title),
                movies::updated_at.eq(marquee_db::now()),
            ))
            .execute(&mut s.db.conn())
            .unwrap();
    };
    // Searched (and cached) before the edit: the sync must drop the cached body.
    assert!(ids(&search(&s, "q=heat").await).contains(&cat.heat));
    rename(cat.heat, "Zodiac Chronicles");
    assert!(ids(&search(&s, "q=zodiac").await).is_empty());
    // The edited movie, plus whatever shares the previous sync's latest timestamp (re-read
    // on purpose: `updated_at >= last seen`).
    let outcome = search_index::sync(&state).await.unwrap();
    assert!(
        matches!(
            outcome,
            SyncOutcome::Updated {
                movies: 1..=2,
                people: 0
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(ids(&search(&s, "q=zodaic").await), vec![cat.heat]);
    // The old title is gone from that movie.
    assert_eq!(ids(&search(&s, "q=heat").await), vec![cat.heat_wave]);

    // The admin path: one movie upserted at once, no sync needed.
    rename(cat.godfather, "Padrino Saga");
    search_index::upsert_movie(&state, cat.godfather)
        .await
        .unwrap();
    assert_eq!(ids(&search(&s, "q=padrino").await), vec![cat.godfather]);

    // A new movie arrives with the next sync; a deleted one leaves it.
    let new_id = movie("Blade Runner").year(1982).insert(&mut s.db.conn());
    search_index::sync(&state).await.unwrap();
    assert_eq!(ids(&search(&s, "q=blade%20runner").await), vec![new_id]);
    diesel::delete(marquee_db::schema::movie_stats::table.find(new_id))
        .execute(&mut s.db.conn())
        .unwrap();
    diesel::delete(movies::table.find(new_id))
        .execute(&mut s.db.conn())
        .unwrap();
    assert!(matches!(
        search_index::sync(&state).await.unwrap(),
        SyncOutcome::Rebuilt { .. }
    ));
    assert!(ids(&search(&s, "q=blade%20runner").await).is_empty());
}
