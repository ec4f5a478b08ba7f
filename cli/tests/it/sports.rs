//! `marqueectl import sports`: JSON Lines (every entity) and CSV (fixtures and results), with the
//! fixtures in `cli/tests/fixtures/sports`; and a result imported by the real binary reaching the
//! live SSE stream of a running server (the real server code, in-process on the same database).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;

use crate::import::{fixture, migrated, on};

fn counts(db: &TestDb) -> BTreeMap<&'static str, i64> {
    let mut conn = db.conn();
    let c = &mut conn;
    let mut out = BTreeMap::new();
    macro_rules! count {
        ($($t:ident),*) => {$(
            out.insert(stringify!($t), $t::table.count().get_result::<i64>(c).expect("count"));
        )*};
    }
    count!(
        leagues,
        teams,
        players,
        matches,
        match_events,
        highlights,
        sports_updates
    );
    out
}

/// Every match by natural key with its live fields.
fn matches_by_key(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    type Row = (
        String,
        i64,
        i64,
        chrono::NaiveDateTime,
        Option<String>,
        String,
        Option<i16>,
        Option<i16>,
    );
    let rows: Vec<Row> = matches::table
        .inner_join(leagues::table)
        .select((
            leagues::slug,
            matches::home_team_id,
            matches::away_team_id,
            matches::kickoff_at,
            matches::venue,
            matches::status,
            matches::home_score,
            matches::away_score,
        ))
        .order(matches::kickoff_at)
        .load(&mut conn)
        .expect("matches");
    rows.into_iter().map(|r| format!("{r:?}")).collect()
}

fn import(db: &TestDb, cwd: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--output", "json", "import", "sports"];
    all.extend_from_slice(args);
    on(db, cwd, &all).expect_code(0).json()
}

fn entity(summary: &serde_json::Value, name: &str) -> (u64, u64, u64) {
    let c = &summary["entities"][name];
    let n = |k: &str| {
        c[k].as_u64()
            .unwrap_or_else(|| panic!("no {name}.{k} in {summary}"))
    };
    (n("inserted"), n("updated"), n("skipped"))
}

fn path(rel: &str) -> String {
    fixture(rel).to_str().expect("utf-8").to_owned()
}

#[test]
fn json_lines_import_every_entity_and_a_rerun_adds_nothing() {
    let (db, cwd) = migrated();
    let good = path("sports/good.jsonl");
    let first = import(&db, cwd.path(), &[&good]);
    assert_eq!(entity(&first, "leagues"), (1, 0, 0), "{first}");
    assert_eq!(entity(&first, "teams"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "players"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "matches"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "events"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "highlights"), (1, 0, 0), "{first}");
    let expected: BTreeMap<&str, i64> = [
        ("leagues", 1),
        ("teams", 2),
        ("players", 2),
        ("matches", 2),
        ("match_events", 2),
        ("highlights", 1),
        // One feed row per event, as the admin route writes.
        ("sports_updates", 2),
    ]
    .into();
    assert_eq!(counts(&db), expected);

    let mut conn = db.conn();
    // "2027-04-04T16:30:00+01:00" is stored in UTC.
    let kickoffs: Vec<chrono::NaiveDateTime> = matches::table
        .select(matches::kickoff_at)
        .order(matches::kickoff_at)
        .load(&mut conn)
        .expect("kickoffs");
    assert_eq!(kickoffs[1].to_string(), "2027-04-04 15:30:00");
    let (status, home, away): (String, Option<i16>, Option<i16>) = matches::table
        .select((matches::status, matches::home_score, matches::away_score))
        .order(matches::kickoff_at)
        .first(&mut conn)
        .expect("result");
    assert_eq!(
        (status.as_str(), home, away),
        ("finished", Some(2), Some(1))
    );
    let booked: (String, Option<i16>, Option<i16>, String) = match_events::table
        .inner_join(players::table.on(players::id.nullable().eq(match_events::player_id)))
        .filter(match_events::kind.eq("yellow_card"))
        .select((
            match_events::kind,
            match_events::minute,
            match_events::extra_minute,
            players::name,
        ))
        .first(&mut conn)
        .expect("card");
    assert_eq!(
        booked,
        (
            "yellow_card".to_owned(),
            Some(45),
            Some(2),
            "Cole Palmer".to_owned()
        )
    );
    let feed: Vec<String> = sports_updates::table
        .select(sports_updates::kind)
        .order(sports_updates::id)
        .load(&mut conn)
        .expect("feed");
    assert_eq!(feed, ["event", "event"]);

    let again = import(&db, cwd.path(), &[&good]);
    for (entity, c) in again["entities"].as_object().expect("entities") {
        assert_eq!(
            (c["inserted"].as_u64(), c["updated"].as_u64()),
            (Some(0), Some(0)),
            "{entity}: {again}"
        );
    }
    assert_eq!(entity(&again, "events"), (0, 0, 2), "{again}");
    assert_eq!(counts(&db), expected);
}

#[test]
fn csv_results_update_scores_with_a_feed_row_and_a_rerun_is_a_no_op() {
    let (db, cwd) = migrated();
    import(&db, cwd.path(), &[&path("sports/good.jsonl")]);
    let before = matches_by_key(&db);
    let results = path("sports/results.csv");
    let summary = import(&db, cwd.path(), &[&results]);
    // 2-1 becomes 3-1 (a score change, published); the return fixture gets its venue.
    assert_eq!(entity(&summary, "matches"), (0, 2, 0), "{summary}");
    assert_eq!(entity(&summary, "live_updates"), (1, 0, 0), "{summary}");
    let after = matches_by_key(&db);
    assert_ne!(after, before);
    assert!(after[0].contains("Some(3), Some(1)"), "{after:?}");
    assert!(after[1].contains("Stamford Bridge"), "{after:?}");
    let mut conn = db.conn();
    let (kind, payload): (String, String) = sports_updates::table
        .select((sports_updates::kind, sports_updates::payload))
        .order(sports_updates::id.desc())
        .first(&mut conn)
        .expect("feed row");
    assert_eq!(kind, "score");
    let payload: serde_json::Value = serde_json::from_str(&payload).expect("payload");
    assert_eq!(
        (payload["home_score"].as_i64(), payload["status"].as_str()),
        (Some(3), Some("finished"))
    );

    let again = import(&db, cwd.path(), &[&results]);
    assert_eq!(entity(&again, "matches"), (0, 0, 2), "{again}");
    assert_eq!(counts(&db)["sports_updates"], 3);
    assert_eq!(matches_by_key(&db), after);
}

#[test]
fn malformed_json_lines_are_rejected_by_line_and_path() {
    let (db, cwd) = migrated();
    let bad = path("sports/bad.jsonl");
    let run = on(&db, cwd.path(), &["import", "sports", &bad]).expect_code(3);
    for expected in [
        "bad.jsonl:2: slug",
        "[slug-format]",
        "bad.jsonl:4: league",
        "no league has the slug \"la-liga\"",
        "[unknown-league]",
        "bad.jsonl:5: away",
        "league premier-league has no team \"Tottenham\"",
        "[unknown-team]",
        "bad.jsonl:6: away",
        "[same-team]",
        "bad.jsonl:7: status",
        "unknown status `abandoned`; accepted: scheduled, live, half_time, finished, postponed, cancelled [status-unknown]",
        "bad.jsonl:8: minute",
        "must be from 0 to 300 [minute-range]",
        "bad.jsonl:9: type",
        "[type-unknown]",
        "7 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let rejects =
        std::fs::read_to_string(cwd.path().join("sports.rejects.csv")).expect("reject file");
    assert_eq!(rejects.lines().count(), 8, "{rejects}");
    let c = counts(&db);
    assert_eq!((c["leagues"], c["teams"], c["matches"]), (1, 1, 0), "{c:?}");
}

#[test]
fn malformed_csv_rows_are_rejected_and_strict_and_dry_run_change_nothing() {
    let (db, cwd) = migrated();
    import(&db, cwd.path(), &[&path("sports/good.jsonl")]);
    let before = (counts(&db), matches_by_key(&db));
    let bad = path("sports/bad.csv");

    let strict = on(&db, cwd.path(), &["import", "sports", "--strict", &bad]).expect_code(1);
    assert!(
        strict.stderr.contains("bad.csv:2: field 8 (away_score)"),
        "{}",
        strict.stderr
    );
    assert_eq!((counts(&db), matches_by_key(&db)), before);

    let run = on(&db, cwd.path(), &["import", "sports", &bad]).expect_code(3);
    for expected in [
        "bad.csv:2: field 8 (away_score): must be from 0 to 999 [score-range]",
        "bad.csv:3: field 4 (kickoff_at)",
        "[time-format]",
        "bad.csv:4: field 6 (status)",
        "[status-unknown]",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    assert_eq!((counts(&db), matches_by_key(&db)), before);

    let summary = import(&db, cwd.path(), &["--dry-run", &path("sports/results.csv")]);
    assert_eq!(summary["dry_run"], true);
    assert_eq!(entity(&summary, "matches"), (0, 2, 0), "{summary}");
    assert_eq!((counts(&db), matches_by_key(&db)), before);
}

// ---------------------------------------------------------------------------------------------
// A result imported by marqueectl reaches the SSE clients of a running server

/// The real server on `db`, on an ephemeral port, until the runtime is dropped.
struct Running {
    addr: std::net::SocketAddr,
    _data_dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn start_server(db: &TestDb) -> Running {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let data_dir = tempfile::tempdir().expect("data dir");
    let config = marquee_server::config::Config::for_database(db.url().clone(), data_dir.path());
    let server = runtime.block_on(async {
        let state = marquee_server::prepare(config).await.expect("server state");
        marquee_server::Server::bind(state).await.expect("bind")
    });
    let addr = server.addr().expect("addr");
    runtime.spawn(server.run(std::future::pending()));
    Running {
        addr,
        _data_dir: data_dir,
        _runtime: runtime,
    }
}

/// A plain HTTP/1.1 SSE client: everything read so far, decoded as text.
struct Stream {
    socket: std::net::TcpStream,
    text: String,
}

impl Stream {
    fn open(addr: std::net::SocketAddr) -> Stream {
        let mut socket = std::net::TcpStream::connect(addr).expect("connect");
        write!(
            socket,
            "GET /api/v1/sports/live/stream HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        let mut stream = Stream {
            socket,
            text: String::new(),
        };
        // The stream subscribes to the feed before it answers: once the head is here, nothing
        // published later can be missed.
        stream.wait_for("\r\n\r\n", Duration::from_secs(10));
        assert!(stream.text.starts_with("HTTP/1.1 200"), "{}", stream.text);
        stream
    }

    /// Reads until `needle` has arrived; how long that took, or `None` after `limit`.
    fn wait_for(&mut self, needle: &str, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        let mut buf = [0u8; 4096];
        while !self.text.contains(needle) {
            if started.elapsed() > limit {
                return None;
            }
            match self.socket.read(&mut buf) {
                Ok(0) => panic!("stream closed:\n{}", self.text),
                Ok(n) => self.text.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("read: {e}"),
            }
        }
        Some(started.elapsed())
    }
}

#[test]
fn a_result_imported_by_the_cli_reaches_live_clients_of_a_running_server_within_a_second() {
    let (db, cwd) = migrated();
    import(&db, cwd.path(), &[&path("sports/good.jsonl")]);
    let server = start_server(&db);
    let mut first = Stream::open(server.addr);
    let mut second = Stream::open(server.addr);

    import(&db, cwd.path(), &[&path("sports/results.csv")]);
    let imported = Instant::now();
    let score = "\"home_score\":3";
    for stream in [&mut first, &mut second] {
        stream
            .wait_for(score, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("no score update on the stream:\n{}", stream.text));
    }
    let delay = imported.elapsed();
    eprintln!("score delivered to both streams {delay:?} after marqueectl exited");
    assert!(
        delay < Duration::from_secs(1),
        "delivered {delay:?} after the import finished"
    );
    assert!(
        first.text.contains("event:score") || first.text.contains("event: score"),
        "{}",
        first.text
    );

    // A second process's write is published once, in id order, after the server's own.
    let mut conn = db.conn();
    let last: i64 = sports_updates::table
        .select(diesel::dsl::max(sports_updates::id))
        .first::<Option<i64>>(&mut conn)
        .expect("max id")
        .expect("a feed row");
    assert!(first.text.contains(&format!("id:{last}")), "{}", first.text);
    assert_eq!(first.text.matches(score).count(), 1, "{}", first.text);
}
