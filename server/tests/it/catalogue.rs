//! The public catalogue over HTTP: movies (filters, sorts, paging, fields), movie detail, facets,
//! people, trending and new releases, caching headers; and the constant query counts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::TimeDelta;
use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use marquee_db::DbConn;
use marquee_db::queries::catalogue::{self as q, MovieFilter, MovieSort, MovieSortKey};
use marquee_db::testing::TestDb;
use serde_json::Value;

use crate::fixtures::{self as fx, date, movie};
use crate::support::{TestServer, error_body, gunzip};

/// Four movies over three genres, two languages, two countries.
struct Catalogue {
    alpha: i64,
    bravo: i64,
    charlie: i64,
    delta: i64,
}

fn seed(c: &mut DbConn) -> Catalogue {
    let drama = fx::genre(c, "drama");
    let crime = fx::genre(c, "crime");
    let comedy = fx::genre(c, "comedy");
    let en = fx::language(c, "en", "English");
    let fr = fx::language(c, "fr", "French");
    let us = fx::country(c, "US", "United States");
    let fr_c = fx::country(c, "FR", "France");
    Catalogue {
        alpha: movie("Alpha")
            .year(1990)
            .released(date(1990, 5, 1))
            .popularity(10.0)
            .language(en)
            .genres(&[drama, crime])
            .countries(&[us])
            .rating(4.5, 10)
            .insert(c),
        bravo: movie("Bravo")
            .year(2005)
            .released(date(2005, 5, 1))
            .popularity(30.0)
            .language(fr)
            .genres(&[drama])
            .countries(&[fr_c])
            .rating(3.0, 5)
            .insert(c),
        charlie: movie("Charlie")
            .year(2010)
            .popularity(20.0)
            .language(en)
            .genres(&[comedy])
            .countries(&[us])
            .insert(c),
        delta: movie("Delta")
            .year(2015)
            .released(date(2015, 5, 1))
            .popularity(20.0)
            .language(en)
            .genres(&[crime])
            .rating(4.0, 2)
            .insert(c),
    }
}

async fn get(s: &TestServer, path: &str) -> reqwest::Response {
    s.client
        .get(s.url(path))
        .send()
        .await
        .expect("request sent")
}

async fn json(s: &TestServer, path: &str) -> Value {
    let r = get(s, path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.expect("JSON body")
}

async fn ids(s: &TestServer, path: &str) -> Vec<i64> {
    let body = json(s, path).await;
    body["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|m| m["id"].as_i64().expect("movie id"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movies_filter_sort_and_page() {
    let s = TestServer::start().await;
    let m = seed(&mut s.db.conn());
    let (a, b, c, d) = (m.alpha, m.bravo, m.charlie, m.delta);

    // Default: most popular first; Charlie and Delta tie on popularity → by id.
    let body = json(&s, "/api/v1/movies").await;
    assert_eq!(
        body["pagination"],
        serde_json::json!({"page": 1, "per_page": 20, "total": 4, "total_pages": 1})
    );
    assert_eq!(ids(&s, "/api/v1/movies").await, [b, c, d, a]);
    assert_eq!(body["data"][0]["genres"], serde_json::json!(["drama"]));
    assert_eq!(body["data"][0]["original_language"], "fr");

    // Several genres: all of them by default, any of them on request (both spellings).
    assert_eq!(ids(&s, "/api/v1/movies?genre=drama,crime").await, [a]);
    assert_eq!(ids(&s, "/api/v1/movies?genre=drama&genre=crime").await, [a]);
    assert_eq!(
        ids(&s, "/api/v1/movies?genre=drama&genre=crime&genre_match=any").await,
        [b, d, a]
    );
    assert_eq!(ids(&s, "/api/v1/movies?language=en").await, [c, d, a]);
    assert_eq!(ids(&s, "/api/v1/movies?country=fr").await, [b]);
    assert_eq!(
        ids(&s, "/api/v1/movies?year_from=2000&year_to=2012").await,
        [b, c]
    );
    assert_eq!(ids(&s, "/api/v1/movies?min_rating=4").await, [d, a]);
    assert_eq!(
        ids(&s, "/api/v1/movies?language=en&min_rating=4&sort=title").await,
        [a, d]
    );

    // Sorts; movies without a value come last either way.
    assert_eq!(ids(&s, "/api/v1/movies?sort=rating").await, [b, d, a, c]);
    assert_eq!(ids(&s, "/api/v1/movies?sort=-rating").await, [a, d, b, c]);
    assert_eq!(
        ids(&s, "/api/v1/movies?sort=release_date").await,
        [a, b, d, c]
    );
    assert_eq!(
        ids(&s, "/api/v1/movies?sort=-release_date").await,
        [d, b, a, c]
    );
    assert_eq!(ids(&s, "/api/v1/movies?sort=title").await, [a, b, c, d]);
    assert_eq!(ids(&s, "/api/v1/movies?sort=-title").await, [d, c, b, a]);
    assert_eq!(
        ids(&s, "/api/v1/movies?sort=popularity").await,
        [a, c, d, b]
    );

    // Paging.
    let body = json(&s, "/api/v1/movies?page=2&per_page=3").await;
    assert_eq!(
        body["pagination"],
        serde_json::json!({"page": 2, "per_page": 3, "total": 4, "total_pages": 2})
    );
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["data"][0]["id"], a);
    let body = json(&s, "/api/v1/movies?page=9").await;
    assert_eq!(body["data"], serde_json::json!([]));

    // fields= trims each item.
    let body = json(&s, "/api/v1/movies?fields=id,title&sort=title&per_page=1").await;
    assert_eq!(
        body["data"],
        serde_json::json!([{"id": a, "title": "Alpha"}])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movies_reject_bad_input_listing_what_is_accepted() {
    let s = TestServer::start().await;
    seed(&mut s.db.conn());
    let cases: &[(&str, &str)] = &[
        ("sort=budget", "sort"),
        ("page=0", "page"),
        ("per_page=10000", "per_page"),
        ("per_page=0", "per_page"),
        ("fields=id,budget", "fields"),
        ("genre=drama,western", "genre"),
        ("language=xx", "language"),
        ("country=ZZ", "country"),
        ("genre_match=some", "genre_match"),
        ("year_from=abc", "year_from"),
        ("year_from=2010&year_to=2000", "year_to"),
        ("min_rating=6", "min_rating"),
        ("colour=red", "colour"),
    ];
    for (query, field) in cases {
        let r = get(&s, &format!("/api/v1/movies?{query}")).await;
        let body = error_body(r, 400, "validation_failed").await;
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{query}: {body}"
        );
    }
    let r = get(&s, "/api/v1/movies?sort=budget").await;
    let body = error_body(r, 400, "validation_failed").await;
    let accepted = &body["error"]["details"]["accepted"]["sort"];
    assert!(
        accepted
            .as_array()
            .unwrap()
            .contains(&Value::from("-release_date")),
        "{body}"
    );
    let r = get(&s, "/api/v1/movies?genre=western").await;
    let body = error_body(r, 400, "validation_failed").await;
    assert_eq!(
        body["error"]["details"]["accepted"]["genre"],
        serde_json::json!(["comedy", "crime", "drama"])
    );
    assert!(
        body["error"]["details"]["fields"]["genre"]
            .as_str()
            .unwrap()
            .contains("western")
    );
    let r = get(&s, "/api/v1/movies?per_page=10000").await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["fields"]["per_page"]
            .as_str()
            .unwrap()
            .contains("100")
    );
    let r = get(&s, "/api/v1/movies?fields=budget").await;
    let body = error_body(r, 400, "validation_failed").await;
    assert!(
        body["error"]["details"]["accepted"]["fields"]
            .as_array()
            .unwrap()
            .contains(&Value::from("poster_url"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movie_detail_with_credits_trailers_and_rating() {
    let s = TestServer::start().await;
    let mut c = s.db.conn();
    let m = seed(&mut c);
    let lead = fx::person(&mut c, "Lead Actor", 5.0);
    let second = fx::person(&mut c, "Second Actor", 3.0);
    let director = fx::person(&mut c, "The Director", 4.0);
    fx::cast(&mut c, m.alpha, second, 1, "Sidekick");
    fx::cast(&mut c, m.alpha, lead, 0, "Hero");
    fx::crew(&mut c, m.alpha, director, "Director");
    let trailer = fx::trailer(&mut c, m.alpha, "Official trailer", &["480p", "1080p"]);
    fx::trailer(&mut c, m.bravo, "Other movie's trailer", &["720p"]);

    let body = json(&s, &format!("/api/v1/movies/{}", m.alpha)).await;
    assert_eq!(body["title"], "Alpha");
    assert_eq!(
        body["original_language"],
        serde_json::json!({"code": "en", "name": "English"})
    );
    let codes = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|g| g["code"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&body["genres"]), ["crime", "drama"]);
    assert_eq!(codes(&body["countries"]), ["US"]);
    let cast: Vec<&str> = body["cast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["person"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(cast, ["Lead Actor", "Second Actor"]);
    assert_eq!(body["cast"][0]["character"], "Hero");
    assert_eq!(body["crew"][0]["job"], "Director");
    assert_eq!(body["crew"][0]["person"]["id"], director);
    assert_eq!(body["trailers"].as_array().unwrap().len(), 1);
    assert_eq!(body["trailers"][0]["id"], trailer);
    let qualities: Vec<&str> = body["trailers"][0]["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["quality"].as_str().unwrap())
        .collect();
    assert_eq!(qualities, ["480p", "1080p"]);
    assert_eq!(body["rating"]["average"], 4.5);
    assert_eq!(body["rating"]["count"], 10);

    let r = get(&s, "/api/v1/movies/999999").await;
    error_body(r, 404, "not_found").await;
    let r = get(&s, "/api/v1/movies/not-a-number").await;
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_gets_carry_etag_and_answer_304() {
    let s = TestServer::start().await;
    let m = seed(&mut s.db.conn());
    for path in [
        format!("/api/v1/movies/{}", m.alpha),
        "/api/v1/movies?genre=drama".to_owned(),
        "/api/v1/genres".to_owned(),
    ] {
        let r = get(&s, &path).await;
        assert_eq!(r.status(), 200);
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
        let cc = r.headers()["cache-control"].to_str().unwrap();
        assert!(cc.starts_with("public, max-age="), "{cc}");
        let r = s
            .client
            .get(s.url(&path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304, "{path}");
        assert_eq!(r.headers()["etag"], etag.as_str());
        assert!(r.bytes().await.unwrap().is_empty());
        let r = s
            .client
            .get(s.url(&path))
            .header("if-none-match", "\"stale\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    // Errors are not cacheable.
    let r = get(&s, "/api/v1/movies?page=0").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
}

/// A cached page goes out in the gzip form made once beside the body (as For You's does), with
/// its length known, instead of through the compression layer's stream on every request; the
/// ETag and the 304 are the same either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_pages_are_sent_in_their_stored_gzip_form() {
    let s = TestServer::start().await;
    {
        let mut c = s.db.conn();
        for i in 0..40 {
            movie(&format!("A movie with a long title, number {i}"))
                .year(1980 + i)
                .insert(&mut c);
        }
    }
    let path = "/api/v1/movies?per_page=40";
    let plain = get(&s, path).await;
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    let plain = plain.bytes().await.unwrap();
    assert!(plain.len() > 4096, "{} bytes", plain.len());
    let gzipped = || {
        s.client
            .get(s.url(path))
            .header("accept-encoding", "gzip, deflate")
    };
    for _ in 0..2 {
        let r = gzipped().send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], "gzip");
        assert_eq!(r.headers()["vary"], "accept-encoding");
        assert_eq!(r.headers()["etag"], etag.as_str());
        let length = r.content_length();
        let zipped = r.bytes().await.unwrap();
        assert_eq!(
            length,
            Some(zipped.len() as u64),
            "a stored body, not a stream"
        );
        assert!(
            zipped.len() < plain.len() / 3,
            "{} of {}",
            zipped.len(),
            plain.len()
        );
        assert_eq!(gunzip(&zipped), plain, "the same body, compressed");
    }
    let r = gzipped()
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert!(r.bytes().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facets_count_movies_matching_the_other_filters() {
    let s = TestServer::start().await;
    seed(&mut s.db.conn());
    let counts = |body: Value| -> Vec<(String, u64)> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_owned(),
                    f["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let pairs = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(c, n)| ((*c).to_owned(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts(json(&s, "/api/v1/genres").await),
        pairs(&[("comedy", 1), ("crime", 2), ("drama", 2)])
    );
    assert_eq!(
        counts(json(&s, "/api/v1/genres?language=en&year_from=2000").await),
        pairs(&[("comedy", 1), ("crime", 1), ("drama", 0)])
    );
    // A facet ignores its own filter: the other values stay visible with their counts.
    assert_eq!(
        counts(json(&s, "/api/v1/genres?genre=comedy").await),
        pairs(&[("comedy", 1), ("crime", 2), ("drama", 2)])
    );
    assert_eq!(
        counts(json(&s, "/api/v1/languages?genre=drama").await),
        pairs(&[("en", 1), ("fr", 1)])
    );
    assert_eq!(
        counts(json(&s, "/api/v1/countries?min_rating=4").await),
        pairs(&[("FR", 0), ("US", 1)])
    );

    let r = get(&s, "/api/v1/genres?language=xx").await;
    let body = error_body(r, 400, "validation_failed").await;
    assert_eq!(
        body["error"]["details"]["accepted"]["language"],
        serde_json::json!(["en", "fr"])
    );
    let r = get(&s, "/api/v1/countries?sort=title").await;
    error_body(r, 400, "validation_failed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_profile_filmography_and_similar() {
    let s = TestServer::start().await;
    let mut c = s.db.conn();
    let m = seed(&mut c);
    let maker = fx::person(&mut c, "Maker", 9.0);
    let regular = fx::person(&mut c, "Regular", 5.0);
    let once = fx::person(&mut c, "Once", 1.0);
    fx::alias(&mut c, maker, "M. Aker");
    fx::crew(&mut c, m.alpha, maker, "Director");
    fx::crew(&mut c, m.alpha, maker, "Screenplay");
    fx::crew(&mut c, m.delta, maker, "Director");
    fx::cast(&mut c, m.bravo, maker, 0, "Cameo");
    fx::cast(&mut c, m.alpha, regular, 0, "Lead");
    fx::cast(&mut c, m.delta, regular, 0, "Lead");
    fx::cast(&mut c, m.alpha, once, 1, "Friend");

    let body = json(&s, &format!("/api/v1/people/{maker}")).await;
    assert_eq!(body["name"], "Maker");
    assert_eq!(body["also_known_as"], serde_json::json!(["M. Aker"]));
    assert_eq!(
        (body["cast_credits"].as_u64(), body["crew_credits"].as_u64()),
        (Some(1), Some(3))
    );

    let films = |body: Value| -> Vec<(i64, String)> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["movie"]["id"].as_i64().unwrap(),
                    e["role"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let base = format!("/api/v1/people/{maker}/filmography");
    let body = json(&s, &format!("{base}?sort=year")).await;
    assert_eq!(body["pagination"]["total"], 4);
    let order: Vec<i64> = films(body).into_iter().map(|f| f.0).collect();
    assert_eq!(order, [m.alpha, m.alpha, m.bravo, m.delta]);
    let order: Vec<i64> = films(json(&s, &base).await)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        order,
        [m.delta, m.bravo, m.alpha, m.alpha],
        "default is newest first"
    );
    assert_eq!(
        films(json(&s, &format!("{base}?role=cast")).await),
        [(m.bravo, "cast".to_owned())]
    );
    let order: Vec<i64> = films(json(&s, &format!("{base}?role=crew&sort=-rating")).await)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(order, [m.alpha, m.alpha, m.delta]);
    let order: Vec<i64> = films(json(&s, &format!("{base}?sort=-popularity&per_page=2")).await)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(order, [m.bravo, m.delta]);

    let body = json(&s, &format!("/api/v1/people/{maker}/similar")).await;
    let similar: Vec<(i64, u64)> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["person"]["id"].as_i64().unwrap(),
                p["shared_movies"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(similar, [(regular, 2), (once, 1)]);

    for (query, field) in [
        ("sort=budget", "sort"),
        ("role=writer", "role"),
        ("page=0", "page"),
        ("per_page=10000", "per_page"),
    ] {
        let r = get(&s, &format!("{base}?{query}")).await;
        let body = error_body(r, 400, "validation_failed").await;
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{query}: {body}"
        );
    }
    for path in [
        "/api/v1/people/999999",
        "/api/v1/people/999999/filmography",
        "/api/v1/people/999999/similar",
    ] {
        error_body(get(&s, path).await, 404, "not_found").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trending_ranks_recent_activity_globally_and_per_region() {
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |mut config| {
            config.auth.jwt_secret = Some(marquee_server::config::Secret(
                crate::accounts::JWT_SECRET.to_owned(),
            ));
            config
        },
    )
    .await;
    let state = captured.unwrap();
    let mut c = s.db.conn();
    let us = fx::country(&mut c, "US", "United States");
    let fr = fx::country(&mut c, "FR", "France");
    let today = marquee_db::now().date();
    let hot = movie("Hot")
        .released(today - TimeDelta::days(3))
        .insert(&mut c);
    let warm = movie("Warm")
        .released(today - TimeDelta::days(1))
        .insert(&mut c);
    let old = movie("Old").released(fx::date(1999, 1, 1)).insert(&mut c);
    let future = movie("Future")
        .released(today + TimeDelta::days(30))
        .insert(&mut c);
    let american = fx::profile(&mut c, "us@example.com", Some(us));
    let french = fx::profile(&mut c, "fr@example.com", Some(fr));
    let now = marquee_db::now();
    for _ in 0..3 {
        fx::watched(&mut c, american, hot, now - TimeDelta::hours(1));
    }
    fx::rated(&mut c, french, warm, now - TimeDelta::hours(2));
    fx::listed(&mut c, french, old, now - TimeDelta::days(3));
    fx::watched(&mut c, american, future, now - TimeDelta::days(10));

    marquee_server::jobs::trending::refresh(&state)
        .await
        .unwrap();

    let ranked = |body: &Value| -> Vec<i64> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["movie"]["id"].as_i64().unwrap())
            .collect()
    };
    let body = json(&s, "/api/v1/trending").await;
    assert_eq!(ranked(&body), [hot, warm], "{body}");
    assert_eq!(body["window"], "day");
    assert!(body["computed_at"].is_string());
    assert!(
        body["data"][0]["score"].as_f64().unwrap() > body["data"][1]["score"].as_f64().unwrap()
    );
    assert_eq!(
        ranked(&json(&s, "/api/v1/trending?window=week").await),
        [hot, warm, old]
    );
    assert_eq!(
        ranked(&json(&s, "/api/v1/trending?window=week&region=fr").await),
        [warm, old]
    );
    assert_eq!(ranked(&json(&s, "/api/v1/trending?region=US").await), [hot]);
    assert_eq!(
        ranked(&json(&s, "/api/v1/trending?region=DE").await),
        Vec::<i64>::new()
    );
    // With `profile_id`, the region defaults to that profile's country; an explicit region wins.
    let viewer = crate::accounts::new_user(&s, "trend").await;
    let profiles: Value = crate::accounts::get(&s, "/api/v1/profiles", &viewer.bearer())
        .await
        .json()
        .await
        .unwrap();
    let pid = profiles[0]["id"].as_i64().unwrap();
    let r = s
        .client
        .put(s.url(&format!("/api/v1/profiles/{pid}/preferences")))
        .header("authorization", viewer.bearer())
        .json(&serde_json::json!({"country": "FR"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mine = format!("/api/v1/trending?window=week&profile_id={pid}");
    let r = crate::accounts::get(&s, &mine, &viewer.bearer()).await;
    assert_eq!(r.headers()["cache-control"], "private, no-cache");
    let body: Value = r.json().await.unwrap();
    assert_eq!(ranked(&body), [warm, old], "{body}");
    assert_eq!(body["region"], "FR");
    let r = crate::accounts::get(&s, &format!("{mine}&region=US"), &viewer.bearer()).await;
    assert_eq!(ranked(&r.json().await.unwrap()), [hot]);
    error_body(get(&s, &mine).await, 401, "unauthorized").await;
    let stranger = crate::accounts::new_user(&s, "stranger").await;
    let r = crate::accounts::get(&s, &mine, &stranger.bearer()).await;
    error_body(r, 404, "not_found").await;
    let body = json(&s, "/api/v1/trending?window=week&per_page=1&page=2").await;
    assert_eq!(ranked(&body), [warm]);
    assert_eq!(body["pagination"]["total"], 3);

    assert_eq!(
        ranked(&json(&s, "/api/v1/new-releases").await),
        [warm, hot, old]
    );

    for (path, field) in [
        ("/api/v1/trending?window=month", "window"),
        ("/api/v1/trending?region=USA", "region"),
        ("/api/v1/trending?page=0", "page"),
        ("/api/v1/new-releases?per_page=10000", "per_page"),
    ] {
        let body = error_body(get(&s, path).await, 400, "validation_failed").await;
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{path}: {body}"
        );
    }
}

/// Counts the statements a closure runs on `conn` with Diesel's instrumentation.
fn count_queries<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> T) -> (usize, T) {
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let out = f(conn);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    (counter.load(Ordering::SeqCst), out)
}

fn movie_with_cast(c: &mut DbConn, title: &str, cast_size: usize, genre: i64) -> i64 {
    let id = movie(title)
        .year(2000)
        .genres(&[genre])
        .rating(4.0, 3)
        .insert(c);
    for i in 0..cast_size {
        let p = fx::person(c, &format!("{title} actor {i}"), 1.0);
        fx::cast(c, id, p, i32::try_from(i).expect("small"), "Someone");
        if i % 10 == 0 {
            fx::crew(c, id, p, "Producer");
        }
    }
    for t in 0..cast_size / 20 + 1 {
        fx::trailer(c, id, &format!("Trailer {t}"), &["480p", "720p", "1080p"]);
    }
    id
}

#[test]
fn movie_detail_and_list_pages_take_a_constant_number_of_queries() {
    let db = TestDb::migrated();
    let mut c = db.conn();
    let drama = fx::genre(&mut c, "drama");
    let small = movie_with_cast(&mut c, "Small", 3, drama);
    let large = movie_with_cast(&mut c, "Large", 60, drama);

    let (small_queries, detail) =
        count_queries(&mut c, |c| q::movie_detail(c, small).unwrap().unwrap());
    assert_eq!(
        detail.credits.iter().filter(|c| c.kind == "cast").count(),
        3
    );
    let (large_queries, detail) =
        count_queries(&mut c, |c| q::movie_detail(c, large).unwrap().unwrap());
    assert_eq!(
        detail.credits.iter().filter(|c| c.kind == "cast").count(),
        60
    );
    assert_eq!(detail.trailers.len(), 4);
    assert!(detail.trailers.iter().all(|(_, r)| r.len() == 3));
    assert_eq!(
        small_queries, large_queries,
        "movie detail must not issue a query per credit"
    );
    assert_eq!(large_queries, q::MOVIE_DETAIL_STATEMENTS);

    let filter = MovieFilter {
        genre_ids: vec![drama],
        ..MovieFilter::default()
    };
    let sort = MovieSort {
        key: MovieSortKey::Rating,
        descending: true,
    };
    let list = |c: &mut DbConn| q::list_movies(c, &filter, sort, 0, 100).unwrap();
    for i in 0..3 {
        movie(&format!("Filler {i}"))
            .genres(&[drama])
            .insert(&mut c);
    }
    let (five_queries, (total, rows)) = count_queries(&mut c, list);
    assert_eq!((total, rows.len()), (5, 5));
    for i in 3..48 {
        movie(&format!("Filler {i}"))
            .genres(&[drama])
            .insert(&mut c);
    }
    let (fifty_queries, (total, rows)) = count_queries(&mut c, list);
    assert_eq!((total, rows.len()), (50, 50));
    assert!(rows.iter().all(|r| r.genres == ["drama"]));
    assert_eq!(
        five_queries, fifty_queries,
        "a list page must not issue a query per movie"
    );
}
