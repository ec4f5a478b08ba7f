//! `marqueed` as a library: configuration, the warp routes, the serving stack and the glue to
//! the database. The binary (`main.rs`) only parses flags and calls [`run`].
//!
//! Layering: `routes` (filters: path, method, extraction) → `handlers` (decisions; return
//! `ApiResult`) → `marquee_db` (queries) through [`state::AppState::db`], never on the executor.

pub mod admin;
pub mod analytics;
pub mod auth;
pub mod cache;
pub mod config;
pub mod error;
pub mod handlers;
pub mod http;
pub mod jobs;
pub mod live;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod rules;
pub mod search;
pub mod shared;
pub mod state;
pub mod telemetry;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::{AppState, run_blocking};

/// Opens the pool, applies migrations (unless disabled) and builds the state.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    let pool = marquee_db::pool::build_pool(&config.database, &config.pool);
    if config.migrate {
        let pool = pool.clone();
        let applied = run_blocking(move || {
            let mut conn = pool.get()?;
            marquee_db::migrate::run_pending(&mut conn)
                .map_err(|e| crate::error::ApiError::internal(format!("migration failed: {e}")))
        })
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
        .with_context(|| format!("cannot prepare database {}", config.database))?;
        if applied.is_empty() {
            tracing::info!("database schema is up to date");
        } else {
            tracing::info!(count = applied.len(), versions = ?applied, "applied migrations");
        }
    }
    // Reads or creates the JWT secret file and computes the dummy bcrypt hash: blocking work.
    let security = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || auth::Security::new(&config))
            .await
            .context("security setup panicked")??
    };
    let shared = config
        .redis
        .as_ref()
        .map(crate::shared::Shared::new)
        .transpose()?;
    AppState::new(config, pool, security, shared).context("cannot start the writer thread")
}

/// A bound, ready-to-run server; `addr()` is known before `run` (tests bind port 0).
pub struct Server {
    listener: TcpListener,
    /// `--metrics-bind`: `/metrics` only, apart from the API.
    metrics_listener: Option<TcpListener>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    state: AppState,
}

impl Server {
    pub async fn bind(state: AppState) -> anyhow::Result<Server> {
        let bind = state.config().bind;
        let listener = TcpListener::bind(bind).await.with_context(|| {
            format!("cannot listen on {bind} (is another server using it? pass --bind ADDR)")
        })?;
        // Read the certificate now so a bad file stops the start, not the first request.
        let tls = match &state.config().tls {
            Some((cert, key)) => Some(http::tls_acceptor(cert, key)?),
            None => None,
        };
        let metrics_listener = match state.config().metrics_bind {
            Some(addr) => Some(TcpListener::bind(addr).await.with_context(|| {
                format!(
                    "cannot listen on {addr} for metrics (is another process using it? pass --metrics-bind ADDR)"
                )
            })?),
            None => None,
        };
        Ok(Server {
            listener,
            metrics_listener,
            tls,
            state,
        })
    }

    pub fn addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The metrics listener's address, when `--metrics-bind` is set.
    pub fn metrics_addr(&self) -> anyhow::Result<Option<SocketAddr>> {
        Ok(match &self.metrics_listener {
            Some(listener) => Some(listener.local_addr()?),
            None => None,
        })
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves the API until `shutdown` resolves, then drains.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let routes = routes::api(self.state.clone());
        self.run_with(routes, shutdown).await;
    }

    /// Serves the given routes (the API plus extras, in tests) through the same stack.
    pub async fn run_with(
        self,
        routes: warp::filters::BoxedFilter<(warp::reply::Response,)>,
        shutdown: impl Future<Output = ()> + Send,
    ) {
        let grace = self.state.config().shutdown_grace;
        let mailer = tokio::spawn(auth::mailer::run(self.state.clone()));
        let jobs = jobs::spawn(self.state.clone());
        let search = search::spawn(self.state.clone());
        let tail = live::spawn_tail(self.state.clone());
        let checkpoints = state::checkpoint::spawn(self.state.clone());
        let shared = self
            .state
            .shared()
            .map(|shared| shared::spawn(self.state.clone(), shared.clone()));
        // Plain HTTP even with --tls-*: the metrics address is meant for a private network.
        let metrics = self.metrics_listener.map(|listener| {
            tokio::spawn(http::serve(
                listener,
                metrics::routes(self.state.clone()),
                None,
                None,
                std::future::pending(),
                Duration::ZERO,
                http::ServeOptions::default(),
            ))
        });
        http::serve(
            self.listener,
            routes,
            self.tls,
            Some(self.state.metrics().clone()),
            shutdown,
            grace,
            http::ServeOptions {
                trusted_proxies: Arc::from(self.state.config().trusted_proxies.clone()),
                max_concurrent: self.state.config().max_concurrent_requests,
            },
        )
        .await;
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        mailer.abort();
        jobs.abort();
        search.abort();
        tail.abort();
        if let Some(checkpoints) = checkpoints {
            checkpoints.abort();
        }
        if let Some(shared) = shared {
            shared.abort();
        }
    }
}
