//! API mode: `marqueectl login|logout` and `--server` commands against the real `marqueed`
//! binary on 127.0.0.1, over the test's own database. The tokens go to the file store in a
//! temporary config directory (`MARQUEE_KEYRING=off`).
//!
//! `marqueed` is found next to `marqueectl` in the target directory: `cargo test --workspace`
//! builds it (with `-p marquee-cli` alone, run `cargo build -p marquee-server` first).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marquee_db::testing::TestDb;
use serde_json::Value;

use crate::{Run, marqueectl};

const PASSWORD: &str = "correct horse battery staple";

/// A running marqueed on the test's database; killed on drop.
struct Marqueed {
    child: Child,
    url: String,
    _data_dir: tempfile::TempDir,
}

impl Marqueed {
    fn start(db: &TestDb) -> Marqueed {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_marqueectl")).with_file_name("marqueed");
        assert!(
            bin.exists(),
            "{} is missing: run `cargo build -p marquee-server` (cargo test --workspace builds it)",
            bin.display()
        );
        let data_dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(bin)
            .args(["--bind", "127.0.0.1:0", "--log-format", "json"])
            .arg("--database-url")
            .arg(db.url_string())
            .arg("--data-dir")
            .arg(data_dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("MARQUEE_DATA_DIR")
            .env_remove("REDIS_URL")
            .env("MARQUEE_BCRYPT_COST", "4")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn marqueed");
        let stderr = child.stderr.take().unwrap();
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
                .expect("marqueed printed a `listening` line in time");
            let json: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
            if json["message"] == "listening" {
                break json["addr"].as_str().unwrap().to_owned();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || while lines.recv().is_ok() {});
        Marqueed {
            child,
            url: format!("http://{addr}"),
            _data_dir: data_dir,
        }
    }
}

impl Drop for Marqueed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `marqueectl` user with their own config directory (and so their own credentials file).
struct Admin<'a> {
    server: &'a Marqueed,
    config: tempfile::TempDir,
}

impl<'a> Admin<'a> {
    fn new(server: &'a Marqueed) -> Admin<'a> {
        Admin {
            server,
            config: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = marqueectl();
        cmd.env("XDG_CONFIG_HOME", self.config.path())
            .env("MARQUEE_KEYRING", "off")
            .env("MARQUEE_BCRYPT_COST", "4");
        cmd
    }

    /// The same command as a plain `std` one, to run several at once.
    fn std_cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_marqueectl"));
        cmd.env("XDG_CONFIG_HOME", self.config.path())
            .env("MARQUEE_KEYRING", "off")
            .env("MARQUEE_BCRYPT_COST", "4")
            .env_remove("MARQUEE_TOKEN")
            .env_remove("MARQUEE_SERVER")
            .env_remove("DATABASE_URL")
            .env_remove("MARQUEE_DATA_DIR");
        cmd
    }

    /// `marqueectl --server URL ARGS…`.
    fn api(&self, args: &[&str]) -> Run {
        Run::of(
            self.cmd()
                .arg("--server")
                .arg(&self.server.url)
                .args(args)
                .write_stdin(""),
        )
    }

    fn login(&self, email: &str) -> Run {
        Run::of(
            self.cmd()
                .args(["login", "--server", &self.server.url, "--email", email])
                .arg("--password-stdin")
                .write_stdin(format!("{PASSWORD}\n")),
        )
    }

    fn credentials_path(&self) -> PathBuf {
        self.config.path().join("marquee").join("credentials")
    }

    /// The tokens stored for the server (`None` when there are none).
    fn stored(&self) -> Option<Value> {
        let text = std::fs::read_to_string(self.credentials_path()).ok()?;
        let all: Value = serde_json::from_str(&text).unwrap();
        all.get(&self.server.url).cloned()
    }
}

/// `marqueectl --database-url … ARGS…` (direct mode).
fn direct(db: &TestDb, args: &[&str], stdin: &str) -> Run {
    Run::of(
        marqueectl()
            .env("MARQUEE_BCRYPT_COST", "4")
            .arg("--database-url")
            .arg(db.url_string())
            .args(args)
            .write_stdin(stdin.to_owned()),
    )
}

fn accounts(db: &TestDb) {
    let pw = format!("{PASSWORD}\n");
    direct(
        db,
        &[
            "user",
            "create",
            "root@example.com",
            "--admin",
            "--password-stdin",
        ],
        &pw,
    )
    .expect_code(0);
    direct(
        db,
        &["user", "create", "ann@example.com", "--password-stdin"],
        &pw,
    )
    .expect_code(0);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn login_stores_tokens_in_the_file_store_api_mode_runs_the_admin_commands_and_logout_removes_them()
{
    let db = TestDb::migrated();
    accounts(&db);
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);

    let run = admin.login("root@example.com").expect_code(0);
    assert!(run.stdout.contains("logged in to"), "{}", run.stdout);
    assert!(run.stdout.contains("(admin)"), "{}", run.stdout);
    assert!(run.stderr.contains("MARQUEE_KEYRING=off"), "{}", run.stderr);
    let stored = admin.stored().expect("tokens stored under the server URL");
    assert!(
        stored["access_token"]
            .as_str()
            .is_some_and(|t| t.len() > 20)
    );
    assert!(stored["refresh_token"].is_string());
    #[cfg(unix)]
    assert_eq!(mode(&admin.credentials_path()), 0o600);

    // The same command gives the same answer in both modes.
    for args in [
        &["--output", "json", "user", "list"][..],
        &["--output", "json", "user", "show", "ann@example.com"],
        &["--output", "json", "user", "show", "1"],
        &["--output", "json", "experiments", "list"],
    ] {
        let api = admin.api(args).expect_code(0).json();
        let local = direct(&db, args, "").expect_code(0).json();
        assert_eq!(api, local, "{args:?}");
    }
    let list = admin.api(&["--output", "json", "user", "list"]).json();
    assert_eq!(list["pagination"]["total"], 2);
    let table = admin.api(&["user", "list"]).expect_code(0);
    assert!(table.stdout.contains("ann@example.com"), "{}", table.stdout);

    // A destructive command asks; without a terminal it needs --yes (usage error otherwise).
    let run = admin
        .api(&["user", "disable", "ann@example.com"])
        .expect_code(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    let shown = direct(
        &db,
        &["--output", "json", "user", "show", "ann@example.com"],
        "",
    )
    .json();
    assert_eq!(shown["disabled"], false);
    let run = admin
        .api(&[
            "--output",
            "json",
            "user",
            "disable",
            "ann@example.com",
            "--yes",
        ])
        .expect_code(0);
    assert_eq!(run.json()["disabled"], true);
    let shown = direct(
        &db,
        &["--output", "json", "user", "show", "ann@example.com"],
        "",
    )
    .json();
    assert_eq!(shown["disabled"], true);
    // Ann cannot log in now.
    let ann = Admin::new(&server);
    let run = ann.login("ann@example.com").expect_code(1);
    assert!(run.stderr.contains("account_disabled"), "{}", run.stderr);
    admin
        .api(&["user", "enable", "ann@example.com"])
        .expect_code(0);
    ann.login("ann@example.com").expect_code(0);

    // The server's rules, worded with their code and a hint.
    let run = admin
        .api(&["user", "demote", "root@example.com"])
        .expect_code(1);
    assert!(run.stderr.contains("own_account"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    let run = admin
        .api(&["user", "show", "nobody@example.com"])
        .expect_code(1);
    assert!(run.stderr.contains("404 not_found"), "{}", run.stderr);
    let run = admin
        .api(&["user", "end-sessions", "ann@example.com", "--yes"])
        .expect_code(0);
    assert!(run.stdout.contains("ended 1 session"), "{}", run.stdout);

    // Jobs run in the server: run one now and wait for it; list them.
    let run = admin
        .api(&["--output", "json", "jobs", "run", "trending"])
        .expect_code(0);
    let ran = run.json();
    assert_eq!(ran["finished"]["name"], "trending");
    assert!(ran["finished"]["last_error"].is_null(), "{ran}");
    let jobs = admin
        .api(&["--output", "json", "jobs", "list"])
        .expect_code(0)
        .json();
    let names: Vec<&str> = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    for name in ["recommender", "trending", "analytics", "search", "cleanup"] {
        assert!(names.contains(&name), "{names:?}");
    }
    let stats = admin
        .api(&["--output", "json", "stats", "--since", "7d"])
        .expect_code(0)
        .json();
    assert!(stats["dau"].is_number(), "{stats}");

    // Commands that need the database say so; jobs need a server.
    let run = admin.api(&["import", "jsonl", "x.jsonl"]).expect_code(1);
    assert!(
        run.stderr.contains("cannot run through --server"),
        "{}",
        run.stderr
    );
    let run = admin.api(&["db", "status"]).expect_code(1);
    assert!(
        run.stderr.contains("cannot run through --server"),
        "{}",
        run.stderr
    );
    let run = direct(&db, &["jobs", "list"], "").expect_code(1);
    assert!(run.stderr.contains("--server"), "{}", run.stderr);

    // A refused access token is refreshed with the stored refresh token, transparently.
    let mut all: Value =
        serde_json::from_str(&std::fs::read_to_string(admin.credentials_path()).unwrap()).unwrap();
    let before = all[&server.url]["refresh_token"].clone();
    all[&server.url]["access_token"] = Value::from("not-a-valid-token");
    std::fs::write(admin.credentials_path(), all.to_string()).unwrap();
    admin.api(&["user", "list"]).expect_code(0);
    let after = admin.stored().unwrap();
    assert_ne!(after["refresh_token"], before, "a new pair was stored");
    assert_ne!(after["access_token"], "not-a-valid-token");
    let old_access = after["access_token"].as_str().unwrap().to_owned();

    // Logout revokes the session on the server and removes the tokens.
    let run = admin.api(&["logout"]).expect_code(0);
    assert!(run.stdout.contains("session revoked"), "{}", run.stdout);
    assert_eq!(admin.stored(), None);
    let run = admin.api(&["user", "list"]).expect_code(1);
    assert!(run.stderr.contains("not logged in"), "{}", run.stderr);
    assert!(run.stderr.contains("marqueectl login"), "{}", run.stderr);
    // The revoked token is refused even when given through MARQUEE_TOKEN.
    let run = Run::of(admin.cmd().env("MARQUEE_TOKEN", &old_access).args([
        "--server",
        &server.url,
        "user",
        "list",
    ]))
    .expect_code(1);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    let run = admin.api(&["logout"]).expect_code(0);
    assert!(run.stdout.contains("nothing to do"), "{}", run.stdout);
}

#[test]
fn a_non_admin_gets_a_clear_403_and_a_hint() {
    let db = TestDb::migrated();
    accounts(&db);
    let server = Marqueed::start(&db);
    let ann = Admin::new(&server);
    let run = ann.login("ann@example.com").expect_code(0);
    assert!(
        run.stdout.contains("not an administrator"),
        "{}",
        run.stdout
    );
    for args in [
        &["user", "list"][..],
        &["jobs", "list"],
        &["user", "disable", "root@example.com", "--yes"],
    ] {
        let run = ann.api(args).expect_code(1);
        assert!(
            run.stderr.contains("403 forbidden"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("hint: this command needs an administrator account"),
            "{}",
            run.stderr
        );
    }
    let shown = direct(
        &db,
        &["--output", "json", "user", "show", "root@example.com"],
        "",
    )
    .json();
    assert_eq!(shown["disabled"], false);

    // A wrong password is the server's 401, and nothing is stored.
    let other = Admin::new(&server);
    let run = Run::of(
        other
            .cmd()
            .args([
                "login",
                "--server",
                &server.url,
                "--email",
                "ann@example.com",
            ])
            .arg("--password-stdin")
            .write_stdin("wrong password entirely\n"),
    )
    .expect_code(1);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    assert_eq!(other.stored(), None);
}

#[test]
fn a_server_that_is_not_there_is_a_clear_error() {
    let config = tempfile::tempdir().unwrap();
    let run = Run::of(
        marqueectl()
            .env("XDG_CONFIG_HOME", config.path())
            .env("MARQUEE_KEYRING", "off")
            .env("MARQUEE_TOKEN", "some-token")
            .args(["--server", "http://127.0.0.1:9", "user", "list"]),
    )
    .expect_code(1);
    assert!(
        run.stderr.contains("could not reach the server"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: check that marqueed is running"),
        "{}",
        run.stderr
    );
}

#[test]
fn movies_are_added_edited_shown_and_deleted_alike_in_both_modes() {
    use diesel::prelude::*;
    use marquee_db::schema::{genres, languages};
    let db = TestDb::migrated();
    accounts(&db);
    {
        let mut conn = db.conn();
        diesel::insert_into(genres::table)
            .values((genres::name.eq("Drama"), genres::slug.eq("drama")))
            .execute(&mut conn)
            .unwrap();
        diesel::insert_into(languages::table)
            .values((languages::code.eq("en"), languages::name.eq("English")))
            .execute(&mut conn)
            .unwrap();
    }
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);
    admin.login("root@example.com").expect_code(0);

    let created = admin
        .api(&[
            "--output",
            "json",
            "movies",
            "add",
            "The Quiet Harbour",
            "--release-date",
            "2024-03-01",
            "--genre",
            "drama",
            "--language",
            "en",
            "--runtime",
            "104",
        ])
        .expect_code(0)
        .json();
    assert_eq!(created["year"], 2024);
    let id = created["id"].as_i64().unwrap().to_string();
    let show = ["--output", "json", "movies", "show", id.as_str()];
    let api = admin.api(&show).expect_code(0).json();
    assert_eq!(api, created);
    assert_eq!(direct(&db, &show, "").expect_code(0).json(), api);
    let table = admin.api(&["movies", "show", &id]).expect_code(0);
    assert!(
        table.stdout.contains("The Quiet Harbour (2024)"),
        "{}",
        table.stdout
    );

    // The same refusal, field by field, in both modes; nothing written.
    let bad = [
        "movies",
        "add",
        " ",
        "--year",
        "1700",
        "--genre",
        "noir",
        "--runtime",
        "0",
    ];
    let api_err = admin.api(&bad).expect_code(1).stderr;
    let direct_err = direct(&db, &bad, "").expect_code(1).stderr;
    for field in ["title:", "year:", "genres:", "runtime_minutes:"] {
        assert!(api_err.contains(field), "{field}: {api_err}");
        assert!(direct_err.contains(field), "{field}: {direct_err}");
    }
    assert!(api_err.contains("unknown genre `noir`"), "{api_err}");
    assert!(direct_err.contains("unknown genre `noir`"), "{direct_err}");

    // Edit directly, then through the API: only the values given change.
    let edited = direct(
        &db,
        &[
            "--output",
            "json",
            "movies",
            "edit",
            &id,
            "--title",
            "The Loud Harbour",
        ],
        "",
    )
    .expect_code(0)
    .json();
    assert_eq!(edited["title"], "The Loud Harbour");
    assert_eq!(edited["runtime_minutes"], 104);
    let edited = admin
        .api(&[
            "--output",
            "json",
            "movies",
            "edit",
            &id,
            "--overview",
            "Boats.",
        ])
        .expect_code(0)
        .json();
    assert_eq!(edited["title"], "The Loud Harbour");
    assert_eq!(edited["overview"], "Boats.");
    assert_eq!(admin.api(&show).expect_code(0).json(), edited);

    // Delete asks first; then it is gone for both modes.
    admin.api(&["movies", "delete", &id]).expect_code(2);
    let run = admin
        .api(&["movies", "delete", &id, "--yes"])
        .expect_code(0);
    assert!(
        run.stdout.contains("deleted The Loud Harbour"),
        "{}",
        run.stdout
    );
    let run = direct(&db, &show, "").expect_code(1);
    assert!(run.stderr.contains("not_found"), "{}", run.stderr);
    let run = admin.api(&show).expect_code(1);
    assert!(run.stderr.contains("404"), "{}", run.stderr);
}

#[test]
fn people_are_added_edited_shown_and_deleted_alike_in_both_modes() {
    let db = TestDb::migrated();
    accounts(&db);
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);
    admin.login("root@example.com").expect_code(0);

    let created = admin
        .api(&[
            "--output",
            "json",
            "people",
            "add",
            "Ada Vale",
            "--birth-date",
            "1950-05-01",
        ])
        .expect_code(0)
        .json();
    let id = created["id"].as_i64().unwrap().to_string();
    let show = ["--output", "json", "people", "show", id.as_str()];
    assert_eq!(direct(&db, &show, "").expect_code(0).json(), created);
    assert_eq!(admin.api(&show).expect_code(0).json(), created);

    let bad = ["people", "edit", id.as_str(), "--death-date", "1940-01-01"];
    let api_err = admin.api(&bad).expect_code(1).stderr;
    let direct_err = direct(&db, &bad, "").expect_code(1).stderr;
    for err in [&api_err, &direct_err] {
        assert!(
            err.contains("death_date: must not be before the birth date (1950-05-01)"),
            "{err}"
        );
    }
    let edited = direct(
        &db,
        &[
            "--output",
            "json",
            "people",
            "edit",
            &id,
            "--department",
            "Directing",
        ],
        "",
    )
    .expect_code(0)
    .json();
    assert_eq!(edited["known_for_department"], "Directing");
    assert_eq!(edited["name"], "Ada Vale");

    admin.api(&["people", "delete", &id]).expect_code(2);
    let run = admin
        .api(&["people", "delete", &id, "--yes"])
        .expect_code(0);
    assert!(run.stdout.contains("deleted Ada Vale"), "{}", run.stdout);
    let run = direct(&db, &show, "").expect_code(1);
    assert!(run.stderr.contains("not_found"), "{}", run.stderr);
}

#[test]
fn trailers_are_added_and_deleted_alike_in_both_modes() {
    let db = TestDb::migrated();
    accounts(&db);
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);
    admin.login("root@example.com").expect_code(0);
    let movie = admin
        .api(&[
            "--output", "json", "movies", "add", "Heat", "--year", "1995",
        ])
        .expect_code(0)
        .json();
    let movie_id = movie["id"].as_i64().unwrap().to_string();

    let bad = [
        "trailers",
        "add",
        movie_id.as_str(),
        "Teaser",
        "--rendition",
        "8k:avi:heat/teaser.avi",
    ];
    for err in [
        admin.api(&bad).expect_code(1).stderr,
        direct(&db, &bad, "").expect_code(1).stderr,
    ] {
        assert!(
            err.contains("renditions[0].quality: unknown quality `8k`"),
            "{err}"
        );
        assert!(err.contains("renditions[0].format:"), "{err}");
    }
    let run = admin
        .api(&[
            "trailers",
            "add",
            &movie_id,
            "Teaser",
            "--rendition",
            "1080p",
        ])
        .expect_code(2);
    assert!(
        run.stderr.contains("QUALITY:FORMAT:LOCATION"),
        "{}",
        run.stderr
    );

    let added = admin
        .api(&[
            "--output",
            "json",
            "trailers",
            "add",
            &movie_id,
            "Official Trailer",
            "--rendition",
            "1080p:hls:heat/1080/index.m3u8",
            "--rendition",
            "720p:mp4:heat/720.mp4",
            "--duration",
            "150",
        ])
        .expect_code(0)
        .json();
    assert_eq!(
        added["trailers"][0]["renditions"].as_array().unwrap().len(),
        2
    );
    let direct_added = direct(
        &db,
        &[
            "--output",
            "json",
            "trailers",
            "add",
            &movie_id,
            "Teaser",
            "--kind",
            "teaser",
            "--rendition",
            "480p:mp4:heat/teaser.mp4",
        ],
        "",
    )
    .expect_code(0)
    .json();
    assert_eq!(direct_added["trailers"].as_array().unwrap().len(), 2);
    let show = ["--output", "json", "movies", "show", movie_id.as_str()];
    assert_eq!(
        direct(&db, &show, "").json()["trailers"],
        direct_added["trailers"]
    );

    let trailer_id = added["trailers"][0]["id"].as_i64().unwrap().to_string();
    admin
        .api(&["trailers", "delete", &trailer_id])
        .expect_code(2);
    let run = admin
        .api(&["trailers", "delete", &trailer_id, "--yes"])
        .expect_code(0);
    assert!(run.stdout.contains("deleted trailer"), "{}", run.stdout);
    let left = direct(&db, &show, "").json();
    assert_eq!(left["trailers"].as_array().unwrap().len(), 1);
    assert_eq!(left["trailers"][0]["title"], "Teaser");
    let run = direct(&db, &["trailers", "delete", &trailer_id, "--yes"], "").expect_code(1);
    assert!(run.stderr.contains("not_found"), "{}", run.stderr);
}

#[test]
fn trailers_are_edited_and_their_subtitles_added_and_removed_alike_in_both_modes() {
    let db = TestDb::migrated();
    accounts(&db);
    {
        use diesel::prelude::*;
        let mut conn = db.conn();
        for (code, name) in [("en", "English"), ("fr", "French")] {
            diesel::insert_into(marquee_db::schema::languages::table)
                .values((
                    marquee_db::schema::languages::code.eq(code),
                    marquee_db::schema::languages::name.eq(name),
                ))
                .execute(&mut conn)
                .unwrap();
        }
    }
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);
    admin.login("root@example.com").expect_code(0);
    let movie = admin
        .api(&[
            "--output", "json", "movies", "add", "Heat", "--year", "1995",
        ])
        .expect_code(0)
        .json();
    let movie_id = movie["id"].as_i64().unwrap().to_string();
    let added = admin
        .api(&[
            "--output",
            "json",
            "trailers",
            "add",
            &movie_id,
            "Official Trailer",
            "--rendition",
            "1080p:hls:heat/1080/index.m3u8",
            "--rendition",
            "720p:mp4:heat/720.mp4",
        ])
        .expect_code(0)
        .json();
    let id = added["trailers"][0]["id"].as_i64().unwrap().to_string();
    let show = ["--output", "json", "trailers", "show", id.as_str()];
    let shown = admin.api(&show).expect_code(0).json();
    assert_eq!(direct(&db, &show, "").expect_code(0).json(), shown);
    let mp4 = shown["renditions"][1]["id"].as_i64().unwrap().to_string();

    // Bad input names the field and the rule, in both modes alike.
    let bad = [
        "trailers",
        "edit",
        id.as_str(),
        "--kind",
        "blooper",
        "--add-rendition",
        "8k:mp4:heat/8k.mp4",
        "--remove-rendition",
        "999999",
    ];
    for err in [
        admin.api(&bad).expect_code(1).stderr,
        direct(&db, &bad, "").expect_code(1).stderr,
    ] {
        assert!(
            err.contains("kind: unknown trailer kind `blooper`"),
            "{err}"
        );
        assert!(
            err.contains("add_renditions[0].quality: unknown quality `8k`"),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "remove_renditions[0]: trailer {id} has no rendition"
            )),
            "{err}"
        );
    }
    let run = admin.api(&["trailers", "edit", &id]).expect_code(2);
    assert!(run.stderr.contains("nothing to change"), "{}", run.stderr);

    // API mode: title and language; a rendition swapped.
    let edited = admin
        .api(&[
            "--output",
            "json",
            "trailers",
            "edit",
            &id,
            "--title",
            "Final Trailer",
            "--language",
            "fr",
            "--remove-rendition",
            &mp4,
            "--add-rendition",
            "2160p:mp4:heat/2160.mp4",
            "--duration",
            "150",
        ])
        .expect_code(0)
        .json();
    assert_eq!(edited["title"], "Final Trailer");
    assert_eq!(edited["language"], "fr");
    assert_eq!(edited["renditions"][1]["quality"], "2160p");
    assert_eq!(edited["renditions"][1]["duration_seconds"], 150);
    // Direct mode: the same command shape, replacing every rendition.
    let replaced = direct(
        &db,
        &[
            "--output",
            "json",
            "trailers",
            "edit",
            &id,
            "--kind",
            "teaser",
            "--no-language",
            "--rendition",
            "480p:mp4:heat/480.mp4",
        ],
        "",
    )
    .expect_code(0)
    .json();
    assert_eq!(replaced["kind"], "teaser");
    assert_eq!(replaced["language"], Value::Null);
    assert_eq!(replaced["title"], "Final Trailer");
    assert_eq!(replaced["renditions"].as_array().unwrap().len(), 1);
    assert_eq!(admin.api(&show).expect_code(0).json(), replaced);

    // Subtitles: rules named in both modes; added in one mode, seen and removed in the other.
    let bad = [
        "trailers",
        "subtitles",
        "add",
        id.as_str(),
        "zz",
        "../x.vtt",
        "--format",
        "ass",
    ];
    for err in [
        admin.api(&bad).expect_code(1).stderr,
        direct(&db, &bad, "").expect_code(1).stderr,
    ] {
        assert!(
            err.contains("format: unknown subtitle format `ass`"),
            "{err}"
        );
        assert!(err.contains("location:"), "{err}");
        assert!(err.contains("language:"), "{err}");
    }
    let with_en = admin
        .api(&[
            "--output",
            "json",
            "trailers",
            "subtitles",
            "add",
            &id,
            "en",
            "heat/en.vtt",
        ])
        .expect_code(0)
        .json();
    assert_eq!(with_en["subtitles"][0]["format"], "vtt");
    let with_fr = direct(
        &db,
        &[
            "--output",
            "json",
            "trailers",
            "subtitles",
            "add",
            &id,
            "fr",
            "heat/fr.srt",
            "--format",
            "srt",
        ],
        "",
    )
    .expect_code(0)
    .json();
    assert_eq!(with_fr["subtitles"].as_array().unwrap().len(), 2);
    let twice = [
        "trailers",
        "subtitles",
        "add",
        id.as_str(),
        "en",
        "heat/en2.vtt",
    ];
    let err = admin.api(&twice).expect_code(1).stderr;
    assert!(
        err.contains("already has a vtt subtitle track in `en`"),
        "{err}"
    );
    let table = admin.api(&["trailers", "show", &id]).expect_code(0).stdout;
    assert!(
        table.contains("heat/fr.srt") && table.contains("SUBTITLE ID"),
        "{table}"
    );

    let en = with_en["subtitles"][0]["id"].as_i64().unwrap().to_string();
    admin
        .api(&["trailers", "subtitles", "remove", &id, &en])
        .expect_code(2);
    let left = admin
        .api(&[
            "--output",
            "json",
            "trailers",
            "subtitles",
            "remove",
            &id,
            &en,
            "--yes",
        ])
        .expect_code(0)
        .json();
    assert_eq!(left["subtitles"].as_array().unwrap().len(), 1);
    assert_eq!(left["subtitles"][0]["language"], "fr");
    let err = direct(
        &db,
        &["trailers", "subtitles", "remove", &id, &en, "--yes"],
        "",
    )
    .expect_code(1)
    .stderr;
    assert!(
        err.contains(&format!("no subtitle track with the id {en}")),
        "{err}"
    );
}

/// Several `marqueectl --server` processes sharing one stored session whose access token has
/// expired all refresh at once: without the store's refresh lock, all but one would present
/// the refresh token the first just spent, the server would take that for a replay and end
/// the session. With it, one refreshes and the others use its new pair.
#[test]
fn concurrent_commands_with_an_expired_access_token_all_succeed_and_the_session_lives_on() {
    let db = TestDb::migrated();
    accounts(&db);
    let server = Marqueed::start(&db);
    let admin = Admin::new(&server);
    admin.login("root@example.com").expect_code(0);
    let mut all: Value =
        serde_json::from_str(&std::fs::read_to_string(admin.credentials_path()).unwrap()).unwrap();
    let spent = all[&server.url]["refresh_token"].clone();
    all[&server.url]["expires_at"] = Value::from("2000-01-01T00:00:00Z");
    std::fs::write(admin.credentials_path(), all.to_string()).unwrap();

    let children: Vec<_> = (0..6)
        .map(|_| {
            admin
                .std_cmd()
                .args(["--server", &server.url, "user", "list"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn marqueectl")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("root@example.com"));
    }
    let stored = admin.stored().unwrap();
    assert_ne!(stored["refresh_token"], spent, "a new pair was stored");
    // The session is still live: the stored pair works, and refreshes again.
    admin.api(&["user", "list"]).expect_code(0);
    let mut all: Value =
        serde_json::from_str(&std::fs::read_to_string(admin.credentials_path()).unwrap()).unwrap();
    all[&server.url]["expires_at"] = Value::from("2000-01-01T00:00:00Z");
    std::fs::write(admin.credentials_path(), all.to_string()).unwrap();
    admin.api(&["user", "list"]).expect_code(0);
    assert_ne!(
        admin.stored().unwrap()["refresh_token"],
        stored["refresh_token"]
    );
}
