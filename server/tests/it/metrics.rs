//! `GET /metrics` on the `--metrics-bind` listener: request counts and latency by route template
//! and status class, cache hits, rate-limit rejections, SSE clients, pool gauges; never on the API
//! address. And the request id in the error envelope.

use std::time::Duration;

use serde_json::Value;

use crate::fixtures::movie;
use crate::support::{TestServer, error_body};

async fn start() -> TestServer {
    TestServer::start_with(
        |_| None,
        |mut config| {
            config.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            config
        },
    )
    .await
}

async fn scrape(s: &TestServer) -> String {
    let addr = s.metrics_addr.expect("metrics listener");
    let response = s
        .client
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    response.text().await.unwrap()
}

/// The value of the sample whose name and labels are exactly `series`; 0 when absent.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse::<f64>().unwrap())
        })
        .unwrap_or(0.0)
}

fn http(metric: &str, route: &str, method: &str, status: &str) -> String {
    format!("marquee_{metric}{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}}")
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status_class() {
    let s = start().await;
    let id = movie("Alpha").year(1990).insert(&mut s.db.conn());
    let before = scrape(&s).await;
    let hits_before = value(&before, "marquee_response_cache_hits_total");
    let misses_before = value(&before, "marquee_response_cache_misses_total");

    for _ in 0..2 {
        let r = s
            .client
            .get(s.url(&format!("/api/v1/movies/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let missing = s
        .client
        .get(s.url("/api/v1/movies/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let unknown = s.client.get(s.url("/no/such/route")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    let health = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let text = scrape(&s).await;
    let detail = "/api/v1/movies/{id}";
    assert_eq!(
        value(&text, &http("http_requests_total", detail, "GET", "2xx")),
        2.0,
        "{text}"
    );
    assert_eq!(
        value(&text, &http("http_requests_total", detail, "GET", "4xx")),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            &http("http_requests_total", "/healthz", "GET", "2xx")
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            &http("http_requests_total", "unmatched", "GET", "4xx")
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            &http("http_request_duration_seconds_count", detail, "GET", "2xx")
        ),
        2.0
    );
    let inf = format!(
        "marquee_http_request_duration_seconds_bucket{{le=\"+Inf\",route=\"{detail}\",method=\"GET\",status=\"2xx\"}}"
    );
    assert_eq!(value(&text, &inf), 2.0, "{text}");
    assert!(
        value(
            &text,
            &http("http_request_duration_seconds_sum", detail, "GET", "2xx")
        ) > 0.0
    );
    // Raw paths never become labels.
    assert!(!text.contains(&format!("/api/v1/movies/{id}\"")), "{text}");
    assert!(!text.contains("/no/such/route"), "{text}");
    assert!(!text.contains("999999"), "{text}");

    // The second read of the movie was a hit; the first and the missing movie were misses.
    assert_eq!(
        value(&text, "marquee_response_cache_hits_total") - hits_before,
        1.0
    );
    assert_eq!(
        value(&text, "marquee_response_cache_misses_total") - misses_before,
        2.0
    );

    let max = value(&text, "marquee_db_pool_max_connections");
    assert!(max >= 1.0, "{text}");
    let idle = value(&text, "marquee_db_pool_connections{state=\"idle\"}");
    let in_use = value(&text, "marquee_db_pool_connections{state=\"in_use\"}");
    assert!(idle + in_use >= 1.0 && idle + in_use <= max, "{text}");
    assert!(text.ends_with("# EOF\n"));
}

/// Handler writes on SQLite go through the group commit, which counts its batches; PostgreSQL
/// writers do not queue, so the counters stay at zero there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_write_batches_are_counted() {
    let s = start().await;
    let before = scrape(&s).await;
    let batches_before = value(&before, "marquee_db_write_batches_total");
    let writes_before = value(&before, "marquee_db_writes_batched_total");
    // Registration and login are three writes (account, profile, audit; the session).
    crate::accounts::new_user(&s, "batched").await;
    let text = scrape(&s).await;
    let batches = value(&text, "marquee_db_write_batches_total") - batches_before;
    let writes = value(&text, "marquee_db_writes_batched_total") - writes_before;
    match s.db.backend() {
        marquee_db::Backend::Sqlite => {
            assert!(
                writes >= 2.0 && batches >= 1.0 && batches <= writes,
                "{text}"
            );
        }
        marquee_db::Backend::Postgres => assert_eq!((batches, writes), (0.0, 0.0), "{text}"),
    }
}

#[tokio::test]
async fn metrics_are_not_served_on_the_api_address() {
    let s = start().await;
    let response = s
        .client
        .get(s.url("/metrics"))
        .header("x-request-id", "probe-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "probe-42");
    let body = error_body(response, 404, "not_found").await;
    assert_eq!(body["error"]["request_id"], "probe-42");

    // Without --metrics-bind there is no metrics listener at all.
    let plain = TestServer::start().await;
    assert!(plain.metrics_addr.is_none());
    let response = plain
        .client
        .get(plain.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn error_envelopes_carry_the_generated_request_id() {
    let s = TestServer::start().await;
    let response = s
        .client
        .get(s.url("/api/v1/movies/999999"))
        .send()
        .await
        .unwrap();
    let header = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!header.is_empty());
    let body: Value = error_body(response, 404, "not_found").await;
    assert_eq!(body["error"]["request_id"], header.as_str());
}

#[tokio::test]
async fn rate_limit_rejections_are_counted() {
    let s = TestServer::start_with(
        |_| None,
        |mut config| {
            config.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            config.auth.api_per_addr = marquee_server::config::Budget {
                count: 2,
                period: Duration::from_secs(3600),
            };
            config
        },
    )
    .await;
    let mut refused = 0;
    for _ in 0..4 {
        let r = s.client.get(s.url("/api/v1/genres")).send().await.unwrap();
        if r.status() == 429 {
            refused += 1;
        }
    }
    assert!(refused >= 1);
    let text = scrape(&s).await;
    assert_eq!(
        value(&text, "marquee_rate_limited_total{limit=\"address\"}"),
        f64::from(refused),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            &http("http_requests_total", "/api/v1/genres", "GET", "4xx")
        ),
        f64::from(refused)
    );
}

#[tokio::test]
async fn connected_sse_clients_are_a_gauge() {
    let s = TestServer::start_with(
        |_| None,
        |mut config| {
            config.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            // The server notices a closed stream when it next writes: a heartbeat at the latest.
            config.sports.heartbeat = Duration::from_secs(1);
            config
        },
    )
    .await;
    let gauge = "marquee_sse_clients";
    assert_eq!(value(&scrape(&s).await, gauge), 0.0);
    let stream = s
        .client
        .get(s.url("/api/v1/sports/live/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(value(&scrape(&s).await, gauge), 1.0);
    drop(stream);
    let mut now = f64::NAN;
    for _ in 0..100 {
        now = value(&scrape(&s).await, gauge);
        if now == 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(now, 0.0);
}

/// Every documented path gets its own template as label (matchit accepted them all, none
/// shadows another), and `/media/…` one label for all files.
#[test]
fn every_documented_route_is_its_own_label() {
    let metrics = marquee_server::metrics::Metrics::default();
    let mut count = 0;
    for template in marquee_server::openapi::paths() {
        let concrete: Vec<String> = template
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "7".to_owned()
                } else {
                    segment.to_owned()
                }
            })
            .collect();
        assert_eq!(metrics.route_label(&concrete.join("/")), template);
        count += 1;
    }
    assert!(count > 50, "{count} documented paths");
    assert_eq!(
        metrics.route_label("/media/12/720p/a.mp4"),
        "/media/{*path}"
    );
    assert_eq!(metrics.route_label("/api/v1/nope"), "unmatched");
}

/// Job runs are counted by job and outcome with their time and last success; Redis shows as
/// down when it is not configured.
#[tokio::test]
async fn job_runs_and_redis_state_are_exported() {
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |mut config| {
            config.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            config
        },
    )
    .await;
    let state = captured.unwrap();
    let before = scrape(&s).await;
    let runs = "marquee_job_runs_total{job=\"trending\",outcome=\"ok\"}";
    let last = "marquee_job_last_success_timestamp_seconds{job=\"trending\"}";
    assert_eq!(value(&before, "marquee_redis_up"), 0.0);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as f64;
    marquee_server::jobs::trending::refresh(&state)
        .await
        .unwrap();
    marquee_server::jobs::trending::refresh(&state)
        .await
        .unwrap();
    let after = scrape(&s).await;
    // The server's own loop may run it meanwhile too.
    assert!(value(&after, runs) - value(&before, runs) >= 2.0, "{after}");
    assert!(value(&after, last) >= started, "{after}");
    assert!(
        value(&after, "marquee_job_run_seconds_total{job=\"trending\"}") > 0.0,
        "{after}"
    );
    assert_eq!(
        value(
            &after,
            "marquee_job_runs_total{job=\"trending\",outcome=\"failed\"}"
        ),
        0.0
    );
}

/// Every metric `deploy/grafana-marquee.json` queries is one the server exports (so the
/// dashboard does not go stale when a metric is renamed).
#[tokio::test]
async fn the_grafana_dashboard_queries_only_exported_metrics() {
    // A budget of 2 so a rate-limited request appears too: labelled families are exported
    // from their first use, so a job is run here rather than waiting for the server's loop.
    let mut captured = None;
    let s = TestServer::start_with(
        |state| {
            captured = Some(state.clone());
            None
        },
        |mut config| {
            config.metrics_bind = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            config.auth.api_per_addr = marquee_server::config::Budget {
                count: 2,
                period: Duration::from_secs(3600),
            };
            config
        },
    )
    .await;
    for _ in 0..3 {
        let _ = s.client.get(s.url("/api/v1/genres")).send().await.unwrap();
    }
    marquee_server::jobs::trending::refresh(&captured.unwrap())
        .await
        .unwrap();
    let text = scrape(&s).await;
    let exported: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("# TYPE "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/grafana-marquee.json"
    );
    let dashboard: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut queried = std::collections::BTreeSet::new();
    for panel in dashboard["panels"].as_array().unwrap() {
        for target in panel["targets"].as_array().unwrap() {
            let expr = target["expr"].as_str().unwrap();
            let mut rest = expr;
            while let Some(at) = rest.find("marquee_") {
                let name: String = rest[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                rest = &rest[at + name.len()..];
                queried.insert(name);
            }
        }
    }
    assert!(queried.len() >= 10, "{queried:?}");
    for name in &queried {
        // A family `marquee_x` exports `marquee_x_total` (counters) and `marquee_x_bucket`
        // (histograms).
        let family = name
            .strip_suffix("_total")
            .or_else(|| name.strip_suffix("_bucket"))
            .unwrap_or(name);
        assert!(
            exported.contains(family),
            "the dashboard queries {name}, which /metrics does not export: {exported:?}"
        );
    }
}
