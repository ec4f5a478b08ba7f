//! Liveness, readiness and compression.

use std::time::Duration;

use crate::support::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_readyz_on_a_migrated_database() {
    let s = TestServer::start().await;
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let r = s.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(
        body["checks"]["database"]["detail"],
        s.db.backend().to_string()
    );
    assert!(
        body["checks"]["migrations"]["detail"]
            .as_str()
            .unwrap()
            .ends_with(" 0 pending")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_while_migrations_are_pending() {
    let s = TestServer::start_with(
        |_| None,
        |mut c| {
            c.migrate = false;
            c
        },
    )
    .await;
    let r = s.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["checks"]["database"]["ok"], true);
    assert_eq!(body["checks"]["migrations"]["ok"], false, "{body}");
    // Liveness does not depend on the database.
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_when_the_database_is_unreachable() {
    let s = TestServer::start_with(
        |_| None,
        |mut c| {
            // Nothing listens on port 1; connections are refused at once.
            c.database =
                marquee_db::DatabaseUrl::parse("postgres://postgres@127.0.0.1:1/none").unwrap();
            c.migrate = false;
            c.pool.connection_timeout = std::time::Duration::from_millis(300);
            c
        },
    )
    .await;
    let r = s.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["checks"]["database"]["ok"], false, "{body}");
    let text = body.to_string();
    assert!(
        !text.contains("127.0.0.1:1"),
        "no connection details leak: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_responses_are_gzipped_when_accepted_and_small_ones_never() {
    use warp::Filter;
    let s = TestServer::start_with(
        |_| {
            let big = warp::path!("test" / "big")
                .map(|| warp::reply::json(&vec!["a movie title"; 400]))
                .map(warp::Reply::into_response);
            Some(big.boxed())
        },
        |c| c,
    )
    .await;
    let r = s
        .client
        .get(s.url("/test/big"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("content-encoding").unwrap(), "gzip");
    let compressed = r.bytes().await.unwrap();
    assert!(compressed.len() < 1024, "{} bytes", compressed.len());

    let r = s.client.get(s.url("/test/big")).send().await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert!(r.bytes().await.unwrap().len() > 4000);

    let r = s
        .client
        .get(s.url("/healthz"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers().get("content-encoding").is_none(),
        "small bodies stay plain"
    );
}

/// `--db-statement-timeout-ms` on PostgreSQL: a statement running past it is cancelled and the
/// request gets a 503 `database_timeout` (never a 500). SQLite has no statement timeout (its
/// `busy_timeout` bounds lock waits); there the pooled connection runs the statement unchanged.
#[test]
fn a_statement_past_the_timeout_is_cancelled_and_answers_503() {
    use diesel::RunQueryDsl as _;
    let db = marquee_db::testing::TestDb::empty();
    let pool = marquee_db::pool::build_pool(
        db.url(),
        &marquee_db::PoolConfig {
            max_size: 1,
            statement_timeout: Some(Duration::from_millis(200)),
            ..marquee_db::PoolConfig::default()
        },
    );
    let mut conn = pool.get().unwrap();
    match &mut **conn {
        marquee_db::DbConn::Postgresql(pg) => {
            let started = std::time::Instant::now();
            let err = diesel::sql_query("SELECT pg_sleep(3)")
                .execute(pg)
                .unwrap_err();
            assert!(started.elapsed() < Duration::from_secs(2), "{err}");
            let api = marquee_server::error::ApiError::from(err);
            assert_eq!(api.status, 503, "{}", api.message);
            assert_eq!(api.code, "database_timeout");
            // The connection is still usable afterwards.
            diesel::sql_query("SELECT 1").execute(pg).unwrap();
        }
        marquee_db::DbConn::Sqlite(sqlite) => {
            diesel::sql_query("SELECT 1").execute(sqlite).unwrap();
        }
    }
}

/// `--max-concurrent-requests`: with two requests being handled, a third waits (parked, not
/// refused) until one of them finishes, then is answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_concurrency_limit_wait_for_a_free_slot() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use warp::Filter;

    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let entered = Arc::new(AtomicUsize::new(0));
    let (route_gate, route_entered) = (gate.clone(), entered.clone());
    let s = TestServer::start_with(
        move |_| {
            let held = warp::path!("test" / "held").and(warp::get()).then(move || {
                let (gate, entered) = (route_gate.clone(), route_entered.clone());
                async move {
                    entered.fetch_add(1, Ordering::SeqCst);
                    gate.acquire().await.unwrap().forget();
                    warp::reply::Reply::into_response("released")
                }
            });
            Some(held.boxed())
        },
        |mut c| {
            c.max_concurrent_requests = Some(2);
            c.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            c
        },
    )
    .await;

    let held: Vec<_> = (0..2)
        .map(|_| tokio::spawn(s.client.get(s.url("/test/held")).send()))
        .collect();
    for _ in 0..500 {
        if entered.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        entered.load(Ordering::SeqCst),
        2,
        "both held requests are being handled"
    );

    let third = tokio::spawn(s.client.get(s.url("/api/v1/movies")).send());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !third.is_finished(),
        "a third request waits while two are handled"
    );
    // The probes never wait: a busy server is not a dead one to its load balancer.
    for probe in ["/healthz", "/readyz"] {
        let r = tokio::time::timeout(Duration::from_secs(5), s.client.get(s.url(probe)).send())
            .await
            .unwrap_or_else(|_| panic!("{probe} waited for a slot"))
            .unwrap();
        assert_eq!(r.status(), 200, "{probe}");
    }
    let metrics = s
        .client
        .get(format!("http://{}/metrics", s.metrics_addr.unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l == "marquee_http_requests_waiting 1"),
        "one request is counted as waiting:\n{metrics}"
    );

    gate.add_permits(1);
    let answered = tokio::time::timeout(Duration::from_secs(10), third)
        .await
        .expect("the third request is answered once a slot frees")
        .unwrap()
        .unwrap();
    assert_eq!(answered.status(), 200);

    gate.add_permits(1);
    for request in held {
        let r = request.await.unwrap().unwrap();
        assert_eq!(r.text().await.unwrap(), "released");
    }
}
