//! A real server on an ephemeral port over a fresh database, stopped when dropped.

use std::net::SocketAddr;

use marquee_db::testing::TestDb;
use marquee_server::Server;
use marquee_server::config::Config;
use tokio::sync::oneshot;
use warp::filters::BoxedFilter;
use warp::reply::Response;

pub struct TestServer {
    pub addr: SocketAddr,
    /// The `--metrics-bind` listener, when the configuration set one.
    pub metrics_addr: Option<SocketAddr>,
    pub client: reqwest::Client,
    pub db: TestDb,
    _data_dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| None, |config| config).await
    }

    /// `extra` adds routes served through the same stack (e.g. a panicking handler);
    /// `tweak` adjusts the configuration.
    pub async fn start_with(
        extra: impl FnOnce(&marquee_server::state::AppState) -> Option<BoxedFilter<(Response,)>>,
        tweak: impl FnOnce(Config) -> Config,
    ) -> TestServer {
        let db = TestDb::empty();
        let data_dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_database(db.url().clone(), data_dir.path());
        // bcrypt's minimum cost: tests check behaviour, not hashing strength.
        config.auth.bcrypt_cost = 4;
        let config = tweak(config);
        let state = marquee_server::prepare(config).await.unwrap();
        let server = Server::bind(state.clone()).await.unwrap();
        let addr = server.addr().unwrap();
        let metrics_addr = server.metrics_addr().unwrap();
        let routes = match extra(&state) {
            Some(extra) => {
                use warp::{Filter, Reply};
                marquee_server::routes::routes(state.clone())
                    .or(extra)
                    .unify()
                    .recover(marquee_server::error::recover)
                    .map(Reply::into_response)
                    .boxed()
            }
            None => marquee_server::routes::api(state.clone()),
        };
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server.run_with(routes, async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder().no_gzip().build().unwrap();
        TestServer {
            addr,
            metrics_addr,
            client,
            db,
            _data_dir: data_dir,
            stop: Some(stop),
        }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Asserts the JSON error envelope and returns it.
pub async fn error_body(response: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response.headers().get("content-type").cloned();
    let body: serde_json::Value = response.json().await.expect("error body is JSON");
    assert_eq!(content_type.unwrap(), "application/json");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

/// A gzip body decoded (a test's check of what the server compressed).
pub fn gunzip(zipped: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(zipped), &mut plain)
        .expect("a gzip body");
    plain
}
