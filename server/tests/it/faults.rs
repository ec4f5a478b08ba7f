//! Faults under load (issue 10): a PostgreSQL of the test's own (initdb into a temporary
//! directory, a free port), so restarting it harms nothing else on the machine, and the real
//! `marqueed` binary in front of it.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use marquee_db::DatabaseUrl;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::accounts::{JWT_SECRET, PASSWORD, unique_email};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A throwaway PostgreSQL cluster; stopped and deleted on drop.
struct OwnPostgres {
    dir: tempfile::TempDir,
    port: u16,
}

impl OwnPostgres {
    /// `initdb` refuses root: run the server tools as `postgres` then.
    fn tool(name: &str) -> Command {
        let path = format!("{PG_BIN}/{name}");
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--", &path]);
            cmd
        } else {
            Command::new(path)
        }
    }

    fn start() -> OwnPostgres {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        // The cluster's files belong to the user that runs it.
        let _ = Command::new("chown")
            .args(["postgres:postgres", &dir.path().to_string_lossy()])
            .status();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ok = Self::tool("initdb")
            .args([
                "-D",
                &data.to_string_lossy(),
                "-U",
                "postgres",
                "--auth=trust",
            ])
            .args(["--no-sync", "-E", "UTF8"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("initdb runs (PostgreSQL server packages installed)");
        assert!(ok.success(), "initdb failed");
        let pg = OwnPostgres { dir, port };
        pg.ctl(&["start"]);
        pg
    }

    fn ctl(&self, action: &[&str]) {
        pg_ctl(self.dir.path(), self.port, action);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = Self::tool("pg_ctl")
            .args(["-D", &data.to_string_lossy(), "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// `pg_ctl ACTION` on the cluster in `dir/data` (fast shutdown, waiting until done).
fn pg_ctl(dir: &std::path::Path, port: u16, action: &[&str]) {
    let data = dir.join("data");
    let options = format!(
        "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
        dir.display()
    );
    let ok = OwnPostgres::tool("pg_ctl")
        .args([
            "-D",
            &data.to_string_lossy(),
            "-w",
            "-t",
            "30",
            "-m",
            "fast",
        ])
        .args(["-o", &options])
        .args(["-l", &dir.join("log").to_string_lossy()])
        .args(action)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success(), "pg_ctl {action:?} failed");
}

/// Starts the real `marqueed` on `url` with JSON logs and a free port: the child and its base
/// URL. The abuse limits are lifted: one test client sends everything.
fn start_marqueed(
    url: &str,
    data_dir: &std::path::Path,
    extra: &[&str],
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut server = Command::new(env!("CARGO_BIN_EXE_marqueed"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--log-filter",
            "info",
        ])
        .arg("--data-dir")
        .arg(data_dir)
        .args([
            "--database-url",
            url,
            "--bcrypt-cost",
            "4",
            "--db-timeout-ms",
            "500",
        ])
        .args([
            "--api-rate-per-token",
            "1000000",
            "--api-rate-per-addr",
            "1000000",
        ])
        .args(["--login-rate-per-addr", "1000000"])
        .args(extra)
        .env("MARQUEE_JWT_SECRET", JWT_SECRET)
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("a `listening` line").unwrap();
        let json: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        if json["message"] == "listening" {
            break json["addr"].as_str().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (server, format!("http://{addr}"))
}

/// What the load saw: (when, status) of every request, and the movies whose watchlist add was
/// acknowledged.
#[derive(Default)]
struct Seen {
    statuses: Vec<(Duration, u16)>,
    acknowledged: Vec<i64>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_mid_load_fails_fast_with_503_and_loses_no_acknowledged_write() {
    if marquee_db::testing::TestDb::env_backend() != marquee_db::Backend::Postgres {
        // One run is enough: the PostgreSQL pass of the suite runs it.
        return;
    }
    let pg = OwnPostgres::start();
    let url = pg.url();
    let movies: Vec<i64> = {
        let db = DatabaseUrl::parse(&url).unwrap();
        let mut conn = marquee_db::pool::establish(&db, Duration::from_secs(5)).unwrap();
        marquee_db::migrate::run_pending(&mut conn).unwrap();
        (0..3000)
            .map(|i| crate::fixtures::movie(&format!("Fault {i}")).insert(&mut conn))
            .collect()
    };
    let data_dir = tempfile::tempdir().unwrap();
    let (mut server, base) = start_marqueed(&url, data_dir.path(), &["--db-pool-size", "8"]);
    let client = reqwest::Client::new();
    let email = unique_email("fault");
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({ "email": email, "password": PASSWORD, "name": "Fault" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let pair: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", pair["access_token"].as_str().unwrap());
    let profiles: Value = client
        .get(format!("{base}/api/v1/profiles"))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pid = profiles[0]["id"].as_i64().unwrap();

    // Four writers add movies to the watchlist one after another; two readers list movies.
    let seen = Arc::new(Mutex::new(Seen::default()));
    let started = Instant::now();
    let stop_at = started + Duration::from_secs(6);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (client, base, bearer, seen, next, movies) = (
            client.clone(),
            base.clone(),
            bearer.clone(),
            seen.clone(),
            next.clone(),
            movies.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < stop_at {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(&movie) = movies.get(i) else { break };
                let status = client
                    .post(format!("{base}/api/v1/profiles/{pid}/watchlist"))
                    .header("authorization", &bearer)
                    .json(&json!({ "movie_id": movie }))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await
                    .map_or(0, |r| r.status().as_u16());
                let mut seen = seen.lock().await;
                seen.statuses.push((started.elapsed(), status));
                if (200..300).contains(&status) {
                    seen.acknowledged.push(movie);
                }
                drop(seen);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }));
    }
    for _ in 0..2 {
        let (client, base, seen) = (client.clone(), base.clone(), seen.clone());
        tasks.push(tokio::spawn(async move {
            let mut page = 0;
            while Instant::now() < stop_at {
                page = page % 5 + 1;
                let status = client
                    .get(format!(
                        "{base}/api/v1/movies?per_page=5&page={page}&sort=title"
                    ))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await
                    .map_or(0, |r| r.status().as_u16());
                seen.lock().await.statuses.push((started.elapsed(), status));
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let restart_began = started.elapsed();
    let (dir, port) = (pg.dir.path().to_path_buf(), pg.port);
    tokio::task::spawn_blocking(move || pg_ctl(&dir, port, &["restart"]))
        .await
        .unwrap();
    let restart_ended = started.elapsed();
    for task in tasks {
        task.await.unwrap();
    }
    let _ = server.kill();
    let _ = server.wait();

    let seen = seen.lock().await;
    // Every answer is a success, or a 503 that says "retry" — never a 500 or a hang.
    let bad: Vec<_> = seen
        .statuses
        .iter()
        .filter(|(_, s)| !((200..300).contains(s) || *s == 503))
        .collect();
    assert!(bad.is_empty(), "answers other than 2xx/503: {bad:?}");
    // 503s only in the restart window (plus the pool's timeout and a reconnect).
    let window_end = restart_ended + Duration::from_secs(2);
    let late: Vec<_> = seen
        .statuses
        .iter()
        .filter(|(at, s)| *s == 503 && (*at < restart_began || *at > window_end))
        .collect();
    assert!(
        late.is_empty(),
        "503 outside the restart window {restart_began:?}–{window_end:?}: {late:?}"
    );
    let after: Vec<_> = seen
        .statuses
        .iter()
        .filter(|(at, _)| *at > window_end)
        .collect();
    assert!(
        after.len() > 10 && after.iter().all(|(_, s)| (200..300).contains(s)),
        "the server recovered on its own: {after:?}"
    );
    // No acknowledged write was lost.
    let db = DatabaseUrl::parse(&url).unwrap();
    let mut conn = marquee_db::pool::establish(&db, Duration::from_secs(5)).unwrap();
    let stored: Vec<i64> = {
        use diesel::prelude::*;
        use marquee_db::schema::watchlist_items;
        watchlist_items::table
            .filter(watchlist_items::profile_id.eq(pid))
            .select(watchlist_items::movie_id)
            .load(&mut conn)
            .unwrap()
    };
    let missing: Vec<_> = seen
        .acknowledged
        .iter()
        .filter(|m| !stored.contains(m))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let failures = seen.statuses.iter().filter(|(_, s)| *s == 503).count();
    eprintln!(
        "{} requests, {} acknowledged writes, {failures} answered 503 during the restart \
         ({restart_began:?}–{restart_ended:?})",
        seen.statuses.len(),
        seen.acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_write_leaves_no_partial_rows() {
    // On the suite's backend: a SQLite file or a PostgreSQL database of this test's own.
    let db = marquee_db::testing::TestDb::migrated();
    let url = db.url_string();
    let data_dir = tempfile::tempdir().unwrap();
    let (mut server, base) = start_marqueed(&url, data_dir.path(), &[]);
    // Eight clients register accounts as fast as they can: each registration writes a user, a
    // profile, a verification token, a mail and an audit row in one transaction.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (base, acknowledged) = (base.clone(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            loop {
                let email = unique_email("killed");
                let sent = client
                    .post(format!("{base}/api/v1/auth/register"))
                    .json(&json!({ "email": email, "password": PASSWORD, "name": "Killed" }))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 201 => acknowledged.lock().await.push(email),
                    Ok(r) => panic!("registration answered {}", r.status()),
                    // The server is gone: the kill happened.
                    Err(_) => return,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for task in tasks {
        task.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    assert!(
        acknowledged.len() > 10,
        "the load ran: {}",
        acknowledged.len()
    );

    // A new server on the same database starts and serves.
    let (mut again, base) = start_marqueed(&url, data_dir.path(), &[]);
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    let _ = again.kill();
    let _ = again.wait();

    use diesel::prelude::*;
    use marquee_db::schema::{audit_log, one_time_tokens, outbox_mail, profiles, users};
    let mut c = db.conn();
    let emails: Vec<String> = users::table
        .select(users::email_normalized)
        .load(&mut c)
        .unwrap();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|e| !emails.contains(&e.to_lowercase()))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    // Every registration is whole: as many users as users with a profile, a token, a mail and
    // an audit row — a cut-off transaction would leave one without the others.
    let count = |n: i64| usize::try_from(n).unwrap();
    let users_n = emails.len();
    let with_profile = profiles::table
        .select(profiles::user_id)
        .distinct()
        .load::<i64>(&mut c)
        .unwrap()
        .len();
    let with_token = one_time_tokens::table
        .select(one_time_tokens::user_id)
        .distinct()
        .load::<i64>(&mut c)
        .unwrap()
        .len();
    let with_mail = outbox_mail::table
        .filter(outbox_mail::user_id.is_not_null())
        .select(outbox_mail::user_id)
        .distinct()
        .load::<Option<i64>>(&mut c)
        .unwrap()
        .len();
    let registered: i64 = audit_log::table
        .filter(audit_log::action.eq("user.register"))
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(
        (with_profile, with_token, with_mail, count(registered)),
        (users_n, users_n, users_n, users_n),
        "partial registrations after SIGKILL"
    );
    if let Some(path) = db.sqlite_path() {
        let check: Vec<String> = diesel::sql_query("PRAGMA integrity_check")
            .load::<IntegrityCheck>(&mut c)
            .unwrap()
            .into_iter()
            .map(|r| r.integrity_check)
            .collect();
        assert_eq!(check, ["ok"], "{}", path.display());
    }
    eprintln!(
        "{} registrations acknowledged before SIGKILL, {users_n} stored whole",
        acknowledged.len()
    );
}

#[derive(diesel::QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}
