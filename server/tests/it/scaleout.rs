//! Several real `marqueed` processes on one database and one Redis (issue 10): what one server
//! does, the others honour at once. Each test uses its own database (the suite's backend) and
//! its own Redis namespace, so tests share the machine's Redis without seeing each other; the
//! test that stops Redis starts its own `redis-server` on a free port.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marquee_db::testing::TestDb;
use serde_json::{Value, json};

use crate::accounts::{JWT_SECRET, PASSWORD, unique_email};

const BIN: &str = env!("CARGO_BIN_EXE_marqueed");
const SHARED_REDIS: &str = "redis://127.0.0.1:6379";

/// One `marqueed` process; killed on drop.
struct Node {
    child: Child,
    base: String,
    _data_dir: tempfile::TempDir,
}

impl Node {
    fn start(db: &TestDb, redis_url: &str, namespace: &str, extra: &[&str]) -> Node {
        let data_dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(BIN);
        cmd.args(["--bind", "127.0.0.1:0", "--log-format", "json"])
            .args(["--log-filter", "info"])
            .arg("--data-dir")
            .arg(data_dir.path())
            .args(["--database-url", &db.url_string()])
            .args(["--redis-url", redis_url, "--redis-namespace", namespace])
            .args(["--bcrypt-cost", "4"])
            .args(extra)
            .env("MARQUEE_JWT_SECRET", JWT_SECRET)
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn marqueed");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
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
        // Keep draining the log so the pipe never fills.
        std::thread::spawn(move || while lines.recv().is_ok() {});
        Node {
            child,
            base: format!("http://{addr}"),
            _data_dir: data_dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str, bearer: &str) -> reqwest::Response {
        client()
            .get(self.url(path))
            .header("authorization", bearer)
            .send()
            .await
            .unwrap()
    }

    async fn send(&self, method: &str, path: &str, bearer: &str, body: Value) -> reqwest::Response {
        client()
            .request(method.parse().unwrap(), self.url(path))
            .header("authorization", bearer)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `/readyz`'s Redis check, once Redis's state is what `ok` says (within `within`).
    async fn redis_check_becomes(&self, ok: bool, within: Duration) -> Value {
        let deadline = Instant::now() + within;
        loop {
            let body: Value = client()
                .get(self.url("/readyz"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if body["checks"]["redis"]["ok"] == ok || Instant::now() > deadline {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_gzip().build().unwrap()
}

fn namespace() -> String {
    format!("test-{}", uuid::Uuid::new_v4().simple())
}

/// Two servers on one fresh database and one Redis namespace, both connected to Redis.
async fn pair(redis_url: &str, extra: &[&str]) -> (TestDb, Node, Node) {
    let db = TestDb::migrated();
    let ns = namespace();
    let a = Node::start(&db, redis_url, &ns, extra);
    let b = Node::start(&db, redis_url, &ns, extra);
    for node in [&a, &b] {
        let ready = node
            .redis_check_becomes(true, Duration::from_secs(10))
            .await;
        assert_eq!(ready["checks"]["redis"]["ok"], true, "{ready}");
    }
    (db, a, b)
}

/// Registers on `node` and logs in there: the bearer header and the pair's JSON.
async fn account(node: &Node) -> (String, String) {
    let email = unique_email("node");
    let r = client()
        .post(node.url("/api/v1/auth/register"))
        .json(&json!({ "email": email, "password": PASSWORD, "name": "Node User" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let pair: Value = client()
        .post(node.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", pair["access_token"].as_str().unwrap());
    (email, bearer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_on_one_server_makes_the_token_fail_on_the_other_at_once() {
    let (_db, a, b) = pair(SHARED_REDIS, &[]).await;
    let (_, bearer) = account(&a).await;
    // B checks the session once and remembers it.
    assert_eq!(b.get("/api/v1/me", &bearer).await.status(), 200);
    assert_eq!(b.get("/api/v1/me", &bearer).await.status(), 200);
    let r = a
        .send("POST", "/api/v1/auth/logout", &bearer, json!({}))
        .await;
    assert_eq!(r.status(), 204);
    // The very next request on B, without waiting for any window.
    assert_eq!(b.get("/api/v1/me", &bearer).await.status(), 401);
    assert_eq!(a.get("/api/v1/me", &bearer).await.status(), 401);
}

/// A logout answers once every server has confirmed it forgot its remembered checks: with B
/// frozen (SIGSTOP, its Redis subscription still open), A waits for B's acknowledgement until
/// the 1 s bound, then answers; with B running, at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_waits_for_the_other_servers_acknowledgement() {
    let (_db, a, b) = pair(SHARED_REDIS, &[]).await;
    let signal = |sig: &str| {
        let status = Command::new("kill")
            .args([sig, &b.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    let logout = |bearer: String| {
        let url = a.url("/api/v1/auth/logout");
        async move {
            let started = Instant::now();
            let r = client()
                .post(url)
                .header("authorization", bearer)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 204);
            started.elapsed()
        }
    };
    let (_, running) = account(&a).await;
    let (_, frozen) = account(&a).await;
    let took_running = logout(running).await;
    signal("-STOP");
    let took_frozen = logout(frozen.clone()).await;
    signal("-CONT");
    assert!(
        took_running < Duration::from_millis(500),
        "with both servers running the logout took {took_running:?}"
    );
    assert!(
        took_frozen >= Duration::from_millis(900) && took_frozen < Duration::from_secs(5),
        "with B frozen the logout took {took_frozen:?}"
    );
    // B, thawed, applies the notice it missed: the token fails there too.
    let deadline = Instant::now() + Duration::from_secs(5);
    while b.get("/api/v1/me", &frozen).await.status() != 401 {
        assert!(Instant::now() < deadline, "B still accepts the token");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_session_budget_is_one_budget_across_servers() {
    let (_db, a, b) = pair(SHARED_REDIS, &["--api-rate-per-token", "10"]).await;
    let (_, bearer) = account(&a).await;
    for i in 0..10 {
        let node = if i % 2 == 0 { &a } else { &b };
        assert_eq!(
            node.get("/api/v1/me", &bearer).await.status(),
            200,
            "request {i}"
        );
    }
    // Each server alone has seen only five: the eleventh is refused wherever it lands.
    for node in [&a, &b] {
        let r = node.get("/api/v1/me", &bearer).await;
        assert_eq!(r.status(), 429);
        assert!(r.headers().contains_key("retry-after"));
    }
}

/// A larger budget is charged in slices each server reserves in Redis (not a round trip per
/// request): the slices never add up to more than the budget, and a client whose requests keep
/// coming to both servers uses every request of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slices_of_a_larger_budget_add_up_to_exactly_the_budget_across_servers() {
    let (_db, a, b) = pair(SHARED_REDIS, &["--api-rate-per-token", "300"]).await;
    let (_, bearer) = account(&a).await;
    let mut allowed = [0u32; 2];
    let mut first_refused = None;
    let mut last = [0u16; 2];
    for i in 0..400u32 {
        // Uneven runs on each server, so the slices they hold differ.
        let side = usize::from(i % 7 < 3);
        let node = [&a, &b][side];
        let status = node.get("/api/v1/me", &bearer).await.status().as_u16();
        match status {
            200 => allowed[side] += 1,
            429 => {
                first_refused.get_or_insert(i);
            }
            other => panic!("request {i}: status {other}"),
        }
        last[side] = status;
    }
    // Every slice reserved was used: together exactly the budget, however it was split.
    assert_eq!(
        allowed[0] + allowed[1],
        300,
        "allowed per server {allowed:?}"
    );
    assert!(allowed.iter().all(|&n| n > 100), "{allowed:?}");
    assert_eq!(last, [429, 429]);
    // The first refusal came when one server had used its slices while the other still held
    // some: at most a sixteenth of the budget before the end.
    let first = first_refused.unwrap();
    assert!(first >= 300 - 300 / 16, "first refused at request {first}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_score_update_on_one_server_reaches_a_stream_on_the_other() {
    let (db, a, b) = pair(SHARED_REDIS, &[]).await;
    let (email, bearer) = account(&a).await;
    {
        use diesel::prelude::*;
        use marquee_db::schema::users;
        diesel::update(users::table.filter(users::email_normalized.eq(email.to_lowercase())))
            .set(users::role.eq("admin"))
            .execute(&mut db.conn())
            .unwrap();
    }
    let m = {
        let mut c = db.conn();
        crate::sports::live_match_on(&mut c)
    };
    let mut stream = crate::sports::Sse::open_at(&b.url("/api/v1/sports/live/stream"), None).await;
    let sent = Instant::now();
    let r = a
        .send(
            "PATCH",
            &format!("/api/v1/admin/sports/matches/{m}"),
            &bearer,
            json!({ "status": "live", "home_score": 2, "away_score": 1 }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let event = stream.event().await;
    let took = sent.elapsed();
    assert_eq!(event.event.as_deref(), Some("score"), "{event:?}");
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["match_id"], m, "{data}");
    assert_eq!(data["home_score"], 2, "{data}");
    eprintln!("score update on A reached the stream on B after {took:?}");
}

/// The title and rating count in a movie's detail as `node` serves it.
async fn detail(node: &Node, id: i64) -> (String, i64) {
    let body: Value = client()
        .get(node.url(&format!("/api/v1/movies/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        body["title"].as_str().unwrap_or_default().to_owned(),
        body["rating"]["count"].as_i64().unwrap_or(-1),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_one_server_computed_is_served_by_the_other_until_a_write_drops_it() {
    use diesel::prelude::*;
    use marquee_db::schema::movies;
    let (db, a, b) = pair(SHARED_REDIS, &[]).await;
    let id = crate::fixtures::movie("Shared Title")
        .year(1999)
        .insert(&mut db.conn());
    let neighbour = crate::fixtures::movie("Neighbour").insert(&mut db.conn());
    assert_eq!(detail(&a, id).await.0, "Shared Title");
    assert_eq!(detail(&a, neighbour).await.0, "Neighbour");
    // Changed behind the servers' backs: a server that computes the detail now sees the new
    // title, one that serves the shared cached body the old one.
    for movie in [id, neighbour] {
        diesel::update(movies::table.find(movie))
            .set(movies::title.eq("Changed In The Database"))
            .execute(&mut db.conn())
            .unwrap();
    }
    assert_eq!(
        detail(&b, id).await.0,
        "Shared Title",
        "B serves what A computed"
    );
    // A rating on A drops the detail everywhere: B's next read is computed afresh.
    let (_, bearer) = account(&a).await;
    let profiles: Value = a
        .get("/api/v1/profiles", &bearer)
        .await
        .json()
        .await
        .unwrap();
    let pid = profiles[0]["id"].as_i64().unwrap();
    let r = a
        .send(
            "PUT",
            &format!("/api/v1/profiles/{pid}/ratings/{id}"),
            &bearer,
            json!({ "rating": 4.5 }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let seen = detail(&b, id).await;
        if seen == ("Changed In The Database".to_owned(), 1) {
            break;
        }
        assert!(Instant::now() < deadline, "B still serves {seen:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // And A serves the same.
    assert_eq!(
        detail(&a, id).await,
        ("Changed In The Database".to_owned(), 1)
    );
    // Only that movie's detail was dropped: B, which never computed the other movie's, still
    // gets the body A stored in Redis before the rating.
    assert_eq!(detail(&b, neighbour).await.0, "Neighbour");
}

/// A `redis-server` of this test's own on a free port, so stopping it harms nothing else.
struct OwnRedis {
    child: Option<Child>,
    port: u16,
}

impl OwnRedis {
    fn start() -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = OwnRedis { child: None, port };
        redis.resume();
        redis
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn resume(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (apt-get install redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_servers_keep_serving_without_redis_and_recover_when_it_returns() {
    let mut redis = OwnRedis::start();
    let (_db, a, b) = pair(&redis.url(), &[]).await;
    let (_, bearer) = account(&a).await;
    assert_eq!(b.get("/api/v1/me", &bearer).await.status(), 200);

    redis.kill();
    for node in [&a, &b] {
        let ready = node
            .redis_check_becomes(false, Duration::from_secs(10))
            .await;
        assert_eq!(ready["checks"]["redis"]["ok"], false, "{ready}");
        // Degraded, not down: the server stays ready and answers from its own state.
        assert_eq!(ready["status"], "ready", "{ready}");
    }
    let started = Instant::now();
    for node in [&a, &b] {
        assert_eq!(node.get("/api/v1/me", &bearer).await.status(), 200);
        assert_eq!(node.get("/api/v1/movies", "").await.status(), 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "requests waited for the missing Redis: {:?}",
        started.elapsed()
    );

    redis.resume();
    for node in [&a, &b] {
        let ready = node
            .redis_check_becomes(true, Duration::from_secs(15))
            .await;
        assert_eq!(ready["checks"]["redis"]["ok"], true, "{ready}");
    }
    // Shared again: a logout on A applies on B at once.
    let (_, second) = account(&a).await;
    assert_eq!(b.get("/api/v1/me", &second).await.status(), 200);
    let r = a
        .send("POST", "/api/v1/auth/logout", &second, json!({}))
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(b.get("/api/v1/me", &second).await.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_job_runs_once_per_round_not_once_per_server() {
    let (db, _a, _b) = pair(SHARED_REDIS, &["--cleanup-interval-secs", "1"]).await;
    tokio::time::sleep(Duration::from_millis(4500)).await;
    let runs = {
        let mut c = db.conn();
        marquee_db::queries::jobs::recent(&mut c, "cleanup", 100).unwrap()
    };
    let mut done: Vec<_> = runs
        .iter()
        .filter(|r| r.status == "succeeded")
        .map(|r| (r.started_at.unwrap(), r.finished_at.unwrap()))
        .collect();
    done.sort();
    // Two servers polling every 250 ms, rounds every second: 4 or 5 rounds in 4.5 s, never a
    // round run twice (which would give twice as many, in pairs close together).
    assert!(
        (3..=6).contains(&done.len()),
        "{} runs in 4.5 s: {runs:?}",
        done.len()
    );
    for pair in done.windows(2) {
        let gap = pair[1].0 - pair[0].1;
        assert!(
            gap >= chrono::TimeDelta::milliseconds(900),
            "a round started {gap:?} after the previous one finished: {runs:?}"
        );
    }
    let holders: std::collections::BTreeSet<_> =
        runs.iter().filter_map(|r| r.locked_by.clone()).collect();
    eprintln!("cleanup rounds: {}, run by {holders:?}", done.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_edit_on_one_server_shows_on_both_at_once() {
    use diesel::prelude::*;
    use marquee_db::schema::users;
    let (db, a, b) = pair(SHARED_REDIS, &[]).await;
    let id = crate::fixtures::movie("Before The Edit").insert(&mut db.conn());
    let (email, bearer) = account(&a).await;
    diesel::update(users::table.filter(users::email_normalized.eq(email.to_lowercase())))
        .set(users::role.eq("admin"))
        .execute(&mut db.conn())
        .unwrap();
    // Both servers hold the detail: A computed it (and stored it in Redis), B read it there.
    assert_eq!(detail(&a, id).await.0, "Before The Edit");
    assert_eq!(detail(&b, id).await.0, "Before The Edit");
    let r = a
        .send(
            "PATCH",
            &format!("/api/v1/admin/movies/{id}"),
            &bearer,
            json!({ "title": "After The Edit" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    // The server that made the edit serves it at once, and the other as soon as the drop's
    // notice reaches it.
    assert_eq!(detail(&a, id).await.0, "After The Edit");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let seen = detail(&b, id).await.0;
        if seen == "After The Edit" {
            break;
        }
        assert!(Instant::now() < deadline, "B still serves {seen:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
