//! End to end: the real `marquee` in a real terminal (tmux) against a real `marqueed` on
//! 127.0.0.1 with the demo catalogue (`marqueectl seed --demo`) on the test's own database (SQLite
//! file, or a PostgreSQL schema when `MARQUEE_TEST_DATABASE_URL` is set). Keys go in with
//! `send-keys`, the screen comes back with `capture-pane`, and every wait polls the screen with a
//! deadline: no sleep is an assertion.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marquee_db::testing::TestDb;

const DEMO_EMAIL: &str = "demo@marquee.local";
const DEMO_PASSWORD: &str = "marquee-demo";
/// Generous: the machine is shared, and a debug marqueed builds its search index at start.
const WAIT: Duration = Duration::from_secs(30);

/// A workspace binary built next to `marquee` (cargo only names the crate's own binaries).
fn sibling_binary(name: &str) -> PathBuf {
    let marquee = Path::new(env!("CARGO_BIN_EXE_marquee"));
    let path = marquee.with_file_name(name);
    assert!(
        path.exists(),
        "{} is missing: the end-to-end test needs the server and CLI built next to marquee; \
         run `cargo build --workspace` (or `cargo test --workspace`) first",
        path.display()
    );
    path
}

/// A running marqueed; killed on drop.
struct Marqueed {
    child: Child,
    url: String,
}

impl Marqueed {
    fn start(database_url: &str, data_dir: &Path) -> Marqueed {
        let mut child = Command::new(sibling_binary("marqueed"))
            .args(["--bind", "127.0.0.1:0", "--log-format", "json"])
            .arg("--data-dir")
            .arg(data_dir)
            .env("DATABASE_URL", database_url)
            .env_remove("MARQUEE_DATA_DIR")
            .env_remove("REDIS_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn marqueed");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let addr = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("marqueed printed its `listening` line in time");
            let Ok(json) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if json["message"] == "listening" {
                break json["addr"].as_str().expect("addr").to_owned();
            }
        };
        // Keep draining the log so marqueed never blocks on a full pipe.
        std::thread::spawn(move || while lines.recv().is_ok() {});
        Marqueed {
            child,
            url: format!("http://{addr}"),
        }
    }
}

impl Drop for Marqueed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tmux server of the test's own (its socket in a temp dir, no user config) running marquee.
struct Tmux {
    socket: PathBuf,
}

const SESSION: &str = "marquee-e2e";

impl Tmux {
    fn start(dir: &Path, command: &[String]) -> Tmux {
        let found = Command::new("tmux").arg("-V").output();
        assert!(
            found.is_ok_and(|o| o.status.success()),
            "tmux is not installed: the end-to-end test drives marquee in tmux \
             (apt-get install -y tmux; .ci/run installs it)"
        );
        let tmux = Tmux {
            socket: dir.join("tmux.sock"),
        };
        let mut args: Vec<String> = [
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            "120",
            "-y",
            "36",
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend(command.iter().cloned());
        tmux.run(&args);
        tmux
    }

    fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> std::process::Output {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {:?} failed: {}",
            args.iter().map(|a| a.as_ref()).collect::<Vec<_>>(),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Named keys (`Enter`, `Escape`, `q`…).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Literal text, as typed.
    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", SESSION, "-l", text]);
    }

    /// A left click on where `needle` first shows, sent as the terminal reports it (SGR).
    #[track_caller]
    fn click(&self, needle: &str) {
        let screen = self.screen();
        let (row, column) = screen
            .lines()
            .enumerate()
            .find_map(|(y, line)| line.find(needle).map(|i| (y, line[..i].chars().count())))
            .unwrap_or_else(|| panic!("{needle:?} is not on screen:\n{screen}"));
        let (x, y) = (column + 1, row + 1);
        self.text(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Whether the program in the pane asked the terminal to report the mouse.
    fn reports_mouse(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", SESSION, "#{mouse_any_flag}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", SESSION]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until it shows every one of `needles`; the screen when it does.
    #[track_caller]
    fn wait_for(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen did not show {needles:?} within {WAIT:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls until marquee has exited (its session is gone).
    #[track_caller]
    fn wait_for_exit(&self) {
        let deadline = Instant::now() + WAIT;
        loop {
            let alive = Command::new("tmux")
                .arg("-S")
                .arg(&self.socket)
                .args(["has-session", "-t", SESSION])
                .output()
                .is_ok_and(|o| o.status.success());
            if !alive {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "marquee did not exit within {WAIT:?}; it shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// `marqueectl import sports` of JSON Lines: a league, two teams and clubs, a match being played
/// (`home_score` goals for the home side), one in three hours, and a highlight. Matches are keyed
/// on their kickoff, counted from `now`: the same `now` again updates the same matches.
fn import_sports(
    database_url: &str,
    dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
    home_score: u8,
) {
    let at = |minutes: i64| (now + chrono::TimeDelta::minutes(minutes)).to_rfc3339();
    let game = |home: &str, away: &str, kickoff: &str| serde_json::json!({"league": "e2e-league", "home": home, "away": away, "kickoff_at": kickoff});
    let (live_kickoff, later_kickoff) = (at(-30), at(180));
    let mut lines = vec![
        serde_json::json!({"type": "league", "slug": "e2e-league", "name": "E2E League", "sport": "football"}),
    ];
    for team in ["Arsenal", "Chelsea", "Lyon", "Nantes"] {
        lines.push(serde_json::json!({"type": "team", "league": "e2e-league", "name": team}));
    }
    let mut live = game("Arsenal", "Chelsea", &live_kickoff);
    live["type"] = "match".into();
    live["status"] = "live".into();
    live["home_score"] = home_score.into();
    live["away_score"] = 0.into();
    live["minute"] = 30.into();
    lines.push(live);
    let mut later = game("Lyon", "Nantes", &later_kickoff);
    later["type"] = "match".into();
    later["status"] = "scheduled".into();
    lines.push(later);
    lines.push(serde_json::json!({"type": "highlight", "match": game("Arsenal", "Chelsea", &live_kickoff),
        "title": "Arsenal v Chelsea: the first half", "url": "https://video.example/e2e", "duration_seconds": 245}));
    let file = dir.join(format!("sports-{home_score}.jsonl"));
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&file, text.join("\n")).expect("write the sports file");
    let out = Command::new(sibling_binary("marqueectl"))
        .arg("--database-url")
        .arg(database_url)
        .args(["import", "sports"])
        .arg(&file)
        .output()
        .expect("run marqueectl");
    assert!(
        out.status.success(),
        "import sports failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stored_credentials(config: &Path) -> serde_json::Value {
    match std::fs::read_to_string(config.join("marquee").join("credentials")) {
        Ok(text) => serde_json::from_str(&text).expect("credentials file is JSON"),
        Err(_) => serde_json::json!({}),
    }
}

/// What the server holds for the demo profile after the session, asked over the API.
struct ServerSide {
    ratings: serde_json::Value,
    watchlist: serde_json::Value,
    /// The account's analytics events (`GET /me/events`), oldest first.
    events: Vec<serde_json::Value>,
}

fn server_side(url: &str) -> ServerSide {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = marquee_api::client::Client::new(url).expect("client");
        let pair = client
            .login(&marquee_api::auth::LoginRequest {
                email: DEMO_EMAIL.into(),
                password: DEMO_PASSWORD.into(),
                totp_code: None,
                recovery_code: None,
            })
            .await
            .expect("demo login");
        let client = client.authorized(Some(&pair.access_token));
        let profile = client.profiles().await.expect("profiles")[0].id;
        let ratings = client
            .get(&format!("/api/v1/profiles/{profile}/ratings"), &[])
            .await
            .expect("ratings");
        let watchlist = client
            .get(&format!("/api/v1/profiles/{profile}/watchlist"), &[])
            .await
            .expect("watchlist");
        let events: serde_json::Value = client
            .get("/api/v1/me/events", &[("limit", "1000")])
            .await
            .expect("events");
        let events = events["data"].as_array().cloned().unwrap_or_default();
        ServerSide {
            ratings,
            watchlist,
            events,
        }
    })
}

#[test]
fn sign_in_for_you_search_with_a_typo_rate_watchlist_and_sign_out_in_a_real_terminal() {
    let db = TestDb::migrated();
    let seeded = Command::new(sibling_binary("marqueectl"))
        .arg("--database-url")
        .arg(db.url_string())
        .args(["seed", "--demo"])
        .env("MARQUEE_BCRYPT_COST", "4")
        .output()
        .expect("run marqueectl");
    assert!(
        seeded.status.success(),
        "seed --demo failed: {}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    // An admin, so the Admin view is there too.
    let promoted = Command::new(sibling_binary("marqueectl"))
        .arg("--database-url")
        .arg(db.url_string())
        .args(["user", "promote", DEMO_EMAIL])
        .output()
        .expect("run marqueectl");
    assert!(
        promoted.status.success(),
        "user promote failed: {}",
        String::from_utf8_lossy(&promoted.stderr)
    );
    let data_dir = tempfile::tempdir().expect("data dir");
    let sports_now = chrono::Utc::now();
    import_sports(&db.url_string(), data_dir.path(), sports_now, 0);
    let server = Marqueed::start(&db.url_string(), data_dir.path());

    let home = tempfile::tempdir().expect("home");
    let config = home.path().join("config");
    let command: Vec<String> = [
        "env",
        "-u",
        "MARQUEE_TOKEN",
        "-u",
        "MARQUEE_SERVER",
        "-u",
        "NO_COLOR",
        "MARQUEE_KEYRING=off",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain([
        format!("HOME={}", home.path().display()),
        format!("XDG_CONFIG_HOME={}", config.display()),
        env!("CARGO_BIN_EXE_marquee").to_owned(),
        "--server".to_owned(),
        server.url.clone(),
    ])
    .collect();
    let tmux = Tmux::start(home.path(), &command);

    // Sign in: the server is filled in from --server, the focus is on the email.
    tmux.wait_for(&["Sign in to Marquee", "Email"]);
    tmux.text(DEMO_EMAIL);
    tmux.keys(&["Enter"]);
    tmux.text(DEMO_PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Most popular", "The Shawshank Redemption", DEMO_EMAIL]);
    let stored = stored_credentials(&config);
    assert!(
        stored[server.url.as_str()]["access_token"].is_string(),
        "signed in, the tokens are in the 0600 file: {stored}"
    );

    // For You: the demo profile's rows.
    tmux.keys(&["1"]);
    let screen = tmux.wait_for(&["Enter open · w why"]);
    assert!(!screen.contains("failed"), "{screen}");

    // Search with a typo: suggestions as we type, then all results, then the movie.
    tmux.keys(&["3"]);
    tmux.text("Interstelar");
    tmux.wait_for(&["Suggestions", "Interstellar (2014)"]);
    tmux.keys(&["Enter"]);
    // The count in the title is drawn only from loaded results (a capture can catch a frame
    // half written, new title over the old suggestion rows).
    tmux.wait_for(&["Results for “Interstelar” · ", "Interstellar (2014)"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[
        "Interstellar (2014)",
        "Matthew McConaughey",
        "You: not rated",
    ]);

    // Rate it 4.5 (`.` then 5), then add it to the watchlist.
    tmux.keys(&["."]);
    tmux.keys(&["5"]);
    tmux.wait_for(&["Rated Interstellar ★★★★½ (4.5)"]);
    tmux.keys(&["w"]);
    tmux.wait_for(&["Interstellar is on your watchlist.", "✓ on your watchlist"]);

    // The first of the cast: their page lists the film.
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Matthew McConaughey", "Filmography · ", "Interstellar"]);
    tmux.keys(&["q"]);
    tmux.wait_for(&["✓ on your watchlist"]);

    // The Watchlist view shows it.
    tmux.keys(&["q"]);
    tmux.keys(&["4"]);
    tmux.wait_for(&["Your watchlist · 1", "Interstellar"]);
    // The mouse: a click on the selected row opens it, a click on a view's title switches.
    assert!(tmux.reports_mouse(), "marquee captures the mouse");
    tmux.click("Interstellar");
    tmux.wait_for(&["Cast (", "✓ on your watchlist"]);
    tmux.keys(&["q"]);
    tmux.wait_for(&["Your watchlist · 1"]);

    // History (nothing played yet), then the admin's jobs and metrics.
    tmux.click("5 History");
    tmux.wait_for(&["Continue watching", "Nothing in progress", "No history yet"]);
    // Sports: the match being played, the one to come, the highlight; a goal scored meanwhile
    // (written by another process) reaches the screen through the live stream.
    tmux.keys(&["6"]);
    tmux.wait_for(&[
        "● live",
        "Arsenal",
        "0 – 0",
        "Lyon v Nantes",
        "Arsenal v Chelsea: the first half",
    ]);
    import_sports(&db.url_string(), data_dir.path(), sports_now, 1);
    tmux.wait_for(&["1 – 0"]);

    tmux.keys(&["7"]);
    tmux.wait_for(&["recommender", "Metrics ─ since", "Active profiles per day"]);

    // Sign out: the token is gone from the store.
    tmux.keys(&["L"]);
    tmux.wait_for(&["Signed out of", "Sign in to Marquee"]);
    let stored = stored_credentials(&config);
    assert!(
        stored.get(server.url.as_str()).is_none(),
        "signed out, no tokens are stored for the server: {stored}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for_exit();

    // What the screen said is what the server holds.
    let held = server_side(&server.url);
    let ratings = held.ratings["data"].as_array().expect("ratings page");
    assert_eq!(ratings.len(), 1, "{}", held.ratings);
    assert_eq!(ratings[0]["movie"]["title"], "Interstellar");
    assert_eq!(ratings[0]["rating"], 4.5);
    let watchlist = held.watchlist["data"].as_array().expect("watchlist page");
    assert_eq!(watchlist.len(), 1, "{}", held.watchlist);
    assert_eq!(watchlist[0]["movie"]["title"], "Interstellar");

    // The session's analytics arrived, each once (the worker flushes on sign-out).
    let interstellar = ratings[0]["movie"]["id"].as_i64().expect("movie id");
    let events = &held.events;
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        events.iter().filter(|e| e["kind"] == kind).collect()
    };
    let mut ids: Vec<&str> = events
        .iter()
        .map(|e| e["client_event_id"].as_str().expect("client id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), events.len(), "no event is stored twice");
    let impressions = of("impression");
    assert!(!impressions.is_empty(), "For You impressions: {events:?}");
    assert!(
        impressions.iter().all(|e| e["row_kind"].is_string()
            && e["position"].is_i64()
            && e["algorithm"].is_string()),
        "{impressions:?}"
    );
    let clicks = of("click");
    assert_eq!(clicks.len(), 1, "{events:?}");
    assert_eq!(clicks[0]["row_kind"], "search");
    assert_eq!(clicks[0]["query"], "Interstelar");
    assert_eq!(clicks[0]["movie_id"], interstellar);
    let rated = of("rating");
    assert_eq!(rated.len(), 1, "{events:?}");
    assert_eq!(
        (rated[0]["movie_id"].as_i64(), rated[0]["value"].as_f64()),
        (Some(interstellar), Some(4.5))
    );
    let added = of("watchlist_add");
    assert_eq!(added.len(), 1, "{events:?}");
    assert_eq!(added[0]["movie_id"], interstellar);
}

/// Plays mpv's side of its JSON IPC on `socket` (mpv creates and listens on it): answers the first
/// `time-pos` / `duration` requests with `position` and `duration`, then says the file ended.
fn serve_mpv_ipc(socket: &Path, position: f64, duration: f64) {
    use std::io::Write;
    use std::os::unix::net::UnixListener;
    let listener = UnixListener::bind(socket).expect("bind the mpv socket");
    listener.set_nonblocking(true).expect("nonblocking");
    let deadline = Instant::now() + WAIT;
    let stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    Instant::now() < deadline,
                    "marquee did not connect to mpv's socket within {WAIT:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(err) => panic!("accept on the mpv socket: {err}"),
        }
    };
    stream.set_nonblocking(false).expect("blocking");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut lines = BufReader::new(stream.try_clone().expect("clone")).lines();
    let mut write = stream;
    for value in [position, duration] {
        let request: serde_json::Value =
            serde_json::from_str(&lines.next().expect("a request").expect("read")).expect("JSON");
        let property = request["command"][1].as_str().expect("get_property name");
        assert_eq!(
            property,
            if value == position {
                "time-pos"
            } else {
                "duration"
            }
        );
        let answer = serde_json::json!({
            "data": value, "request_id": request["request_id"], "error": "success"
        });
        writeln!(write, "{answer}").expect("answer");
    }
    writeln!(
        write,
        r#"{{"event":"end-file","reason":"eof","playlist_entry_id":1}}"#
    )
    .expect("end-file");
}

/// A trailer played from the Movie page: the signed URL the server hands out reaches the
/// player (`$MARQUEE_PLAYER`, here a script named `mpv` that writes its arguments to a file and
/// waits), the picker says it is playing, and the playback events reach the server: `start`,
/// then `progress` and `complete` from mpv's IPC socket (served by this test).
#[test]
fn a_trailer_picked_in_a_real_terminal_reaches_marquee_player_as_a_signed_url() {
    let db = TestDb::migrated();
    let marqueectl = |args: &[&str], what: &str| {
        let out = Command::new(sibling_binary("marqueectl"))
            .arg("--database-url")
            .arg(db.url_string())
            .args(args)
            .env("MARQUEE_BCRYPT_COST", "4")
            .output()
            .expect("run marqueectl");
        assert!(
            out.status.success(),
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    marqueectl(&["seed", "--demo"], "seed --demo");
    let files = tempfile::tempdir().expect("files");
    // A movie with an IMDb id (the demo's have none), then its trailer in two qualities.
    let movie = files.path().join("movie.jsonl");
    std::fs::write(
        &movie,
        r#"{"id": 862, "imdb_id": "tt0114709", "title": "Toy Story", "original_language": "en", "release_date": "1995-10-30", "runtime": 81, "genres": [{"id": 16, "name": "Animation"}], "popularity": 12.5, "credits": {"cast": [], "crew": []}}
"#,
    )
    .expect("write movie");
    marqueectl(
        &["import", "tmdb", movie.to_str().expect("utf-8 path")],
        "import tmdb",
    );
    let trailers = files.path().join("trailers.jsonl");
    std::fs::write(
        &trailers,
        r#"{"movie": "tt0114709", "title": "Official Trailer", "language": "en", "renditions": [{"quality": "480p", "format": "mp4", "location": "toy-story/480.mp4", "duration_seconds": 150}, {"quality": "1080p", "format": "mp4", "location": "toy-story/1080.mp4", "duration_seconds": 150}]}
"#,
    )
    .expect("write trailers");
    marqueectl(
        &["import", "trailers", trailers.to_str().expect("utf-8 path")],
        "import trailers",
    );
    let data_dir = tempfile::tempdir().expect("data dir");
    let server = Marqueed::start(&db.url_string(), data_dir.path());

    // The player, named mpv so that it gets an IPC socket: writes its arguments where the test
    // can read them, then stays (as mpv would) until the test is done with it.
    let played = files.path().join("played.txt");
    let done = files.path().join("done");
    let player = files.path().join("mpv");
    std::fs::write(
        &player,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{played}.tmp' && mv '{played}.tmp' '{played}'\n\
             i=0; while [ ! -e '{done}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n",
            played = played.display(),
            done = done.display()
        ),
    )
    .expect("write player");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&player, std::fs::Permissions::from_mode(0o755))
            .expect("chmod player");
    }

    let home = tempfile::tempdir().expect("home");
    let command: Vec<String> = [
        "env",
        "-u",
        "MARQUEE_TOKEN",
        "-u",
        "MARQUEE_SERVER",
        "-u",
        "NO_COLOR",
        "MARQUEE_KEYRING=off",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain([
        format!("HOME={}", home.path().display()),
        format!("XDG_CONFIG_HOME={}", home.path().join("config").display()),
        format!("MARQUEE_PLAYER={}", player.display()),
        env!("CARGO_BIN_EXE_marquee").to_owned(),
        "--server".to_owned(),
        server.url.clone(),
    ])
    .collect();
    let tmux = Tmux::start(home.path(), &command);
    tmux.wait_for(&["Sign in to Marquee", "Email"]);
    tmux.text(DEMO_EMAIL);
    tmux.keys(&["Enter"]);
    tmux.text(DEMO_PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Most popular", DEMO_EMAIL]);

    tmux.keys(&["3"]);
    tmux.text("Toy Story");
    tmux.wait_for(&["Suggestions", "Toy Story (1995)"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Results for “Toy Story” · ", "Toy Story (1995)"]);
    tmux.keys(&["Enter"]);
    // The movie has no poster: its placeholder says so (posters are halfblocks inside tmux).
    tmux.wait_for(&["Toy Story (1995)", "Trailers (1)", "no poster"]);
    // The Trailers pane, the trailer, the best quality preselected: play it.
    tmux.keys(&["BTab"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Official Trailer · trailer", "▸ 1080p", "Enter play"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Playing in ", "1080p mp4 · expires"]);

    let deadline = Instant::now() + WAIT;
    let args = loop {
        if let Ok(args) = std::fs::read_to_string(&played) {
            break args;
        }
        assert!(
            Instant::now() < deadline,
            "the player was not run within {WAIT:?}; the screen:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let url = args.lines().last().expect("the URL, last").to_owned();
    let socket = args
        .lines()
        .find_map(|a| a.strip_prefix("--input-ipc-server="))
        .unwrap_or_else(|| panic!("mpv got an IPC socket: {args}"));
    // 12 s in, then the end of the file.
    serve_mpv_ipc(Path::new(socket), 12.4, 150.0);
    assert!(
        url.starts_with(&format!("{}/media/", server.url)),
        "the player got the server's absolute media URL: {url}"
    );
    assert!(url.ends_with("toy-story/1080.mp4"), "the 1080p file: {url}");
    // Signed: the token sits between /media/ and the path.
    let token = url
        .trim_start_matches(&format!("{}/media/", server.url))
        .trim_end_matches("toy-story/1080.mp4");
    assert!(token.len() > 16, "a signed token in {url}");
    // The start event went through: no error notice on screen.
    let screen = tmux.screen();
    assert!(!screen.contains("not recorded"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for(&["Trailers (1)"]);

    // start (from the UI's answer), progress at 12 s and complete (from mpv's socket), once
    // each, with their positions (kept in the events' props, which the API does not export).
    let mut conn = db.conn();
    let user = marquee_db::queries::users::find_by_email(&mut conn, DEMO_EMAIL)
        .expect("find the demo user")
        .expect("the demo user");
    let deadline = Instant::now() + WAIT;
    let playback = loop {
        let playback: Vec<(String, serde_json::Value)> =
            marquee_db::queries::analytics::user_events(&mut conn, user.id, 0, 1000)
                .expect("events")
                .into_iter()
                .filter(|e| e.kind.starts_with("trailer_") && e.kind != "trailer_play")
                .map(|e| {
                    let props = e.props.as_deref().map_or(serde_json::Value::Null, |p| {
                        serde_json::from_str(p).expect("props are JSON")
                    });
                    (e.kind, props["position_seconds"].clone())
                })
                .collect();
        if playback.iter().any(|(kind, _)| kind == "trailer_complete") || Instant::now() > deadline
        {
            break playback;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    std::fs::write(&done, "").expect("let the player go");
    // By kind: `start` comes from the UI and the others from the worker, in no set order.
    let mut playback = playback;
    playback.sort_by(|a, b| b.0.cmp(&a.0));
    assert_eq!(
        playback,
        [
            ("trailer_start".to_owned(), serde_json::json!(0)),
            ("trailer_progress".to_owned(), serde_json::json!(12)),
            ("trailer_complete".to_owned(), serde_json::json!(150)),
        ]
    );
}

/// The token of the newest mail to `to` whose subject contains `subject`, from the server's
/// outbox directory (the mailer writes `.eml` files there when no SMTP server is set).
fn mailed_token(data_dir: &Path, to: &str, subject: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
        for entry in std::fs::read_dir(data_dir.join("outbox"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let header = |name: &str, value: &str| {
                text.lines()
                    .any(|l| l.starts_with(name) && l.contains(value))
            };
            if header("To:", to)
                && header("Subject:", subject)
                && let Some(token) = text.lines().find_map(|l| l.strip_prefix("Token: "))
            {
                let written = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .expect("mail mtime");
                found.push((written, token.trim().to_owned()));
            }
        }
        if let Some((_, token)) = found.into_iter().max() {
            return token;
        }
        assert!(
            Instant::now() < deadline,
            "no mail {subject:?} to {to} in {} within {WAIT:?}",
            data_dir.join("outbox").display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Register (Ctrl-N), verify the address with the mailed token, forgot password (Ctrl-F), then
/// set a new password with the mailed reset token, against a real `marqueed`; the new password
/// signs in.
#[test]
fn register_verify_forgot_and_reset_password_from_the_sign_in_screen_of_a_real_terminal() {
    let db = TestDb::migrated();
    let data_dir = tempfile::tempdir().expect("data dir");
    let server = Marqueed::start(&db.url_string(), data_dir.path());
    let home = tempfile::tempdir().expect("home");
    let command: Vec<String> = [
        "env",
        "-u",
        "MARQUEE_TOKEN",
        "-u",
        "MARQUEE_SERVER",
        "-u",
        "NO_COLOR",
        "MARQUEE_KEYRING=off",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain([
        format!("HOME={}", home.path().display()),
        format!("XDG_CONFIG_HOME={}", home.path().join("config").display()),
        env!("CARGO_BIN_EXE_marquee").to_owned(),
        "--server".to_owned(),
        server.url.clone(),
    ])
    .collect();
    let tmux = Tmux::start(home.path(), &command);
    tmux.wait_for(&["Sign in to Marquee", "Ctrl-N create an account"]);

    tmux.keys(&["C-n"]);
    tmux.wait_for(&["Create a Marquee account", "Name"]);
    tmux.text("Grace");
    tmux.keys(&["Enter"]);
    tmux.text("grace@example.com");
    tmux.keys(&["Enter"]);
    // Too short: the server's rule comes back, the form stays.
    tmux.text("short");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&["Create a Marquee account", "↳ must be at least"]);
    assert!(!screen.contains("registration received"), "{screen}");
    tmux.text(" but now long enough");
    tmux.keys(&["Enter"]);
    // Next: the verification form, waiting for the mailed token.
    tmux.wait_for(&[
        "Verify your email address",
        "registration received: check your mailbox",
    ]);
    tmux.text("not-the-token");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Verify your email address", "already used or expired"]);
    for _ in 0.."not-the-token".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.text(&mailed_token(
        data_dir.path(),
        "grace@example.com",
        "Confirm your Marquee email",
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Sign in to Marquee", "email address verified"]);

    tmux.keys(&["C-f"]);
    tmux.wait_for(&["Forgot your password?", "grace@example.com"]);
    tmux.keys(&["Enter"]);
    // Next: the reset form.
    tmux.wait_for(&[
        "Choose a new password",
        "if an account uses this address, a reset",
    ]);
    tmux.text(&mailed_token(
        data_dir.path(),
        "grace@example.com",
        "Reset your Marquee password",
    ));
    tmux.keys(&["Enter"]);
    // Two different passwords: said before anything is sent.
    tmux.text("tiny");
    tmux.keys(&["Enter"]);
    tmux.text("tinY");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["does not match the new password"]);
    // Too short: the server's rule, under the password.
    tmux.text("tiny");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["↳ must be at least", "refused the marked field"]);
    tmux.text("tiny is now a passphrase");
    tmux.keys(&["Enter"]);
    tmux.text("tiny is now a passphrase");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Sign in to Marquee", "password changed"]);
    // The new password signs in.
    tmux.text("tiny is now a passphrase");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Most popular", "grace@example.com"]);
}
