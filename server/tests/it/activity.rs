//! Profile data over HTTP: watchlist, ratings (and the movie aggregates they keep), reviews,
//! playback progress, continue watching and history — bad input included.

use diesel::prelude::*;
use marquee_db::schema::{movie_stats, movies, ratings, watch_history};
use serde_json::{Value, json};
use std::time::Duration;

use crate::accounts::{User, get, new_user, server};
use crate::fixtures::movie;
use crate::support::{TestServer, error_body};

/// The first (default) profile of the account.
pub async fn profile_of(s: &TestServer, user: &User) -> i64 {
    let profiles: Value = get(s, "/api/v1/profiles", &user.bearer())
        .await
        .json()
        .await
        .unwrap();
    profiles[0]["id"].as_i64().unwrap()
}

pub async fn send(
    s: &TestServer,
    method: &str,
    path: &str,
    user: &User,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = s
        .client
        .request(method.parse().unwrap(), s.url(path))
        .header("authorization", user.bearer());
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

pub async fn ok_json(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

fn movie_ids(page: &Value) -> Vec<i64> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["movie"]["id"].as_i64().unwrap())
        .collect()
}

/// (count, sum of half-stars, average) as stored.
fn stats(s: &TestServer, movie_id: i64) -> (i32, i64, Option<f64>) {
    movie_stats::table
        .find(movie_id)
        .select((
            movie_stats::rating_count,
            movie_stats::rating_sum_half,
            movie_stats::rating_avg,
        ))
        .first(&mut s.db.conn())
        .unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-3)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchlist_add_list_sort_page_and_remove() {
    let s = server().await;
    let (zulu, alpha, mike) = {
        let mut c = s.db.conn();
        (
            movie("Zulu").insert(&mut c),
            movie("Alpha").insert(&mut c),
            movie("Mike").insert(&mut c),
        )
    };
    let a = new_user(&s, "wl").await;
    let pid = profile_of(&s, &a).await;
    let base = format!("/api/v1/profiles/{pid}/watchlist");

    for id in [zulu, alpha, mike] {
        let body = ok_json(
            send(&s, "POST", &base, &a, Some(json!({ "movie_id": id }))).await,
            201,
        )
        .await;
        assert_eq!(body["movie"]["id"], id);
    }
    // Adding again is idempotent: 200 with the stored entry.
    let again = send(
        &s,
        "POST",
        &base,
        &a,
        Some(json!({ "movie_id": zulu, "note": "x" })),
    )
    .await;
    let again = ok_json(again, 200).await;
    assert_eq!(again["note"], Value::Null);
    let r = send(&s, "POST", &base, &a, Some(json!({ "movie_id": 987654 }))).await;
    error_body(r, 404, "not_found").await;
    let long_note = "n".repeat(501);
    let r = send(
        &s,
        "POST",
        &base,
        &a,
        Some(json!({ "movie_id": alpha, "note": long_note })),
    )
    .await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(body["error"]["details"]["fields"]["note"].is_string());

    let page = ok_json(get(&s, &base, &a.bearer()).await, 200).await;
    assert_eq!(
        movie_ids(&page),
        [mike, alpha, zulu],
        "newest first by default"
    );
    assert_eq!(page["pagination"]["total"], 3);
    let page = ok_json(
        get(&s, &format!("{base}?sort=added_at"), &a.bearer()).await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [zulu, alpha, mike]);
    let page = ok_json(
        get(&s, &format!("{base}?sort=title"), &a.bearer()).await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [alpha, mike, zulu]);
    let page = ok_json(
        get(&s, &format!("{base}?sort=-title"), &a.bearer()).await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [zulu, mike, alpha]);
    let page = ok_json(
        get(
            &s,
            &format!("{base}?sort=title&page=2&per_page=2"),
            &a.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [zulu]);
    assert_eq!(
        page["pagination"],
        json!({"page": 2, "per_page": 2, "total": 3, "total_pages": 2})
    );

    let r = get(&s, &format!("{base}?sort=rating"), &a.bearer()).await;
    let body = error_body(r, 400, "validation_failed").await;
    assert_eq!(
        body["error"]["details"]["accepted"]["sort"],
        json!(["added_at", "-added_at", "title", "-title"])
    );
    for bad in ["page=0", "per_page=10000", "colour=red"] {
        let r = get(&s, &format!("{base}?{bad}"), &a.bearer()).await;
        error_body(r, 400, "validation_failed").await;
    }

    let r = send(&s, "DELETE", &format!("{base}/{alpha}"), &a, None).await;
    assert_eq!(r.status(), 204);
    let r = send(&s, "DELETE", &format!("{base}/{alpha}"), &a, None).await;
    error_body(r, 404, "not_found").await;
    let page = ok_json(get(&s, &base, &a.bearer()).await, 200).await;
    assert_eq!(movie_ids(&page), [mike, zulu]);
    let state = ok_json(
        get(
            &s,
            &format!("/api/v1/profiles/{pid}/movies/{mike}/state"),
            &a.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(state["on_watchlist"], true);

    // No token, no watchlist.
    let r = s.client.get(s.url(&base)).send().await.unwrap();
    error_body(r, 401, "unauthorized").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ratings_accept_only_half_stars_from_half_to_five() {
    let s = server().await;
    let m = movie("Rated").insert(&mut s.db.conn());
    let a = new_user(&s, "rate").await;
    let pid = profile_of(&s, &a).await;
    let path = format!("/api/v1/profiles/{pid}/ratings/{m}");
    for bad in [
        json!(6),
        json!(2.3),
        json!(0),
        json!(-1),
        json!(5.5),
        json!(0.25),
    ] {
        let r = send(&s, "PUT", &path, &a, Some(json!({ "rating": bad }))).await;
        let body = error_body(r, 400, "validation_failed").await;
        let rule = body["error"]["details"]["fields"]["rating"]
            .as_str()
            .unwrap();
        assert!(rule.contains("0.5 to 5") && rule.contains("half"), "{rule}");
    }
    let r = send(&s, "PUT", &path, &a, Some(json!({ "rating": "four" }))).await;
    error_body(r, 400, "invalid_json").await;
    let r = send(
        &s,
        "PUT",
        &format!("/api/v1/profiles/{pid}/ratings/987654"),
        &a,
        Some(json!({ "rating": 3 })),
    )
    .await;
    // Which of the two is missing (PostgreSQL tells them apart by the foreign key's name).
    let body = error_body(r, 404, "not_found").await;
    assert_eq!(body["error"]["message"], "movie not found");
    assert_eq!(stats(&s, m), (0, 0, None), "nothing was written");

    for ok in [0.5, 1.0, 2.5, 5.0] {
        let body = ok_json(
            send(&s, "PUT", &path, &a, Some(json!({ "rating": ok }))).await,
            200,
        )
        .await;
        assert_eq!(body["rating"], ok);
        assert_eq!(body["movie_rating"]["count"], 1);
    }
    let r = send(&s, "DELETE", &path, &a, None).await;
    assert_eq!(r.status(), 204);
    let r = send(&s, "DELETE", &path, &a, None).await;
    error_body(r, 404, "not_found").await;
    assert_eq!(stats(&s, m), (0, 0, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_writes_keep_movie_aggregates_and_invalidate_cached_detail() {
    let s = server().await;
    // Two earlier ratings (imported): 4.0 average, 16 half-stars.
    let (m, other) = {
        let mut c = s.db.conn();
        (
            movie("Aggregated").rating(4.0, 2).insert(&mut c),
            movie("Other").insert(&mut c),
        )
    };
    let a = new_user(&s, "agg-a").await;
    let b = new_user(&s, "agg-b").await;
    let (pa, pb) = (profile_of(&s, &a).await, profile_of(&s, &b).await);
    let detail = format!("/api/v1/movies/{m}");
    // Warm the cache.
    let before = ok_json(s.client.get(s.url(&detail)).send().await.unwrap(), 200).await;
    assert_eq!(before["rating"]["count"], 2);
    let list = ok_json(
        s.client
            .get(s.url("/api/v1/movies?sort=rating"))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(list["data"][0]["rating_count"], 2);

    // Create: A rates 3.5 → 3 ratings, 23 half-stars.
    let body = ok_json(
        send(
            &s,
            "PUT",
            &format!("/api/v1/profiles/{pa}/ratings/{m}"),
            &a,
            Some(json!({ "rating": 3.5 })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(body["movie_rating"]["count"], 3);
    assert!(close(body["movie_rating"]["average"].as_f64(), 23.0 / 6.0));
    let (count, sum, avg) = stats(&s, m);
    assert_eq!((count, sum), (3, 23));
    assert!(close(avg, 23.0 / 6.0));
    let after = ok_json(s.client.get(s.url(&detail)).send().await.unwrap(), 200).await;
    assert_eq!(after["rating"]["count"], 3, "cached detail was invalidated");
    assert!(close(after["rating"]["average"].as_f64(), 23.0 / 6.0));
    let list = ok_json(
        s.client
            .get(s.url("/api/v1/movies?sort=rating"))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(
        list["data"][0]["rating_count"], 3,
        "cached list was invalidated"
    );

    // Update: A changes to 5 → still 3 ratings, 26 half-stars.
    send(
        &s,
        "PUT",
        &format!("/api/v1/profiles/{pa}/ratings/{m}"),
        &a,
        Some(json!({ "rating": 5 })),
    )
    .await;
    let (count, sum, avg) = stats(&s, m);
    assert_eq!((count, sum), (3, 26));
    assert!(close(avg, 26.0 / 6.0));
    // B rates 1 → 4 ratings, 28.
    send(
        &s,
        "PUT",
        &format!("/api/v1/profiles/{pb}/ratings/{m}"),
        &b,
        Some(json!({ "rating": 1 })),
    )
    .await;
    assert_eq!(stats(&s, m).0, 4);
    assert_eq!(stats(&s, m).1, 28);
    // Delete: A's rating goes → 3 ratings, 18.
    let r = send(
        &s,
        "DELETE",
        &format!("/api/v1/profiles/{pa}/ratings/{m}"),
        &a,
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    let (count, sum, avg) = stats(&s, m);
    assert_eq!((count, sum), (3, 18));
    assert!(close(avg, 3.0));
    let after = ok_json(s.client.get(s.url(&detail)).send().await.unwrap(), 200).await;
    assert_eq!(after["rating"]["count"], 3);
    assert_eq!(after["rating"]["average"], 3.0);

    // A movie without prior stats gets a row; removing its only rating empties the average.
    send(
        &s,
        "PUT",
        &format!("/api/v1/profiles/{pb}/ratings/{other}"),
        &b,
        Some(json!({ "rating": 4.5 })),
    )
    .await;
    assert_eq!(stats(&s, other), (1, 9, Some(4.5)));

    // B's ratings, newest first, paged.
    let page = ok_json(
        get(&s, &format!("/api/v1/profiles/{pb}/ratings"), &b.bearer()).await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [other, m]);
    assert_eq!(page["data"][0]["rating"], 4.5);
    assert_eq!(page["data"][1]["rating"], 1.0);
    let page = ok_json(
        get(
            &s,
            &format!("/api/v1/profiles/{pb}/ratings?per_page=1&page=2"),
            &b.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(movie_ids(&page), [m]);
    assert_eq!(page["pagination"]["total_pages"], 2);
    let r = get(
        &s,
        &format!("/api/v1/profiles/{pb}/ratings?page=0"),
        &b.bearer(),
    )
    .await;
    error_body(r, 400, "validation_failed").await;
    send(
        &s,
        "DELETE",
        &format!("/api/v1/profiles/{pb}/ratings/{other}"),
        &b,
        None,
    )
    .await;
    assert_eq!(stats(&s, other), (0, 0, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rating_drops_its_own_movies_cached_detail_and_no_other() {
    let s = server().await;
    // Two movies whose ids, as text, begin alike (1 and 10, say): the detail's cache key of the
    // first is the start of the second's.
    let mut ids: Vec<i64> = Vec::new();
    let (rated, neighbour) = loop {
        let id = movie(&format!("Movie {}", ids.len())).insert(&mut s.db.conn());
        if let Some(&first) = ids
            .iter()
            .find(|first| id.to_string().starts_with(&first.to_string()))
        {
            break (first, id);
        }
        assert!(ids.len() < 1_000, "no two ids share a prefix: {ids:?}");
        ids.push(id);
    };
    let detail = |id: i64| {
        let s = &s;
        async move {
            ok_json(
                s.client
                    .get(s.url(&format!("/api/v1/movies/{id}")))
                    .send()
                    .await
                    .unwrap(),
                200,
            )
            .await
        }
    };
    // Warm both, then change the neighbour behind the server's back.
    detail(rated).await;
    let cached_title = detail(neighbour).await["title"].clone();
    diesel::update(movies::table.find(neighbour))
        .set(movies::title.eq("Changed In The Database"))
        .execute(&mut s.db.conn())
        .unwrap();
    let a = new_user(&s, "exact").await;
    let pa = profile_of(&s, &a).await;
    ok_json(
        send(
            &s,
            "PUT",
            &format!("/api/v1/profiles/{pa}/ratings/{rated}"),
            &a,
            Some(json!({ "rating": 3.5 })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        detail(rated).await["rating"]["count"],
        1,
        "the rated movie's detail was dropped"
    );
    assert_eq!(
        detail(neighbour).await["title"],
        cached_title,
        "the neighbour's detail stayed cached"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_ratings_of_one_movie_keep_the_aggregate_exact() {
    let s = server().await;
    let m = movie("Busy").insert(&mut s.db.conn());
    // No stats row yet: the first concurrent ratings race to create it.
    diesel::delete(movie_stats::table.find(m))
        .execute(&mut s.db.conn())
        .unwrap();
    let a = new_user(&s, "busy").await;
    let mut pids = vec![profile_of(&s, &a).await];
    for i in 0..5 {
        let p = ok_json(
            send(
                &s,
                "POST",
                "/api/v1/profiles",
                &a,
                Some(json!({ "name": format!("P{i}") })),
            )
            .await,
            201,
        )
        .await;
        pids.push(p["id"].as_i64().unwrap());
    }
    let mut tasks = Vec::new();
    for (i, pid) in pids.iter().copied().enumerate() {
        for stars in [1.0, 2.0 + i as f64 / 2.0] {
            let client = s.client.clone();
            let url = s.url(&format!("/api/v1/profiles/{pid}/ratings/{m}"));
            let bearer = a.bearer();
            tasks.push(tokio::spawn(async move {
                client
                    .put(url)
                    .header("authorization", bearer)
                    .json(&json!({ "rating": stars }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let rows: Vec<i16> = ratings::table
        .filter(ratings::movie_id.eq(m))
        .select(ratings::rating_half)
        .load(&mut s.db.conn())
        .unwrap();
    assert_eq!(rows.len(), pids.len());
    let sum: i64 = rows.iter().map(|&h| i64::from(h)).sum();
    let (count, stored_sum, avg) = stats(&s, m);
    assert_eq!((count as usize, stored_sum), (rows.len(), sum));
    assert!(close(avg, sum as f64 / (2.0 * rows.len() as f64)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reviews_are_own_only_length_limited_and_paged() {
    let s = server().await;
    let m = movie("Reviewed").insert(&mut s.db.conn());
    let a = new_user(&s, "rev-a").await;
    let b = new_user(&s, "rev-b").await;
    let (pa, pb) = (profile_of(&s, &a).await, profile_of(&s, &b).await);
    let base = format!("/api/v1/movies/{m}/reviews");

    let created = ok_json(
        send(
            &s,
            "POST",
            &base,
            &a,
            Some(json!({ "profile_id": pa, "title": " Great ", "body": "  Loved it.  " })),
        )
        .await,
        201,
    )
    .await;
    let rid = created["id"].as_i64().unwrap();
    assert_eq!(created["body"], "Loved it.");
    assert_eq!(created["title"], "Great");
    assert_eq!(created["author"]["profile_id"], pa);
    assert_eq!(created["contains_spoilers"], false);

    // One per profile and movie.
    let r = send(
        &s,
        "POST",
        &base,
        &a,
        Some(json!({ "profile_id": pa, "body": "Again" })),
    )
    .await;
    error_body(r, 409, "review_exists").await;
    // Length limits: 1 to 5000 characters after trimming (5000 multibyte characters are fine).
    for bad in ["x".repeat(5001), "   ".to_owned(), String::new()] {
        let r = send(
            &s,
            "POST",
            &base,
            &b,
            Some(json!({ "profile_id": pb, "body": bad })),
        )
        .await;
        let body = error_body(r, 400, "validation_failed").await;
        let rule = body["error"]["details"]["fields"]["body"].as_str().unwrap();
        assert!(rule.contains("1 to 5000"), "{rule}");
    }
    let r = send(
        &s,
        "POST",
        &base,
        &b,
        Some(json!({ "profile_id": pb, "body": "b", "title": "t".repeat(201) })),
    )
    .await;
    error_body(r, 400, "validation_failed").await;
    // Writing as someone else's profile: the profile is a 404.
    let r = send(
        &s,
        "POST",
        &base,
        &b,
        Some(json!({ "profile_id": pa, "body": "Sock puppet" })),
    )
    .await;
    error_body(r, 404, "not_found").await;
    // Unknown movie.
    let r = send(
        &s,
        "POST",
        "/api/v1/movies/987654/reviews",
        &b,
        Some(json!({ "profile_id": pb, "body": "Where?" })),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let long = ok_json(
        send(
            &s,
            "POST",
            &base,
            &b,
            Some(json!({ "profile_id": pb, "body": "é".repeat(5000), "contains_spoilers": true })),
        )
        .await,
        201,
    )
    .await;
    let b_rid = long["id"].as_i64().unwrap();

    // Someone else's review: 404 on edit and delete, and it is unchanged.
    let r = send(
        &s,
        "PATCH",
        &format!("{base}/{rid}"),
        &b,
        Some(json!({ "body": "pwned" })),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let r = send(&s, "DELETE", &format!("{base}/{rid}"), &b, None).await;
    error_body(r, 404, "not_found").await;
    // The right review under the wrong movie is not found either.
    let r = send(
        &s,
        "DELETE",
        &format!("/api/v1/movies/987654/reviews/{rid}"),
        &a,
        None,
    )
    .await;
    error_body(r, 404, "not_found").await;

    // Own edit: body and spoiler flag change, title cleared with null.
    let r = send(
        &s,
        "PATCH",
        &format!("{base}/{rid}"),
        &a,
        Some(json!({ "body": "x".repeat(5001) })),
    )
    .await;
    error_body(r, 400, "validation_failed").await;
    let edited = ok_json(
        send(
            &s,
            "PATCH",
            &format!("{base}/{rid}"),
            &a,
            Some(json!({ "body": "Still love it.", "title": null, "contains_spoilers": true })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(edited["body"], "Still love it.");
    assert_eq!(edited["title"], Value::Null);
    assert_eq!(edited["contains_spoilers"], true);

    // Public list, newest first, paged, with ETag.
    let r = s.client.get(s.url(&base)).send().await.unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let page = ok_json(r, 200).await;
    let ids: Vec<i64> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [b_rid, rid]);
    assert_eq!(page["data"][1]["body"], "Still love it.");
    let r = s
        .client
        .get(s.url(&base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let page = ok_json(
        s.client
            .get(s.url(&format!("{base}?per_page=1&page=2")))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(page["data"][0]["id"], rid);
    assert_eq!(page["pagination"]["total"], 2);
    for bad in ["page=0", "per_page=10000"] {
        let r = s
            .client
            .get(s.url(&format!("{base}?{bad}")))
            .send()
            .await
            .unwrap();
        error_body(r, 400, "validation_failed").await;
    }
    let r = s
        .client
        .get(s.url("/api/v1/movies/987654/reviews"))
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;

    // Own delete.
    let r = send(&s, "DELETE", &format!("{base}/{rid}"), &a, None).await;
    assert_eq!(r.status(), 204);
    let r = send(&s, "DELETE", &format!("{base}/{rid}"), &a, None).await;
    error_body(r, 404, "not_found").await;
    let page = ok_json(s.client.get(s.url(&base)).send().await.unwrap(), 200).await;
    assert_eq!(page["pagination"]["total"], 1);
    // Without a token, no writes.
    let r = s
        .client
        .post(s.url(&base))
        .json(&json!({ "profile_id": pa, "body": "anon" }))
        .send()
        .await
        .unwrap();
    error_body(r, 401, "unauthorized").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_thresholds_drive_continue_watching_and_history() {
    let s = server().await;
    let (m, n) = {
        let mut c = s.db.conn();
        (movie("Long").insert(&mut c), movie("Short").insert(&mut c))
    };
    let a = new_user(&s, "play").await;
    let pid = profile_of(&s, &a).await;
    let put = |movie: i64, position: i32, duration: i32| {
        let path = format!("/api/v1/profiles/{pid}/progress/{movie}");
        let body = json!({ "position_seconds": position, "duration_seconds": duration });
        let (s, a) = (&s, &a);
        async move { send(s, "PUT", &path, a, Some(body)).await }
    };
    let cw = format!("/api/v1/profiles/{pid}/continue-watching");
    let history = format!("/api/v1/profiles/{pid}/history");
    let history_rows = |s: &TestServer| -> i64 {
        watch_history::table
            .filter(watch_history::profile_id.eq(pid))
            .count()
            .get_result(&mut s.db.conn())
            .unwrap()
    };

    // Under 5%: nothing to resume.
    let body = ok_json(put(m, 49, 1000).await, 200).await;
    assert_eq!(body["state"], "not_started");
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(page["pagination"]["total"], 0);
    // 5%: kept.
    let body = ok_json(put(m, 50, 1000).await, 200).await;
    assert_eq!(body["state"], "in_progress");
    assert_eq!(body["percent"], 5.0);
    ok_json(put(n, 300, 600).await, 200).await;
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(movie_ids(&page), [n, m], "most recent first");
    // Just under 90%: still kept, position updated.
    let body = ok_json(put(m, 899, 1000).await, 200).await;
    assert_eq!(body["state"], "in_progress");
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(movie_ids(&page), [m, n]);
    assert_eq!(page["data"][0]["position_seconds"], 899);
    assert_eq!(page["data"][0]["percent"], 89.9);
    assert_eq!(history_rows(&s), 0);
    // 90%: watched → history, out of continue watching.
    let body = ok_json(put(m, 900, 1000).await, 200).await;
    assert_eq!(body["state"], "watched");
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(movie_ids(&page), [n]);
    let page = ok_json(get(&s, &history, &a.bearer()).await, 200).await;
    assert_eq!(movie_ids(&page), [m]);
    assert_eq!(page["data"][0]["completed"], true);
    assert_eq!(page["data"][0]["seconds_watched"], 900);
    assert_eq!(page["data"][0]["source"], "playback");
    // The player reporting the credits records no second viewing.
    ok_json(put(m, 1000, 1000).await, 200).await;
    assert_eq!(history_rows(&s), 1);
    // Dropping back under 5% clears a resume point.
    ok_json(put(n, 10, 600).await, 200).await;
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(page["pagination"]["total"], 0);

    // Removable.
    ok_json(put(n, 120, 600).await, 200).await;
    let r = send(&s, "DELETE", &format!("{cw}/{n}"), &a, None).await;
    assert_eq!(r.status(), 204);
    let r = send(&s, "DELETE", &format!("{cw}/{n}"), &a, None).await;
    error_body(r, 404, "not_found").await;
    let page = ok_json(get(&s, &cw, &a.bearer()).await, 200).await;
    assert_eq!(page["pagination"]["total"], 0);

    // Bad input.
    for (position, duration, field) in [
        (1001, 1000, "position_seconds"),
        (-1, 1000, "position_seconds"),
        (0, 0, "duration_seconds"),
        (0, 100_000, "duration_seconds"),
    ] {
        let r = put(m, position, duration).await;
        let body = error_body(r, 400, "validation_failed").await;
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{body}"
        );
    }
    let r = put(987654, 10, 100).await;
    error_body(r, 404, "not_found").await;
    for path in [&cw, &history] {
        let r = get(&s, &format!("{path}?page=0"), &a.bearer()).await;
        error_body(r, 400, "validation_failed").await;
    }
    let page = ok_json(
        get(&s, &format!("{history}?per_page=1"), &a.bearer()).await,
        200,
    )
    .await;
    assert_eq!(page["pagination"]["total"], 1);

    // The per-profile state of one movie.
    ok_json(put(n, 120, 600).await, 200).await;
    let state = ok_json(
        get(
            &s,
            &format!("/api/v1/profiles/{pid}/movies/{n}/state"),
            &a.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(state["progress"]["position_seconds"], 120);
    assert_eq!(state["watched"], false);
    assert_eq!(state["rating"], Value::Null);
    let state = ok_json(
        get(
            &s,
            &format!("/api/v1/profiles/{pid}/movies/{m}/state"),
            &a.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(state["watched"], true);
    assert_eq!(state["progress"], Value::Null);
    let r = get(
        &s,
        &format!("/api/v1/profiles/{pid}/movies/987654/state"),
        &a.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_data_is_per_profile() {
    let s = server().await;
    let m = movie("Shared").insert(&mut s.db.conn());
    let a = new_user(&s, "split").await;
    let main = profile_of(&s, &a).await;
    let kids = ok_json(
        send(
            &s,
            "POST",
            "/api/v1/profiles",
            &a,
            Some(json!({ "name": "Kids", "is_kids": true })),
        )
        .await,
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok_json(
        send(
            &s,
            "POST",
            &format!("/api/v1/profiles/{main}/watchlist"),
            &a,
            Some(json!({ "movie_id": m })),
        )
        .await,
        201,
    )
    .await;
    let page = ok_json(
        get(
            &s,
            &format!("/api/v1/profiles/{kids}/watchlist"),
            &a.bearer(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(page["pagination"]["total"], 0);
}

/// `/movies/{id}?profile_id=` adds the caller's own state to the shared detail: private (no ETag,
/// `no-store`), only for the owner's profile, and the anonymous detail stays cached and public.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movie_detail_carries_the_callers_state_when_asked() {
    let s = server().await;
    let m = movie("Viewed").insert(&mut s.db.conn());
    let a = new_user(&s, "viewer").await;
    let b = new_user(&s, "stranger").await;
    let pid = profile_of(&s, &a).await;
    ok_json(
        send(
            &s,
            "PUT",
            &format!("/api/v1/profiles/{pid}/ratings/{m}"),
            &a,
            Some(json!({"rating": 4.5})),
        )
        .await,
        200,
    )
    .await;
    ok_json(
        send(
            &s,
            "POST",
            &format!("/api/v1/profiles/{pid}/watchlist"),
            &a,
            Some(json!({"movie_id": m})),
        )
        .await,
        201,
    )
    .await;

    let anonymous = s
        .client
        .get(s.url(&format!("/api/v1/movies/{m}")))
        .send()
        .await
        .unwrap();
    assert!(anonymous.headers().contains_key("etag"));
    let anonymous = ok_json(anonymous, 200).await;
    assert!(anonymous.get("viewer").is_none(), "{anonymous}");

    let path = format!("/api/v1/movies/{m}?profile_id={pid}");
    let mine = get(&s, &path, &a.bearer()).await;
    assert!(!mine.headers().contains_key("etag"));
    assert_eq!(mine.headers()["cache-control"], "no-store");
    let mine = ok_json(mine, 200).await;
    assert_eq!(mine["viewer"]["rating"], 4.5);
    assert_eq!(mine["viewer"]["on_watchlist"], true);
    assert_eq!(mine["viewer"]["watched"], false);
    assert_eq!(mine["title"], anonymous["title"]);

    // Someone else's profile is a 404, no token a 401, a bad id a 400 naming the field.
    error_body(get(&s, &path, &b.bearer()).await, 404, "not_found").await;
    let r = s.client.get(s.url(&path)).send().await.unwrap();
    error_body(r, 401, "unauthorized").await;
    let r = s
        .client
        .get(s.url(&format!("/api/v1/movies/{m}?profile_id=me")))
        .send()
        .await
        .unwrap();
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["profile_id"].is_string(),
        "{body}"
    );
    // A missing movie stays a 404 even with a valid profile.
    let r = get(
        &s,
        &format!("/api/v1/movies/999999?profile_id={pid}"),
        &a.bearer(),
    )
    .await;
    error_body(r, 404, "not_found").await;
}

/// A burst of ratings: each movie detail shows its new aggregate at once; the lists (which show
/// every movie's aggregate) are dropped at most once per `LIST_DROP_WINDOW` and show the last
/// rating within it.
#[tokio::test]
async fn a_burst_of_ratings_updates_details_at_once_and_lists_within_the_window() {
    let s = server().await;
    let m = movie("Burst").insert(&mut s.db.conn());
    let mut profiles = Vec::new();
    for name in ["burst-a", "burst-b", "burst-c"] {
        let user = new_user(&s, name).await;
        let pid = profile_of(&s, &user).await;
        profiles.push((user, pid));
    }
    let list_count = || async {
        let list = ok_json(
            s.client
                .get(s.url("/api/v1/movies?sort=rating"))
                .send()
                .await
                .unwrap(),
            200,
        )
        .await;
        list["data"][0]["rating_count"].as_i64().unwrap()
    };
    assert_eq!(list_count().await, 0);
    let started = std::time::Instant::now();
    for (i, (user, pid)) in profiles.iter().enumerate() {
        let r = send(
            &s,
            "PUT",
            &format!("/api/v1/profiles/{pid}/ratings/{m}"),
            user,
            Some(json!({ "rating": 4.5 })),
        )
        .await;
        assert_eq!(r.status(), 200);
        let detail = ok_json(
            s.client
                .get(s.url(&format!("/api/v1/movies/{m}")))
                .send()
                .await
                .unwrap(),
            200,
        )
        .await;
        assert_eq!(detail["rating"]["count"], i + 1, "detail after rating {i}");
    }
    let window = marquee_server::cache::LIST_DROP_WINDOW;
    loop {
        if list_count().await == 3 {
            break;
        }
        assert!(
            started.elapsed() < window + Duration::from_secs(2),
            "the list still shows an older aggregate after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
