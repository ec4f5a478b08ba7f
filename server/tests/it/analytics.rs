//! Analytics and experiments over HTTP: event batches stored once when retried, validation,
//! export and deletion of one's own events, the opt-out, stats on a hand-computed fixture, and a
//! simulated experiment whose better variant wins with an interval excluding zero.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use marquee_db::models::NewAnalyticsEvent;
use marquee_db::queries::analytics as q;
use marquee_db::schema::analytics_events;
use marquee_server::analytics::assign;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

use crate::accounts::{JWT_SECRET, User, make_admin, new_user, server};
use crate::activity::{ok_json, profile_of, send};
use crate::fixtures::{self as fx, movie};
use crate::support::{TestServer, error_body};

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn impression(id: &str, movie_id: i64, row: &str, position: i32) -> Value {
    json!({
        "id": id, "kind": "impression", "occurred_at": chrono::Utc::now(),
        "movie_id": movie_id, "row_kind": row, "position": position, "algorithm": "m1"
    })
}

fn count_events(s: &TestServer) -> i64 {
    analytics_events::table
        .count()
        .get_result(&mut s.db.conn())
        .unwrap()
}

async fn admin(s: &TestServer) -> User {
    let admin = new_user(s, "admin").await;
    make_admin(s, &admin.email);
    admin
}

#[tokio::test]
async fn a_retried_batch_is_stored_once() {
    let s = server().await;
    let alice = new_user(&s, "alice").await;
    let pid = profile_of(&s, &alice).await;
    let (heat, alien) = {
        let mut c = s.db.conn();
        (movie("Heat").insert(&mut c), movie("Alien").insert(&mut c))
    };
    let path = format!("/api/v1/profiles/{pid}/events");
    let (a, b, c) = (uuid(), uuid(), uuid());
    let batch = json!({ "events": [
        impression(&a, heat, "top_picks", 0),
        impression(&b, alien, "top_picks", 1),
        { "id": c, "kind": "click", "occurred_at": chrono::Utc::now(), "movie_id": alien,
          "row_kind": "top_picks", "position": 1 },
    ]});
    let got = ok_json(
        send(&s, "POST", &path, &alice, Some(batch.clone())).await,
        202,
    )
    .await;
    assert_eq!(
        got,
        json!({"stored": 3, "duplicates": 0, "opted_out": false})
    );
    // The client did not see the reply and sends the same batch again.
    let got = ok_json(send(&s, "POST", &path, &alice, Some(batch)).await, 202).await;
    assert_eq!(
        got,
        json!({"stored": 0, "duplicates": 3, "opted_out": false})
    );
    // A batch mixing old and new events (and one repeated inside it) stores the new one once.
    let d = uuid();
    let mixed = json!({ "events": [
        impression(&a, heat, "top_picks", 0),
        impression(&d, heat, "trending_region", 4),
        impression(&d, heat, "trending_region", 4),
    ]});
    let got = ok_json(send(&s, "POST", &path, &alice, Some(mixed)).await, 202).await;
    assert_eq!(
        got,
        json!({"stored": 1, "duplicates": 2, "opted_out": false})
    );
    assert_eq!(count_events(&s), 4);

    // Each bad field is named with its rule; nothing of a bad batch is stored.
    let bad = json!({ "events": [
        impression(&uuid(), heat, "top_picks", 0),
        { "id": "not-a-uuid", "kind": "hover", "occurred_at": "2099-01-01T00:00:00Z",
          "movie_id": heat },
        { "id": uuid(), "kind": "rating", "occurred_at": chrono::Utc::now(), "movie_id": heat,
          "value": 7 },
        { "id": uuid(), "kind": "impression", "occurred_at": chrono::Utc::now(),
          "movie_id": heat, "row_kind": "top_picks", "position": -1 },
    ]});
    let body = error_body(
        send(&s, "POST", &path, &alice, Some(bad)).await,
        400,
        "validation_failed",
    )
    .await;
    let fields = body["error"]["details"]["fields"].as_object().unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "events[1].id",
            "events[1].kind",
            "events[1].occurred_at",
            "events[2].value",
            "events[3].position"
        ]
    );
    assert!(
        fields["events[1].kind"]
            .as_str()
            .unwrap()
            .contains("accepted: impression")
    );
    let unknown = json!({ "events": [impression(&uuid(), 999_999, "top_picks", 0)] });
    let body = error_body(
        send(&s, "POST", &path, &alice, Some(unknown)).await,
        400,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["details"]["fields"]["events[0].movie_id"]
            .as_str()
            .unwrap()
            .contains("no movie 999999")
    );
    let too_many: Vec<Value> = (0..501)
        .map(|i| impression(&uuid(), heat, "top_picks", i))
        .collect();
    error_body(
        send(
            &s,
            "POST",
            &path,
            &alice,
            Some(json!({ "events": too_many })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(count_events(&s), 4);

    // Another account's profile is a 404, like a missing one.
    let bob = new_user(&s, "bob").await;
    let retry = json!({ "events": [impression(&uuid(), heat, "top_picks", 0)] });
    error_body(
        send(&s, "POST", &path, &bob, Some(retry)).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn users_export_and_delete_their_own_events_and_can_opt_out() {
    let s = server().await;
    let alice = new_user(&s, "alice").await;
    let bob = new_user(&s, "bob").await;
    let (alice_pid, bob_pid) = (profile_of(&s, &alice).await, profile_of(&s, &bob).await);
    let heat = movie("Heat").insert(&mut s.db.conn());
    for (user, pid, n) in [(&alice, alice_pid, 3), (&bob, bob_pid, 2)] {
        let events: Vec<Value> = (0..n)
            .map(|i| impression(&uuid(), heat, "top_picks", i))
            .collect();
        let path = format!("/api/v1/profiles/{pid}/events");
        ok_json(
            send(&s, "POST", &path, user, Some(json!({ "events": events }))).await,
            202,
        )
        .await;
    }

    // JSON pages: two of Alice's three, then the last one; none of Bob's.
    let page = ok_json(
        send(&s, "GET", "/api/v1/me/events?limit=2", &alice, None).await,
        200,
    )
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    let next = page["next_after"].as_i64().unwrap();
    let rest = ok_json(
        send(
            &s,
            "GET",
            &format!("/api/v1/me/events?after={next}&limit=2"),
            &alice,
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_after"], Value::Null);
    for e in page["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["data"].as_array().unwrap())
    {
        assert_eq!(e["profile_id"], alice_pid);
        assert_eq!(e["movie_id"], heat);
    }
    // JSON Lines: every event, one object per line.
    let r = send(&s, "GET", "/api/v1/me/events?format=jsonl", &alice, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let text = r.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|e| e["profile_id"] == alice_pid));
    error_body(
        send(&s, "GET", "/api/v1/me/events?format=csv", &alice, None).await,
        400,
        "validation_failed",
    )
    .await;

    // Alice deletes hers; Bob's stay.
    let deleted = ok_json(
        send(&s, "DELETE", "/api/v1/me/events", &alice, None).await,
        200,
    )
    .await;
    assert_eq!(deleted["deleted"], 3);
    let page = ok_json(
        send(&s, "GET", "/api/v1/me/events", &alice, None).await,
        200,
    )
    .await;
    assert_eq!(page["data"], json!([]));
    let page = ok_json(send(&s, "GET", "/api/v1/me/events", &bob, None).await, 200).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);

    // Opting out: batches are accepted and nothing is stored.
    let setting = json!({ "opt_out": true });
    let got = ok_json(
        send(&s, "PUT", "/api/v1/me/analytics", &alice, Some(setting)).await,
        200,
    )
    .await;
    assert_eq!(got["opt_out"], true);
    let got = ok_json(
        send(&s, "GET", "/api/v1/me/analytics", &alice, None).await,
        200,
    )
    .await;
    assert_eq!(got["opt_out"], true);
    let path = format!("/api/v1/profiles/{alice_pid}/events");
    let batch = json!({ "events": [impression(&uuid(), heat, "top_picks", 0)] });
    let got = ok_json(send(&s, "POST", &path, &alice, Some(batch)).await, 202).await;
    assert_eq!(
        got,
        json!({"stored": 0, "duplicates": 0, "opted_out": true})
    );
    // Trailer playback events are not recorded either.
    let trailer = fx::trailer(&mut s.db.conn(), heat, "Trailer", &["720p"]);
    let playback = json!({
        "profile_id": alice_pid, "event": "start", "position_seconds": 0, "client_event_id": uuid()
    });
    let path = format!("/api/v1/trailers/{trailer}/events");
    ok_json(send(&s, "POST", &path, &alice, Some(playback)).await, 201).await;
    assert_eq!(count_events(&s), 2);
}

/// (profile, kind, movie, row kind, when).
type Fixture<'a> = (i64, &'a str, Option<i64>, Option<&'a str>, NaiveDateTime);

/// Stores events through the shared batch code, one batch per event.
fn store(s: &TestServer, events: &[Fixture<'_>]) {
    let mut c = s.db.conn();
    let ids: Vec<String> = events.iter().map(|_| uuid()).collect();
    for ((pid, kind, movie_id, row, at), id) in events.iter().zip(&ids) {
        let event = NewAnalyticsEvent {
            profile_id: Some(*pid),
            kind,
            movie_id: *movie_id,
            row_kind: *row,
            position: row.map(|_| 0),
            client_event_id: Some(id),
            occurred_at: *at,
            received_at: *at,
            ..Default::default()
        };
        q::store_batch(&mut c, *pid, &[event]).unwrap();
    }
}

#[tokio::test]
async fn ctr_and_retention_on_a_fixture_match_hand_computed_values() {
    let (s, state) = server_and_state(|c| c).await;
    let boss = admin(&s).await;
    let (p1, p2, p3, heat, alien) = {
        let mut c = s.db.conn();
        (
            fx::profile(&mut c, "p1@example.com", None),
            fx::profile(&mut c, "p2@example.com", None),
            fx::profile(&mut c, "p3@example.com", None),
            movie("Heat").insert(&mut c),
            movie("Alien").insert(&mut c),
        )
    };
    let today = marquee_db::now().date().and_hms_opt(0, 30, 0).unwrap();
    let day = |n: i64| today - TimeDelta::days(n);
    let (imp, click) = ("impression", "click");
    store(
        &s,
        &[
            // p1: first seen 10 days ago; back 9 and 3 days ago (day 1 and day 7 after its first).
            (p1, imp, Some(heat), Some("top_picks"), day(10)),
            (p1, imp, Some(alien), Some("top_picks"), day(10)),
            (p1, click, Some(heat), Some("top_picks"), day(10)),
            (p1, imp, Some(heat), Some("trending_region"), day(9)),
            (p1, "play", Some(heat), None, day(3)),
            (p1, "complete", Some(heat), None, day(3)),
            // p2: first seen 10 days ago; back 8 days ago only (day 2: neither).
            (p2, imp, Some(heat), Some("top_picks"), day(10)),
            (p2, imp, Some(alien), Some("trending_region"), day(8)),
            (p2, click, Some(alien), Some("trending_region"), day(8)),
            (p2, "play", Some(alien), None, day(8)),
            // p3: first seen yesterday, back today (day 1), too new for day 7.
            (p3, imp, Some(alien), Some("top_picks"), day(1)),
            (p3, click, Some(alien), Some("top_picks"), day(1)),
            (p3, "play", Some(alien), None, day(0)),
        ],
    );
    let stats = ok_json(
        send(&s, "GET", "/api/v1/admin/stats?since=30d", &boss, None).await,
        200,
    )
    .await;
    // Hand computation:
    // top_picks: impressions p1×2 (d10) + p2 (d10) + p3 (d1) = 4; clicks p1 (d10) + p3 (d1) = 2
    //   → CTR 2/4 = 0.5.
    // trending_region: impressions p1 (d9) + p2 (d8) = 2; clicks p2 (d8) = 1 → CTR 0.5.
    // Day-1 retention: cohort = profiles first seen ≥ 1 day ago = p1 (d10), p2 (d10), p3 (d1);
    //   active the day after the first: p1 (d9 ✓), p2 (d9 ✗), p3 (d0 ✓) → 2/3.
    // Day-7 retention: cohort = first seen ≥ 7 days ago = p1, p2; active on d3: p1 ✓, p2 ✗ → 1/2.
    // Day-30: nobody first seen 30 days ago → no cohort, no rate.
    // DAU (today, d0): p3 → 1; MAU: p1, p2, p3 → 3. Plays 3, completions 1 → 1/3.
    // Top movie by plays: Alien (p2, p3) 2, then Heat 1.
    assert_eq!(
        stats["ctr_by_row"]["top_picks"],
        json!({"impressions": 4, "clicks": 2, "ctr": 0.5})
    );
    assert_eq!(
        stats["ctr_by_row"]["trending_region"],
        json!({"impressions": 2, "clicks": 1, "ctr": 0.5})
    );
    let retention = stats["retention"].as_array().unwrap();
    assert_eq!(
        (
            retention[0]["day"].as_i64(),
            retention[0]["cohort"].as_i64(),
            retention[0]["retained"].as_i64()
        ),
        (Some(1), Some(3), Some(2))
    );
    assert!((retention[0]["rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        retention[1],
        json!({"day": 7, "cohort": 2, "retained": 1, "rate": 0.5})
    );
    assert_eq!(
        retention[2],
        json!({"day": 30, "cohort": 0, "retained": 0, "rate": null})
    );
    assert_eq!(
        (stats["dau"].as_i64(), stats["mau"].as_i64()),
        (Some(1), Some(3))
    );
    assert_eq!(
        (stats["plays"].as_i64(), stats["completions"].as_i64()),
        (Some(3), Some(1))
    );
    assert!((stats["completion_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(stats["top_movies"][0]["movie_id"], alien);
    assert_eq!(stats["top_movies"][0]["count"], 2);
    assert_eq!(stats["events"], 13);
    // A shorter window leaves the older events out: since 5 days ago only p1's play/complete
    // and p3's events remain; top_picks: p3's impression and click → CTR 1.
    let recent = ok_json(
        send(&s, "GET", "/api/v1/admin/stats?since=5d", &boss, None).await,
        200,
    )
    .await;
    assert_eq!(
        recent["ctr_by_row"]["top_picks"],
        json!({"impressions": 1, "clicks": 1, "ctr": 1.0})
    );
    assert_eq!(recent["events"], 5);
    // Without `since`: the analytics job's 30-day snapshot (its first run, at start, may have
    // missed the fixture); after a run it matches.
    marquee_server::jobs::analytics::refresh(&state)
        .await
        .unwrap();
    let snapshot = ok_json(
        send(&s, "GET", "/api/v1/admin/stats", &boss, None).await,
        200,
    )
    .await;
    assert_eq!(snapshot["ctr_by_row"], stats["ctr_by_row"]);
    error_body(
        send(
            &s,
            "GET",
            "/api/v1/admin/stats?since=yesterday",
            &boss,
            None,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let user = new_user(&s, "user").await;
    error_body(
        send(&s, "GET", "/api/v1/admin/stats", &user, None).await,
        403,
        "forbidden",
    )
    .await;
}

/// A server (with the accounts tests' JWT secret) and its state, for calling jobs directly.
async fn server_and_state(
    tweak: impl FnOnce(marquee_server::config::Config) -> marquee_server::config::Config,
) -> (TestServer, marquee_server::state::AppState) {
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |mut config| {
            config.auth.jwt_secret = Some(marquee_server::config::Secret(JWT_SECRET.to_owned()));
            tweak(config)
        },
    )
    .await;
    (s, captured.unwrap())
}

#[tokio::test]
async fn the_retention_cleanup_deletes_only_events_past_the_retention() {
    let (s, state) = server_and_state(|mut config| {
        config.analytics.retention_days = 30;
        config
    })
    .await;
    let (pid, heat) = {
        let mut c = s.db.conn();
        (
            fx::profile(&mut c, "p@example.com", None),
            movie("Heat").insert(&mut c),
        )
    };
    let now = marquee_db::now();
    store(
        &s,
        &[
            (pid, "play", Some(heat), None, now - TimeDelta::days(31)),
            (pid, "play", Some(heat), None, now - TimeDelta::days(29)),
        ],
    );
    marquee_server::jobs::analytics::refresh(&state)
        .await
        .unwrap();
    assert_eq!(count_events(&s), 1);
    let status = state.analytics_job().status();
    assert_eq!(status.counts[0], ("events_purged".to_owned(), 1));
}

#[tokio::test]
async fn a_simulated_experiment_shows_the_better_variant_winning() {
    let s = server().await;
    let boss = admin(&s).await;
    let alice = new_user(&s, "alice").await;
    let alice_pid = profile_of(&s, &alice).await;
    let heat = movie("Heat").insert(&mut s.db.conn());

    // For You before any experiment carries no arm.
    let for_you = format!("/api/v1/profiles/{alice_pid}/for-you");
    let page = ok_json(send(&s, "GET", &for_you, &alice, None).await, 200).await;
    assert_eq!(page.get("experiment"), None);

    let spec = json!({
        "key": "diversity-2026-11",
        "description": "More diverse personal rows",
        "variants": [
            {"key": "control", "share": 0.5},
            {"key": "diverse", "share": 0.5, "config": {"diversity": 0.6}},
        ]
    });
    let created = ok_json(
        send(
            &s,
            "POST",
            "/api/v1/admin/experiments",
            &boss,
            Some(spec.clone()),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(created["status"], "running");
    let shares = [500, 500];
    let keys = ["control", "diverse"];
    // A second one cannot start while this one runs; a bad spec names its fields.
    let mut other = spec.clone();
    other["key"] = json!("other");
    error_body(
        send(&s, "POST", "/api/v1/admin/experiments", &boss, Some(other)).await,
        409,
        "experiment_running",
    )
    .await;
    let mut bad = spec.clone();
    bad["variants"][1]["share"] = json!(0.7);
    let body = error_body(
        send(&s, "POST", "/api/v1/admin/experiments", &boss, Some(bad)).await,
        400,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["details"]["fields"]["variants"]
            .as_str()
            .unwrap()
            .contains("sum to 1.2")
    );
    error_body(
        send(
            &s,
            "POST",
            "/api/v1/admin/experiments",
            &alice,
            Some(spec.clone()),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    // For You now names Alice's arm (the cached rows without one are not served), and the
    // events she posts are stamped with it.
    let expected = keys[assign("diversity-2026-11", alice_pid, &shares)];
    let page = ok_json(send(&s, "GET", &for_you, &alice, None).await, 200).await;
    assert_eq!(
        page["experiment"],
        json!({"experiment": "diversity-2026-11", "variant": expected})
    );
    let path = format!("/api/v1/profiles/{alice_pid}/events");
    let batch = json!({ "events": [impression(&uuid(), heat, "top_picks", 0)] });
    ok_json(send(&s, "POST", &path, &alice, Some(batch)).await, 202).await;
    let stamped: (Option<i64>, Option<String>) = analytics_events::table
        .select((analytics_events::experiment_id, analytics_events::variant))
        .first(&mut s.db.conn())
        .unwrap();
    assert_eq!(stamped, (created["id"].as_i64(), Some(expected.to_owned())));

    // Synthetic viewers (fixed seed): 400 profiles, 25 impressions each, clicking with
    // probability 8% in the control and 12% in the diverse variant.
    let profiles: Vec<i64> = {
        let mut c = s.db.conn();
        (0..400)
            .map(|i| fx::profile(&mut c, &format!("viewer{i}@example.com"), None))
            .collect()
    };
    let mut rng = rand_pcg::Pcg64::seed_from_u64(11);
    let experiment_id = created["id"].as_i64();
    let mut c = s.db.conn();
    let now = marquee_db::now();
    for pid in profiles {
        let variant = keys[assign("diversity-2026-11", pid, &shares)];
        let p = if variant == "diverse" { 0.12 } else { 0.08 };
        // Leaked: a few KB for the test's lifetime, so the events can borrow them freely.
        let ids: &'static [String] = Vec::leak((0..50).map(|_| uuid()).collect());
        let mut events = Vec::new();
        for k in 0..25 {
            let event = |kind: &'static str, id: &'static str| NewAnalyticsEvent {
                profile_id: Some(pid),
                kind,
                movie_id: Some(heat),
                row_kind: Some("top_picks"),
                position: Some(k),
                client_event_id: Some(id),
                occurred_at: now,
                received_at: now,
                experiment_id,
                variant: Some(variant),
                ..Default::default()
            };
            events.push(event("impression", &ids[2 * k as usize]));
            if rng.random::<f64>() < p {
                events.push(event("click", &ids[2 * k as usize + 1]));
            }
        }
        q::store_batch(&mut c, pid, &events).unwrap();
    }
    let results = ok_json(
        send(
            &s,
            "GET",
            "/api/v1/admin/experiments/diversity-2026-11",
            &boss,
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(results["control"], "control");
    let control = &results["results"][0];
    let diverse = &results["results"][1];
    assert_eq!(diverse["key"], "diverse");
    let (c_ctr, d_ctr) = (
        control["ctr"].as_f64().unwrap(),
        diverse["ctr"].as_f64().unwrap(),
    );
    assert!((0.06..0.10).contains(&c_ctr), "{results}");
    assert!((0.10..0.14).contains(&d_ctr), "{results}");
    assert!(diverse["ci_low"].as_f64().unwrap() > 0.0, "{results}");
    assert!(diverse["ci_high"].as_f64().unwrap() > diverse["diff_vs_control"].as_f64().unwrap());
    assert_eq!(diverse["significant"], true);
    assert_eq!(control["diff_vs_control"], Value::Null);
    // Each profile's 25 impressions land in its variant: ~5,000 per side.
    let total = control["impressions"].as_u64().unwrap() + diverse["impressions"].as_u64().unwrap();
    assert_eq!(total, 400 * 25 + 1);

    // Roll the winner out: the experiment ends, For You carries no arm again.
    let rolled = ok_json(
        send(
            &s,
            "POST",
            "/api/v1/admin/experiments/diversity-2026-11/rollout",
            &boss,
            Some(json!({"variant": "diverse"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rolled["status"], "rolled_out");
    assert_eq!(rolled["rolled_out_variant"], "diverse");
    let page = ok_json(send(&s, "GET", &for_you, &alice, None).await, 200).await;
    assert_eq!(page.get("experiment"), None);
    error_body(
        send(
            &s,
            "POST",
            "/api/v1/admin/experiments/diversity-2026-11/stop",
            &boss,
            None,
        )
        .await,
        409,
        "experiment_not_running",
    )
    .await;
    let list = ok_json(
        send(&s, "GET", "/api/v1/admin/experiments", &boss, None).await,
        200,
    )
    .await;
    assert_eq!(list[0]["key"], "diversity-2026-11");
    error_body(
        send(&s, "GET", "/api/v1/admin/experiments/nope", &boss, None).await,
        404,
        "not_found",
    )
    .await;
}

// Assignment, the interval and the validation rules, without a server (moved from the library,
// whose own unit tests are not built: the server's tests are this one binary).

#[test]
fn assignment_is_deterministic_and_follows_the_shares() {
    // 10,000 simulated profiles over 20% / 30% / 50%: each share within ±2 points, and the
    // same profile always gets the same variant.
    let shares = [200, 300, 500];
    let mut counts = [0usize; 3];
    for pid in 1..=10_000 {
        let v = assign("diversity-test", pid, &shares);
        assert_eq!(v, assign("diversity-test", pid, &shares));
        counts[v] += 1;
    }
    for (count, share) in counts.iter().zip(shares) {
        let got = *count as f64 / 10_000.0;
        let want = f64::from(share) / 1000.0;
        assert!((got - want).abs() <= 0.02, "{counts:?}");
    }
    // Another experiment key reshuffles: assignments are independent across experiments.
    let moved = (1..=1000)
        .filter(|&pid| assign("a", pid, &[500, 500]) != assign("b", pid, &[500, 500]))
        .count();
    assert!((400..=600).contains(&moved), "{moved}");
}

#[test]
fn ctr_difference_interval_matches_a_hand_computation() {
    // Control 80/1000 (8%), treatment 120/1000 (12%): diff 0.04,
    // se = sqrt(0.08·0.92/1000 + 0.12·0.88/1000) = sqrt(0.0000736 + 0.0001056)
    //    = sqrt(0.0001792) = 0.0133866; 1.959964 · se = 0.0262373.
    let (diff, lo, hi) =
        marquee_server::analytics::ctr_difference((1000, 80), (1000, 120)).unwrap();
    assert!((diff - 0.04).abs() < 1e-12);
    assert!((lo - (0.04 - 0.0262373)).abs() < 1e-6, "{lo}");
    assert!((hi - (0.04 + 0.0262373)).abs() < 1e-6, "{hi}");
    assert_eq!(
        marquee_server::analytics::ctr_difference((0, 0), (10, 1)),
        None
    );
}

#[test]
fn experiments_are_validated_field_by_field() {
    let new = |variants: serde_json::Value| -> marquee_api::analytics::NewExperiment {
        serde_json::from_value(serde_json::json!({"key": "div", "variants": variants})).unwrap()
    };
    let ok = new(serde_json::json!([
        {"key": "control", "share": 0.5},
        {"key": "more", "share": 0.5, "config": {"diversity": 0.6}},
    ]));
    let specs = marquee_server::analytics::validate(&ok).unwrap();
    assert_eq!(specs[1].share_permille, 500);
    let bad = new(serde_json::json!([
        {"key": "control", "share": 0.6},
        {"key": "control", "share": 0.5, "config": {"diversty": 0.6}},
    ]));
    let errors = marquee_server::analytics::validate(&bad).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["variants[1].key", "variants[1].config"]);
    let sum = new(serde_json::json!([
        {"key": "a", "share": 0.6},
        {"key": "b", "share": 0.5},
    ]));
    assert!(
        marquee_server::analytics::validate(&sum).unwrap_err()[0]
            .1
            .contains("sum to 1.1")
    );
    let range = new(serde_json::json!([
        {"key": "a", "share": 0.5, "config": {"diversity": 2}},
        {"key": "b", "share": 0.5},
    ]));
    assert_eq!(
        marquee_server::analytics::validate(&range).unwrap_err(),
        [(
            "variants[0].config".to_owned(),
            "diversity must be from 0 to 1".to_owned()
        )]
    );
}
