//! Shared application state, injected into routes by [`with_state`].

use std::convert::Infallible;
use std::sync::Arc;

use marquee_db::{DbConn, DbPool};
use warp::Filter;

use crate::auth::Security;
use crate::cache::ResponseCache;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::jobs::recommend::Recommender;
use crate::jobs::trending::Rankings;

pub mod checkpoint;
mod group_commit;
pub mod rating_batch;
pub use group_commit::WriteQueue;
pub use rating_batch::RatingBatcher;

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    pool: DbPool,
    security: Security,
    /// Catalogue response cache and precomputed rankings (issue 5).
    cache: ResponseCache,
    rankings: Rankings,
    /// The trained recommender and cached For You rows (issue 7).
    recommender: Recommender,
    /// The full-text search index and its sync state (issue 6).
    search: Arc<crate::search::SearchService>,
    /// The live sports feed (issue 9).
    sports: crate::live::Sports,
    /// Prometheus metrics (issue 10).
    metrics: Arc<crate::metrics::Metrics>,
    /// Redis, when the deployment shares state between servers (issue 10).
    shared: Option<Arc<crate::shared::Shared>>,
    /// The running experiment and the analytics job (issue 11).
    experiments: crate::analytics::Experiments,
    analytics_job: crate::jobs::analytics::AnalyticsJob,
    /// On SQLite, the writers of [`AppState::write`] queue here and commit in groups, instead
    /// of each waiting in SQLite's busy handler, whose sleeps (1 ms growing to 100 ms) set the
    /// tail of every write under contention. `None` on PostgreSQL, whose writers lock rows.
    write_queue: Option<WriteQueue>,
    /// On PostgreSQL, rating writes queue here and run in batches, one statement and one
    /// commit each. `None` on SQLite, whose group commit batches every write.
    rating_batcher: Option<RatingBatcher>,
}

/// The rating batcher's [`crate::state::rating_batch::AfterCommit`]: drops the rated movies'
/// cached details, blocking its thread until done (with Redis, through the Redis thread; else
/// on the server's runtime, or on a runtime of its own outside one).
fn drop_details(
    cache: ResponseCache,
    shared: Option<Arc<crate::shared::Shared>>,
) -> crate::state::rating_batch::AfterCommit {
    let runtime = tokio::runtime::Handle::try_current().ok();
    Box::new(move |movies: Vec<i64>| {
        let keys = movies.into_iter().map(crate::cache::movie_key).collect();
        let drop = cache.store().invalidate_keys(keys);
        match (&shared, &runtime) {
            (Some(shared), _) => shared.block_on(drop),
            (None, Some(runtime)) => runtime.block_on(drop),
            (None, None) => match tokio::runtime::Builder::new_current_thread().build() {
                Ok(runtime) => runtime.block_on(drop),
                Err(err) => {
                    tracing::warn!(error = %err, "cannot drop the rated movies' cached details")
                }
            },
        }
    })
}

impl AppState {
    pub fn new(
        config: Config,
        pool: DbPool,
        security: Security,
        shared: Option<Arc<crate::shared::Shared>>,
    ) -> std::io::Result<Self> {
        let metrics = Arc::new(crate::metrics::Metrics::default());
        if let Some(shared) = &shared {
            shared.count_failures_in(metrics.redis_failures());
        }
        let cache = match &shared {
            Some(shared) => {
                ResponseCache::tiered(&config.catalogue, metrics.clone(), shared.clone())
            }
            None => ResponseCache::memory(&config.catalogue, metrics.clone()),
        };
        let data_dir = config.data_dir.clone();
        let (batches, writes) = metrics.write_batches();
        let (write_queue, rating_batcher) = match config.database {
            marquee_db::DatabaseUrl::Sqlite(_) => {
                (Some(WriteQueue::new(pool.clone(), batches, writes)?), None)
            }
            _ => (
                None,
                Some(RatingBatcher::new(
                    pool.clone(),
                    batches,
                    writes,
                    drop_details(cache.clone(), shared.clone()),
                )?),
            ),
        };
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                pool,
                security,
                cache,
                rankings: Rankings::default(),
                recommender: Recommender::default(),
                search: Arc::new(crate::search::SearchService::open(&data_dir)),
                sports: crate::live::Sports::new(Arc::new(crate::live::LocalFeed::new())),
                metrics,
                shared,
                experiments: crate::analytics::Experiments::default(),
                analytics_job: crate::jobs::analytics::AnalyticsJob::default(),
                write_queue,
                rating_batcher,
            }),
        })
    }

    /// Redis shared with the other servers, when configured (see [`crate::shared`]).
    pub fn shared(&self) -> Option<&Arc<crate::shared::Shared>> {
        self.inner.shared.as_ref()
    }

    /// Keys, rate limiters and the bcrypt gate (see [`crate::auth`]).
    pub fn security(&self) -> &Security {
        &self.inner.security
    }

    pub fn cache(&self) -> &ResponseCache {
        &self.inner.cache
    }

    pub fn rankings(&self) -> &Rankings {
        &self.inner.rankings
    }

    pub fn recommender(&self) -> &Recommender {
        &self.inner.recommender
    }

    /// The search index (see [`crate::search`]).
    pub fn search(&self) -> &Arc<crate::search::SearchService> {
        &self.inner.search
    }

    /// The live sports feed (see [`crate::live`]).
    pub fn sports(&self) -> &crate::live::Sports {
        &self.inner.sports
    }

    /// Request, cache, rate-limit, SSE, search and pool metrics (see [`crate::metrics`]).
    pub fn metrics(&self) -> &Arc<crate::metrics::Metrics> {
        &self.inner.metrics
    }

    /// The running experiment, as this server last read it (see [`crate::analytics`]).
    pub fn experiments(&self) -> &crate::analytics::Experiments {
        &self.inner.experiments
    }

    /// Retention cleanup and the stats snapshot (see [`crate::jobs::analytics`]).
    pub fn analytics_job(&self) -> &crate::jobs::analytics::AnalyticsJob {
        &self.inner.analytics_job
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn pool(&self) -> &DbPool {
        &self.inner.pool
    }

    /// Runs Diesel work on a blocking thread with a pooled connection. See [`run_blocking`].
    pub async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.inner.pool.clone();
        run_blocking(move || {
            let mut conn = pool.get()?;
            let result = f(&mut conn);
            // A failure may be the connection's: only a success spares its next checkout the
            // check (PostgreSQL; see `marquee_db::pool::Conn::vouch`).
            if result.is_ok() {
                conn.vouch();
            }
            result
        })
        .await
    }

    /// [`AppState::db`] for a read of a few indexed queries (a movie page, a list page) that a
    /// request makes when its cached response was dropped: on SQLite it runs at once on the
    /// calling async worker with an idle pooled connection (WAL readers never wait for a lock),
    /// and on a blocking thread only when none is idle. A request resumed from another thread
    /// waits through the async workers' whole run queue again.
    pub async fn db_small<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        // The write queue exists on SQLite only.
        if self.inner.write_queue.is_some()
            && let Some(mut conn) = self.inner.pool.try_get()
        {
            return f(&mut conn);
        }
        self.db(f).await
    }

    /// Runs `f` in a [`marquee_db::write_transaction`] on a blocking thread. On SQLite the
    /// request first waits, without a thread or a connection, for its turn in this server's
    /// [`WriteQueue`], and commits together with the writes queued beside it; other processes
    /// on the same file still meet SQLite's busy handler.
    pub async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        match &self.inner.write_queue {
            Some(queue) => queue.write(f).await,
            None => {
                self.db(move |conn| marquee_db::write_transaction(conn, f))
                    .await
            }
        }
    }

    /// PostgreSQL's rating batcher (`None` on SQLite).
    pub fn rating_batcher(&self) -> Option<&RatingBatcher> {
        self.inner.rating_batcher.as_ref()
    }

    /// [`AppState::write`] for a write of a few row-level statements (a rating, a watchlist
    /// entry), which on SQLite may run at once on the calling async worker instead of waiting
    /// for the writer thread's answer: see [`WriteQueue::write_small`].
    pub async fn write_small<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        match &self.inner.write_queue {
            Some(queue) => queue.write_small(f).await,
            None => self.write(f).await,
        }
    }
}

/// Moves blocking work (Diesel, bcrypt) off the async executor. The caller's tracing span is
/// entered on the blocking thread so logs keep their request id; a panic is re-raised on the
/// calling task so the panic layer turns it into a logged 500, as if it had happened inline.
pub async fn run_blocking<T, F>(f: F) -> ApiResult<T>
where
    F: FnOnce() -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    match tokio::task::spawn_blocking(move || span.in_scope(f)).await {
        Ok(result) => result,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => Err(ApiError::internal(format!(
            "blocking task cancelled: {err}"
        ))),
    }
}

pub fn with_state(
    state: AppState,
) -> impl Filter<Extract = (AppState,), Error = Infallible> + Clone {
    warp::any().map(move || state.clone())
}
