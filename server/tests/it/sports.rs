//! Sports over HTTP: upcoming matches around DST changes in two zones, unknown zones, live and
//! today's lists with favourites first, profiles, admin updates, and the SSE live stream (100
//! concurrent clients, `Last-Event-ID` resume, heartbeats).

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::{NewLeague, NewMatch, NewPlayer, NewTeam};
use marquee_db::schema::{leagues, matches, players, profile_preferences, sports_updates, teams};
use serde_json::{Value, json};

use crate::accounts::{User, get, make_admin, new_user, server, server_with};
use crate::activity::{ok_json, profile_of, send};
use crate::support::{TestServer, error_body};

fn at(text: &str) -> NaiveDateTime {
    text.parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        .naive_utc()
}

fn league(c: &mut DbConn, slug: &str) -> i64 {
    diesel::insert_into(leagues::table)
        .values(&NewLeague {
            name: slug,
            slug,
            sport: "football",
            country_id: None,
            logo_url: None,
        })
        .returning(leagues::id)
        .get_result(c)
        .unwrap()
}

fn team(c: &mut DbConn, league_id: i64, name: &str) -> i64 {
    diesel::insert_into(teams::table)
        .values(&NewTeam {
            league_id,
            name,
            short_name: None,
            country_id: None,
            logo_url: None,
        })
        .returning(teams::id)
        .get_result(c)
        .unwrap()
}

fn player(c: &mut DbConn, team_id: i64, name: &str, shirt: i16) -> i64 {
    diesel::insert_into(players::table)
        .values(&NewPlayer {
            team_id: Some(team_id),
            name,
            position: Some("forward"),
            nationality_country_id: None,
            birth_date: None,
            shirt_number: Some(shirt),
            photo_url: None,
        })
        .returning(players::id)
        .get_result(c)
        .unwrap()
}

fn fixture(
    c: &mut DbConn,
    league_id: i64,
    (home, away): (i64, i64),
    kickoff: NaiveDateTime,
    status: &str,
) -> i64 {
    diesel::insert_into(matches::table)
        .values(&NewMatch {
            league_id,
            home_team_id: home,
            away_team_id: away,
            kickoff_at: kickoff,
            venue: Some("Ground"),
            status,
            home_score: None,
            away_score: None,
            minute: None,
            updated_at: marquee_db::now(),
        })
        .returning(matches::id)
        .get_result(c)
        .unwrap()
}

/// (id, kickoff_local) of each listed match.
fn locals(list: &Value) -> Vec<(i64, String)> {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_i64().unwrap(),
                m["kickoff_local"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn anon(s: &TestServer, path: &str) -> reqwest::Response {
    s.client.get(s.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn upcoming_converts_kickoffs_across_dst_changes_in_two_zones() {
    let s = server().await;
    let mut c = s.db.conn();
    let l = league(&mut c, "premier");
    let pair = (team(&mut c, l, "Home"), team(&mut c, l, "Away"));
    // Europe/London springs forward at 01:00 UTC on 28 March 2027 and falls back at 01:00 UTC
    // on 31 October 2027; America/New_York springs forward at 07:00 UTC on 14 March 2027.
    let london_before = fixture(&mut c, l, pair, at("2027-03-28T00:30:00Z"), "scheduled");
    let london_after = fixture(&mut c, l, pair, at("2027-03-28T01:30:00Z"), "scheduled");
    let autumn_first = fixture(&mut c, l, pair, at("2027-10-31T00:30:00Z"), "scheduled");
    let autumn_second = fixture(&mut c, l, pair, at("2027-10-31T01:30:00Z"), "scheduled");
    let ny_before = fixture(&mut c, l, pair, at("2027-03-14T06:30:00Z"), "scheduled");
    let ny_after = fixture(&mut c, l, pair, at("2027-03-14T07:30:00Z"), "scheduled");
    // Just outside a 24-hour window starting at 2027-03-27T12:00Z.
    fixture(&mut c, l, pair, at("2027-03-28T12:00:00Z"), "scheduled");

    let list = ok_json(
        anon(
            &s,
            "/api/v1/sports/upcoming?tz=Europe/London&from=2027-03-27T12:00:00Z",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(list["time_zone"], "Europe/London");
    assert_eq!(
        locals(&list),
        [
            (london_before, "2027-03-28T00:30:00Z".to_owned()),
            (london_after, "2027-03-28T02:30:00+01:00".to_owned()),
        ]
    );
    assert_eq!(list["data"][1]["kickoff_at"], "2027-03-28T01:30:00Z");
    // Falling back: two kickoffs an hour apart show the same wall-clock time.
    let list = ok_json(
        anon(
            &s,
            "/api/v1/sports/upcoming?tz=Europe/London&from=2027-10-30T12:00:00Z",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        locals(&list),
        [
            (autumn_first, "2027-10-31T01:30:00+01:00".to_owned()),
            (autumn_second, "2027-10-31T01:30:00Z".to_owned()),
        ]
    );
    let list = ok_json(
        anon(
            &s,
            "/api/v1/sports/upcoming?tz=America/New_York&from=2027-03-13T12:00:00Z",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        locals(&list),
        [
            (ny_before, "2027-03-14T01:30:00-05:00".to_owned()),
            (ny_after, "2027-03-14T03:30:00-04:00".to_owned()),
        ]
    );

    // No zone and no profile: UTC.
    let list = ok_json(
        anon(&s, "/api/v1/sports/upcoming?from=2027-03-13T12:00:00Z").await,
        200,
    )
    .await;
    assert_eq!(list["time_zone"], "UTC");
    assert_eq!(list["data"][0]["kickoff_local"], "2027-03-14T06:30:00Z");

    // The profile's own zone is the default; `tz` overrides it.
    let alice = new_user(&s, "alice").await;
    let pid = profile_of(&s, &alice).await;
    diesel::update(profile_preferences::table.find(pid))
        .set(profile_preferences::time_zone.eq("America/New_York"))
        .execute(&mut c)
        .unwrap();
    let path = format!("/api/v1/sports/upcoming?profile_id={pid}&from=2027-03-13T12:00:00Z");
    let list = ok_json(get(&s, &path, &alice.bearer()).await, 200).await;
    assert_eq!(list["time_zone"], "America/New_York");
    assert_eq!(
        list["data"][1]["kickoff_local"],
        "2027-03-14T03:30:00-04:00"
    );
    let list = ok_json(
        get(&s, &format!("{path}&tz=Asia/Tokyo"), &alice.bearer()).await,
        200,
    )
    .await;
    assert_eq!(
        list["data"][1]["kickoff_local"],
        "2027-03-14T16:30:00+09:00"
    );

    // An unknown zone is a 400 naming it; so are a bad `from` and an unknown parameter.
    let body = error_body(
        anon(&s, "/api/v1/sports/upcoming?tz=Mars/Olympus_Mons").await,
        400,
        "validation_failed",
    )
    .await;
    let rule = body["error"]["details"]["fields"]["tz"].as_str().unwrap();
    assert!(rule.contains("Mars/Olympus_Mons"), "{rule}");
    let body = error_body(
        anon(&s, "/api/v1/sports/upcoming?from=yesterday&colour=red").await,
        400,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["details"]["fields"]["from"].is_string());
    assert!(body["error"]["details"]["fields"]["colour"].is_string());
    // Someone else's profile is a 404; a profile without a token is a 401.
    let bob = new_user(&s, "bob").await;
    error_body(get(&s, &path, &bob.bearer()).await, 404, "not_found").await;
    assert_eq!(anon(&s, &path).await.status(), 401);
}

#[tokio::test]
async fn live_lists_matches_in_play_first_then_today_with_favourites_first() {
    let s = server().await;
    let mut c = s.db.conn();
    let l1 = league(&mut c, "one");
    let l2 = league(&mut c, "two");
    let (a, b) = (team(&mut c, l1, "A"), team(&mut c, l1, "B"));
    let (x, y) = (team(&mut c, l2, "X"), team(&mut c, l2, "Y"));
    let now = marquee_db::now();
    let playing = fixture(&mut c, l1, (a, b), now - TimeDelta::minutes(30), "live");
    let playing_fav = fixture(
        &mut c,
        l2,
        (x, y),
        now - TimeDelta::minutes(20),
        "half_time",
    );
    let today = fixture(&mut c, l1, (b, a), now, "finished");
    let today_fav = fixture(&mut c, l2, (y, x), now, "scheduled");
    fixture(&mut c, l1, (a, b), now + TimeDelta::days(2), "scheduled");

    let list = ok_json(anon(&s, "/api/v1/sports/live").await, 200).await;
    let ids: Vec<i64> = locals(&list).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [playing, playing_fav, today, today_fav]);

    let alice = new_user(&s, "alice").await;
    let pid = profile_of(&s, &alice).await;
    let favourites = format!("/api/v1/profiles/{pid}/sports/favourites");
    let saved = ok_json(
        send(
            &s,
            "PUT",
            &favourites,
            &alice,
            Some(json!({ "team_ids": [y, y], "league_ids": [] })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(saved, json!({ "team_ids": [y], "league_ids": [] }));
    let list = ok_json(
        get(
            &s,
            &format!("/api/v1/sports/live?profile_id={pid}"),
            &alice.bearer(),
        )
        .await,
        200,
    )
    .await;
    let ids: Vec<i64> = locals(&list).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [playing_fav, playing, today_fav, today]);
    assert_eq!(list["data"][0]["favourite"], true);
    assert_eq!(list["data"][1]["favourite"], false);

    // A favourite league counts too; unknown ids are named.
    ok_json(
        send(
            &s,
            "PUT",
            &favourites,
            &alice,
            Some(json!({ "league_ids": [l2] })),
        )
        .await,
        200,
    )
    .await;
    let got = ok_json(get(&s, &favourites, &alice.bearer()).await, 200).await;
    assert_eq!(got, json!({ "team_ids": [], "league_ids": [l2] }));
    let body = error_body(
        send(
            &s,
            "PUT",
            &favourites,
            &alice,
            Some(json!({ "team_ids": [999999], "league_ids": [888888] })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["details"]["fields"]["team_ids"]
            .as_str()
            .unwrap()
            .contains("999999")
    );
    assert!(
        body["error"]["details"]["fields"]["league_ids"]
            .as_str()
            .unwrap()
            .contains("888888")
    );
    let bob = new_user(&s, "bob").await;
    error_body(get(&s, &favourites, &bob.bearer()).await, 404, "not_found").await;
}

async fn admin(s: &TestServer) -> User {
    let admin = new_user(s, "admin").await;
    make_admin(s, &admin.email);
    admin
}

#[tokio::test]
async fn admin_updates_feed_match_team_player_and_highlight_pages() {
    let s = server().await;
    let mut c = s.db.conn();
    let l = league(&mut c, "premier");
    let (home, away) = (team(&mut c, l, "Home"), team(&mut c, l, "Away"));
    let scorer = player(&mut c, home, "Striker", 9);
    let other = team(&mut c, l, "Elsewhere");
    let m = fixture(&mut c, l, (home, away), marquee_db::now(), "scheduled");
    let boss = admin(&s).await;
    let fan = new_user(&s, "fan").await;
    let path = format!("/api/v1/admin/sports/matches/{m}");

    // Only administrators.
    let r = send(&s, "PATCH", &path, &fan, Some(json!({ "status": "live" }))).await;
    error_body(r, 403, "forbidden").await;

    let got = ok_json(
        send(
            &s,
            "PATCH",
            &path,
            &boss,
            Some(json!({ "status": "live", "minute": 1 })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(got["status"], "live");
    let got = ok_json(
        send(
            &s,
            "PATCH",
            &path,
            &boss,
            Some(json!({ "home_score": 1, "away_score": 0, "minute": 23 })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (got["home_score"].as_i64(), got["minute"].as_i64()),
        (Some(1), Some(23))
    );
    // No change, no feed entry.
    ok_json(
        send(&s, "PATCH", &path, &boss, Some(json!({ "minute": 23 }))).await,
        200,
    )
    .await;
    let event = ok_json(
        send(
            &s,
            "POST",
            &format!("{path}/events"),
            &boss,
            Some(json!({ "kind": "goal", "minute": 23, "team_id": home, "player_id": scorer })),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(event["kind"], "goal");
    let kinds: Vec<String> = sports_updates::table
        .order(sports_updates::id)
        .select(sports_updates::kind)
        .load(&mut c)
        .unwrap();
    assert_eq!(kinds, ["status", "score", "event"]);

    // Bad input names each field.
    let body = error_body(
        send(
            &s,
            "PATCH",
            &path,
            &boss,
            Some(json!({ "status": "abandoned", "home_score": -1, "minute": 9999 })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields = &body["error"]["details"]["fields"];
    assert!(fields["status"].is_string() && fields["home_score"].is_string());
    assert!(fields["minute"].is_string());
    error_body(
        send(&s, "PATCH", &path, &boss, Some(json!({}))).await,
        400,
        "validation_failed",
    )
    .await;
    error_body(
        send(&s, "PATCH", &path, &boss, Some(json!({ "score": "1-0" }))).await,
        400,
        "invalid_json",
    )
    .await;
    let body = error_body(
        send(
            &s,
            "POST",
            &format!("{path}/events"),
            &boss,
            Some(json!({ "kind": "dance", "team_id": other, "player_id": 424242 })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields = &body["error"]["details"]["fields"];
    assert!(fields["kind"].is_string() && fields["team_id"].is_string());
    assert!(fields["player_id"].is_string());
    error_body(
        send(
            &s,
            "PATCH",
            "/api/v1/admin/sports/matches/999999",
            &boss,
            Some(json!({ "minute": 3 })),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    let highlight = ok_json(
        send(
            &s,
            "POST",
            &format!("{path}/highlights"),
            &boss,
            Some(json!({ "title": "The goal", "url": "https://cdn.example.com/goal.mp4", "duration_seconds": 40 })),
        )
        .await,
        201,
    )
    .await;
    error_body(
        send(
            &s,
            "POST",
            &format!("{path}/highlights"),
            &boss,
            Some(json!({ "title": " ", "url": "javascript:alert(1)" })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;

    // The public pages.
    let detail = ok_json(anon(&s, &format!("/api/v1/sports/matches/{m}")).await, 200).await;
    assert_eq!(detail["match"]["home"]["name"], "Home");
    assert_eq!(detail["match"]["home_score"], 1);
    assert_eq!(detail["events"][0]["player_id"], scorer);
    assert_eq!(detail["highlights"][0]["id"], highlight["id"]);
    let team_page = ok_json(anon(&s, &format!("/api/v1/sports/teams/{home}")).await, 200).await;
    assert_eq!(team_page["league"]["slug"], "premier");
    assert_eq!(team_page["players"][0]["name"], "Striker");
    assert_eq!(team_page["upcoming"][0]["id"], m);
    let player_page = ok_json(
        anon(&s, &format!("/api/v1/sports/players/{scorer}")).await,
        200,
    )
    .await;
    assert_eq!(player_page["team"]["id"], home);
    assert_eq!(player_page["recent_events"][0]["kind"], "goal");
    let page = ok_json(anon(&s, "/api/v1/sports/highlights?per_page=1").await, 200).await;
    assert_eq!(page["data"][0]["title"], "The goal");
    assert_eq!(page["pagination"]["total"], 1);
    for missing in [
        "/api/v1/sports/matches/999999",
        "/api/v1/sports/teams/999999",
        "/api/v1/sports/players/999999",
    ] {
        error_body(anon(&s, missing).await, 404, "not_found").await;
    }
}

// ---------------------------------------------------------------------------------------------
// The live stream

/// An open SSE response and what has been read of it.
pub(crate) struct Sse {
    response: reqwest::Response,
    buffer: String,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Message {
    pub(crate) id: Option<i64>,
    pub(crate) event: Option<String>,
    pub(crate) data: String,
    pub(crate) comment: Option<String>,
}

impl Sse {
    async fn open(s: &TestServer, last_event_id: Option<i64>) -> Sse {
        Sse::open_at(&s.url("/api/v1/sports/live/stream"), last_event_id).await
    }

    /// The live stream at `url` (another server's, in the scale-out tests).
    pub(crate) async fn open_at(url: &str, last_event_id: Option<i64>) -> Sse {
        // A client of its own: one connection per stream.
        let client = reqwest::Client::builder().no_gzip().build().unwrap();
        let mut request = client.get(url);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Sse {
            response,
            buffer: String::new(),
        }
    }

    /// The next message (event or comment), failing after 10 seconds.
    async fn next(&mut self) -> Message {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    let mut message = Message {
                        id: None,
                        event: None,
                        data: String::new(),
                        comment: None,
                    };
                    for line in block.lines() {
                        if let Some(v) = line.strip_prefix("id:") {
                            message.id = Some(v.trim().parse().unwrap());
                        } else if let Some(v) = line.strip_prefix("event:") {
                            message.event = Some(v.trim().to_owned());
                        } else if let Some(v) = line.strip_prefix("data:") {
                            message.data.push_str(v.trim());
                        } else if let Some(v) = line.strip_prefix(':') {
                            message.comment = Some(v.trim().to_owned());
                        }
                    }
                    return message;
                }
                let chunk = self.response.chunk().await.unwrap().expect("stream ended");
                self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        })
        .await
        .expect("no SSE message within 10 seconds")
    }

    /// The next event, skipping heartbeats.
    pub(crate) async fn event(&mut self) -> Message {
        loop {
            let message = self.next().await;
            if message.comment.is_none() {
                return message;
            }
        }
    }
}

async fn set_score(s: &TestServer, boss: &User, m: i64, home: i64, away: i64) {
    ok_json(
        send(
            s,
            "PATCH",
            &format!("/api/v1/admin/sports/matches/{m}"),
            boss,
            Some(json!({ "status": "live", "home_score": home, "away_score": away })),
        )
        .await,
        200,
    )
    .await;
}

fn live_match(s: &TestServer) -> i64 {
    live_match_on(&mut s.db.conn())
}

/// A match kicking off now, between two new teams of a new league.
pub(crate) fn live_match_on(c: &mut DbConn) -> i64 {
    let l = league(c, "premier");
    let pair = (team(c, l, "Home"), team(c, l, "Away"));
    fixture(c, l, pair, marquee_db::now(), "scheduled")
}

#[tokio::test]
async fn live_stream_delivers_an_update_to_100_concurrent_clients() {
    let s = server().await;
    let m = live_match(&s);
    let boss = admin(&s).await;
    let mut clients = Vec::new();
    for _ in 0..100 {
        clients.push(Sse::open(&s, None).await);
    }
    set_score(&s, &boss, m, 1, 0).await;
    let received = futures_util::future::join_all(clients.iter_mut().map(Sse::event)).await;
    let id = received[0].id.unwrap();
    for message in &received {
        assert_eq!(message.id, Some(id));
        assert_eq!(message.event.as_deref(), Some("score"));
        let data: Value = serde_json::from_str(&message.data).unwrap();
        assert_eq!(data["match_id"], m);
        assert_eq!(
            (data["home_score"].as_i64(), data["away_score"].as_i64()),
            (Some(1), Some(0))
        );
        assert_eq!(data["status"], "live");
    }
}

#[tokio::test]
async fn a_client_reconnecting_with_last_event_id_receives_what_it_missed() {
    let s = server_with(|mut c| {
        c.sports.heartbeat = Duration::from_secs(1);
        c
    })
    .await;
    let m = live_match(&s);
    let boss = admin(&s).await;

    let mut first = Sse::open(&s, None).await;
    set_score(&s, &boss, m, 1, 0).await;
    let seen = first.event().await;
    drop(first);

    // Missed while disconnected: a score, an event and a status change.
    set_score(&s, &boss, m, 2, 0).await;
    let goal = json!({ "kind": "goal", "minute": 50 });
    ok_json(
        send(
            &s,
            "POST",
            &format!("/api/v1/admin/sports/matches/{m}/events"),
            &boss,
            Some(goal),
        )
        .await,
        201,
    )
    .await;
    ok_json(
        send(
            &s,
            "PATCH",
            &format!("/api/v1/admin/sports/matches/{m}"),
            &boss,
            Some(json!({ "status": "finished" })),
        )
        .await,
        200,
    )
    .await;

    let mut again = Sse::open(&s, seen.id).await;
    let mut missed = Vec::new();
    for _ in 0..3 {
        missed.push(again.event().await);
    }
    let kinds: Vec<&str> = missed.iter().map(|e| e.event.as_deref().unwrap()).collect();
    assert_eq!(kinds, ["score", "event", "status"]);
    let ids: Vec<i64> = missed.iter().map(|e| e.id.unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > seen.id.unwrap());
    let score: Value = serde_json::from_str(&missed[0].data).unwrap();
    assert_eq!(score["home_score"], 2);
    let event: Value = serde_json::from_str(&missed[1].data).unwrap();
    assert_eq!(event["event"]["kind"], "goal");

    // Then live updates on the same stream, with no duplicate of what was replayed.
    set_score(&s, &boss, m, 3, 0).await;
    let next = again.event().await;
    assert!(next.id.unwrap() > ids[2]);
    let score: Value = serde_json::from_str(&next.data).unwrap();
    assert_eq!(score["home_score"], 3);
    // Idle streams carry heartbeats.
    let message = again.next().await;
    assert_eq!(message.comment.as_deref(), Some("heartbeat"));

    // A Last-Event-ID that is not an id is a 400 naming the header.
    let r = s
        .client
        .get(s.url("/api/v1/sports/live/stream"))
        .header("last-event-id", "yesterday")
        .send()
        .await
        .unwrap();
    let body = error_body(r, 400, "validation_failed").await;
    assert!(body["error"]["details"]["fields"]["Last-Event-ID"].is_string());
}

/// Changes the match's score through the shared write, on a connection of its own: what another
/// process (`marqueectl import sports`, another server) does.
fn score_from_another_process(s: &TestServer, m: i64, home: i16) -> i64 {
    let mut c = s.db.conn();
    marquee_db::write_transaction::<_, diesel::result::Error, _>(&mut c, |c| {
        let before = marquee_db::queries::sports::find_match(c, m)?.unwrap();
        let change = marquee_server::live::LiveChange {
            status: Some("live"),
            home_score: Some(home),
            away_score: Some(0),
            minute: None,
        };
        let (_, entry) = marquee_server::live::change_match(c, before, &change)?;
        Ok(entry.unwrap().id)
    })
    .unwrap()
}

#[tokio::test]
async fn feed_rows_another_process_writes_reach_clients_in_id_order_within_a_second() {
    let s = server().await;
    let m = live_match(&s);
    let boss = admin(&s).await;
    let mut client = Sse::open(&s, None).await;

    // Alone: the tail task publishes it.
    let written = std::time::Instant::now();
    let foreign = score_from_another_process(&s, m, 1);
    let message = client.event().await;
    assert!(
        written.elapsed() < Duration::from_secs(1),
        "{:?}",
        written.elapsed()
    );
    assert_eq!(message.id, Some(foreign));
    let data: Value = serde_json::from_str(&message.data).unwrap();
    assert_eq!(data["home_score"], 1);

    // Followed at once by the server's own write: both arrive, the other process's first.
    let foreign = score_from_another_process(&s, m, 2);
    set_score(&s, &boss, m, 3, 0).await;
    let first = client.event().await;
    let second = client.event().await;
    assert_eq!(first.id, Some(foreign));
    assert!(second.id.unwrap() > foreign);
    let scores: Vec<i64> = [&first, &second]
        .iter()
        .map(|e| {
            serde_json::from_str::<Value>(&e.data).unwrap()["home_score"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(scores, [2, 3]);

    // Nothing is published twice (the tail task skips what the server already sent).
    set_score(&s, &boss, m, 4, 0).await;
    let next = client.event().await;
    assert!(next.id.unwrap() > second.id.unwrap());
    let data: Value = serde_json::from_str(&next.data).unwrap();
    assert_eq!(data["home_score"], 4);
}
