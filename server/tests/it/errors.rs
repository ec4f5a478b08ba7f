//! Every failure, including warp's own rejections and panics, is the JSON error envelope.

use serde::Deserialize;
use warp::Filter;

use crate::support::{TestServer, error_body};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Signup {
    email: String,
    age: u32,
}

/// Test-only routes served through the real stack: a JSON endpoint and a panicking handler.
async fn server() -> TestServer {
    TestServer::start_with(
        |state| {
            let limit = state.config().body_limit;
            let echo = warp::path!("test" / "echo")
                .and(warp::post())
                .and(marquee_server::routes::json_body::<Signup>(limit))
                .map(|s: Signup| warp::reply::json(&s.email))
                .map(warp::Reply::into_response);
            let panics = warp::path!("test" / "panic")
                .and(warp::get())
                .map(|| -> warp::reply::Response { panic!("secret internal detail 42") });
            Some(echo.or(panics).unify().boxed())
        },
        |mut config| {
            config.body_limit = 64;
            config
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_route_is_404_envelope() {
    let s = server().await;
    let r = s.client.get(s.url("/api/v1/nope")).send().await.unwrap();
    error_body(r, 404, "not_found").await;
    // Also for a method no route uses: an unknown path must not look like a 405.
    let r = s
        .client
        .delete(s.url("/no/such/thing"))
        .send()
        .await
        .unwrap();
    error_body(r, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_method_is_405_envelope() {
    let s = server().await;
    let r = s.client.post(s.url("/healthz")).send().await.unwrap();
    error_body(r, 405, "method_not_allowed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_400_naming_the_problem() {
    let s = server().await;
    let r = s
        .client
        .post(s.url("/test/echo"))
        .header("content-type", "application/json")
        .body("{\"email\": \"a@b.c\", ")
        .send()
        .await
        .unwrap();
    let body = error_body(r, 400, "invalid_json").await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains("EOF"),
        "{body}"
    );

    let r = s
        .client
        .post(s.url("/test/echo"))
        .header("content-type", "application/json")
        .body("{\"email\": \"a@b.c\"}")
        .send()
        .await
        .unwrap();
    let body = error_body(r, 400, "invalid_json").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("missing field `age`"),
        "{body}"
    );

    // The happy path works, so the failures above are about the body, not the route.
    let r = s
        .client
        .post(s.url("/test/echo"))
        .header("content-type", "application/json")
        .body("{\"email\": \"a@b.c\", \"age\": 3}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_over_limit_is_413() {
    let s = server().await;
    let big = format!("{{\"email\": \"{}\", \"age\": 1}}", "x".repeat(100));
    let r = s
        .client
        .post(s.url("/test/echo"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    error_body(r, 413, "payload_too_large").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_content_type_is_415() {
    let s = server().await;
    let r = s
        .client
        .post(s.url("/test/echo"))
        .header("content-type", "text/plain")
        .body("{\"email\": \"a@b.c\", \"age\": 3}")
        .send()
        .await
        .unwrap();
    error_body(r, 415, "unsupported_media_type").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panicking_handler_is_500_without_internals() {
    let s = server().await;
    let r = s.client.get(s.url("/test/panic")).send().await.unwrap();
    let request_id = r.headers().get("x-request-id").cloned();
    let mut body = error_body(r, 500, "internal_error").await;
    // The envelope names the request id too (a UUID, which may contain "42" by chance).
    let quoted = body["error"]
        .as_object_mut()
        .and_then(|e| e.remove("request_id"));
    assert!(request_id.is_some(), "500s carry a request id to quote");
    assert_eq!(
        quoted.as_ref().and_then(|v| v.as_str()),
        request_id.as_ref().and_then(|v| v.to_str().ok())
    );
    let text = body.to_string();
    assert!(!text.contains("secret"), "{text}");
    assert!(!text.contains("42"), "{text}");
    assert!(!text.contains("panic"), "{text}");
    // The server survives and keeps serving.
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_are_generated_or_propagated() {
    let s = server().await;
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    let id = r
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let r = s
        .client
        .get(s.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("x-request-id").unwrap(), "trace-me-123");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_exhaustion_is_a_fast_503_not_a_hang() {
    use std::time::{Duration, Instant};
    let s = TestServer::start_with(
        |state| {
            let hold = {
                let state = state.clone();
                warp::path!("test" / "hold").then(move || {
                    let state = state.clone();
                    async move {
                        state
                            .db(|_conn| {
                                std::thread::sleep(Duration::from_millis(1500));
                                Ok(warp::reply())
                            })
                            .await
                    }
                })
            };
            let quick = {
                let state = state.clone();
                warp::path!("test" / "quick").then(move || {
                    let state = state.clone();
                    async move { state.db(|_conn| Ok(warp::reply())).await }
                })
            };
            Some(
                hold.or(quick)
                    .unify()
                    .map(marquee_server::error::respond)
                    .boxed(),
            )
        },
        |mut config| {
            config.pool.max_size = 1;
            config.pool.connection_timeout = Duration::from_millis(200);
            config
        },
    )
    .await;
    let holder = tokio::spawn(s.client.get(s.url("/test/hold")).send());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let r = s.client.get(s.url("/test/quick")).send().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.headers().get("retry-after").unwrap(), "1");
    error_body(r, 503, "database_unavailable").await;
    assert_eq!(holder.await.unwrap().unwrap().status(), 200);
    // Once the connection is back, requests succeed again.
    let r = s.client.get(s.url("/test/quick")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
