//! State shared by the servers of one deployment, through Redis (`REDIS_URL`, issue 10).
//!
//! Without Redis every server keeps this in memory and nothing here runs. With it:
//!
//! - **Revocations**: every write that can take access away increments the namespace's
//!   revocation epoch ([`Shared::revoked`]). Each authenticated request reads the epoch in the
//!   same round trip as its budget; a server that sees it move forgets its remembered session
//!   checks ([`crate::auth::checks`]) before answering, so a logout on one server applies to the
//!   very next request on every other.
//! - **Per-session request budget**: a fixed-window counter per session in Redis
//!   ([`Shared::charge_session`]), so the budget is one budget however many servers a client's
//!   requests land on.
//! - **Fan-out** on one pub/sub channel: a committed live-feed row wakes every server's feed
//!   reader at once (instead of its 500 ms tail), and catalogue writes drop the other servers'
//!   cached responses.
//!
//! Redis is never needed to answer: a command that fails or takes longer than
//! [`COMMAND_TIMEOUT`] marks Redis down, requests go on with the local state (local budget, the
//! session-check TTL bounding other servers' revocations), `/readyz` reports it, and a
//! background task pings until it is back. On reconnecting, a server forgets its remembered
//! checks and cached responses and re-reads the live feed: what it missed meanwhile is re-read.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use futures_util::StreamExt as _;
use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;

use crate::config::RedisConfig;
use crate::state::AppState;

/// Longest a request waits for Redis before going on without it.
pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(250);
/// How often a server checks whether Redis is back (and its subscription alive).
const PING_INTERVAL: Duration = Duration::from_millis(500);

/// What a message on the namespace's channel asks every server to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A live-feed row was committed: read the feed now.
    Live,
    /// Cached responses whose key starts with this prefix are stale.
    CachePrefix(String),
    /// The cached response under exactly this key is stale.
    CacheKey(String),
}

impl Notice {
    fn encode(&self) -> String {
        match self {
            Notice::Live => "live".to_owned(),
            Notice::CachePrefix(prefix) => format!("cache:{prefix}"),
            Notice::CacheKey(key) => format!("cache-key:{key}"),
        }
    }

    fn decode(message: &str) -> Option<Notice> {
        match message {
            "live" => Some(Notice::Live),
            _ => message
                .strip_prefix("cache:")
                .map(|p| Notice::CachePrefix(p.to_owned()))
                .or_else(|| {
                    message
                        .strip_prefix("cache-key:")
                        .map(|k| Notice::CacheKey(k.to_owned()))
                }),
        }
    }
}

/// The Redis side of a server; cheap to share.
pub struct Shared {
    namespace: String,
    client: redis::Client,
    conn: ConnectionManager,
    up: AtomicBool,
    /// The revocation epoch this server last saw (`-1`: none yet).
    epoch_seen: AtomicI64,
    /// `marquee_redis_failures_total`, once the server's metrics exist.
    failures: std::sync::OnceLock<prometheus_client::metrics::counter::Counter>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("namespace", &self.namespace)
            .field("up", &self.up)
            .finish_non_exhaustive()
    }
}

/// The outcome of charging a session's budget in Redis.
pub enum Charge {
    Allowed,
    /// Over budget: retry after this long (the end of the window).
    Refused(Duration),
}

impl Shared {
    /// Prepares the client; connects lazily, so a server starts even while Redis is down.
    pub fn new(config: &RedisConfig) -> anyhow::Result<Arc<Shared>> {
        let client = redis::Client::open(config.url.as_str())
            .map_err(|e| anyhow::anyhow!("REDIS_URL is not a usable Redis URL: {e}"))?;
        let manager_config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let conn = ConnectionManager::new_lazy_with_config(client.clone(), manager_config)
            .map_err(|e| anyhow::anyhow!("cannot prepare the Redis connection: {e}"))?;
        Ok(Arc::new(Shared {
            namespace: config.namespace.clone(),
            client,
            conn,
            up: AtomicBool::new(false),
            epoch_seen: AtomicI64::new(-1),
            failures: std::sync::OnceLock::new(),
        }))
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Acquire)
    }

    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.namespace)
    }

    fn channel(&self) -> String {
        self.key("notices")
    }

    /// Counts failed commands in `counter` from now on.
    pub fn count_failures_in(&self, counter: prometheus_client::metrics::counter::Counter) {
        let _ = self.failures.set(counter);
    }

    fn went_down(&self, what: &str, err: &dyn std::fmt::Display) {
        if let Some(failures) = self.failures.get() {
            failures.inc();
        }
        if self.up.swap(false, Ordering::AcqRel) {
            tracing::warn!(error = %err, what, "Redis unreachable: serving on local state until it is back");
        }
    }

    /// Runs `f` on the connection when Redis is up, within [`COMMAND_TIMEOUT`]; `None` (and
    /// Redis marked down) when it fails.
    pub(crate) async fn run<T, F, Fut>(&self, what: &str, f: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        if !self.is_up() {
            return None;
        }
        match tokio::time::timeout(COMMAND_TIMEOUT, f(self.conn.clone())).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(err)) => {
                self.went_down(what, &err);
                None
            }
            Err(_) => {
                self.went_down(what, &"timed out");
                None
            }
        }
    }

    /// Charges one request to `session`'s budget of `count` per `period` and reads the
    /// revocation epoch, in one round trip. Returns `None` when Redis is not available (the
    /// caller charges the local budget instead) and whether the epoch moved since last seen.
    pub async fn charge_session(
        &self,
        session: &str,
        count: u32,
        period: Duration,
    ) -> Option<(Charge, bool)> {
        let period_ms = u64::try_from(period.as_millis()).unwrap_or(u64::MAX).max(1);
        let now_ms = u64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis(),
        )
        .unwrap_or(0);
        let window = now_ms / period_ms;
        let budget_key = self.key(&format!("budget:session:{session}:{window}"));
        let epoch_key = self.key("revocations");
        let (used, epoch): (u64, Option<i64>) = self
            .run("charge a session's budget", |mut conn| async move {
                let (used, _, epoch): (u64, i64, Option<i64>) = redis::pipe()
                    .incr(&budget_key, 1)
                    .pexpire(&budget_key, i64::try_from(period_ms).unwrap_or(i64::MAX))
                    .get(&epoch_key)
                    .query_async(&mut conn)
                    .await?;
                Ok((used, epoch))
            })
            .await?;
        let epoch = epoch.unwrap_or(0);
        let moved = self.epoch_seen.swap(epoch, Ordering::AcqRel) != epoch;
        let charge = if used > u64::from(count) {
            Charge::Refused(Duration::from_millis(period_ms - now_ms % period_ms))
        } else {
            Charge::Allowed
        };
        Some((charge, moved))
    }

    /// Moves the revocation epoch on, so every server forgets its remembered session checks
    /// before its next request. Returns whether Redis took it.
    pub async fn revoked(&self) -> bool {
        let key = self.key("revocations");
        let value = self
            .run("publish a revocation", |mut conn| async move {
                conn.incr::<_, _, i64>(&key, 1).await
            })
            .await;
        if let Some(epoch) = value {
            // This server has already forgotten; do not do it twice.
            self.epoch_seen.store(epoch, Ordering::Release);
        }
        value.is_some()
    }

    /// Tells every server (this one included) about `notice`.
    pub async fn notify(&self, notice: Notice) {
        let channel = self.channel();
        let message = notice.encode();
        let _ = self
            .run("publish a notice", |mut conn| async move {
                conn.publish::<_, _, i64>(&channel, &message).await
            })
            .await;
    }

    /// Adds 1 to `field` of the hash `hash` and tells every server about `notice`, in one round
    /// trip (a pipeline): the response cache's drop of a generation and of the servers' local
    /// copies.
    pub async fn bump_and_notify(&self, hash: &str, field: &str, notice: Notice) {
        let channel = self.channel();
        let message = notice.encode();
        let _ = self
            .run("drop shared cached responses", |mut conn| async move {
                redis::pipe()
                    .hincr(hash, field, 1)
                    .ignore()
                    .publish(&channel, &message)
                    .ignore()
                    .query_async::<()>(&mut conn)
                    .await
            })
            .await;
    }

    /// One round trip, for the readiness report.
    pub async fn ping(&self) -> Result<Duration, String> {
        let started = std::time::Instant::now();
        let mut conn = self.conn.clone();
        match tokio::time::timeout(
            COMMAND_TIMEOUT,
            redis::cmd("PING").query_async::<String>(&mut conn),
        )
        .await
        {
            Ok(Ok(_)) => Ok(started.elapsed()),
            Ok(Err(err)) => Err(err.to_string()),
            Err(_) => Err("timed out".to_owned()),
        }
    }
}

/// Keeps the subscription to the namespace's channel alive, applying every notice, and marks
/// Redis up again once it answers. Runs for the life of the server.
pub fn spawn(state: AppState, shared: Arc<Shared>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match subscribe(&shared).await {
                Ok(mut messages) => {
                    if shared.ping().await.is_ok() {
                        if !shared.up.swap(true, Ordering::AcqRel) {
                            tracing::info!(namespace = %shared.namespace, "Redis connected");
                        }
                        // Whatever was published while we were away is lost: start afresh.
                        resync(&state);
                        loop {
                            tokio::select! {
                                message = messages.next() => match message {
                                    Some(message) => {
                                        if let Some(notice) = message
                                            .get_payload::<String>()
                                            .ok()
                                            .as_deref()
                                            .and_then(Notice::decode)
                                        {
                                            apply(&state, notice).await;
                                        }
                                    }
                                    None => break,
                                },
                                () = tokio::time::sleep(PING_INTERVAL) => {
                                    if let Err(err) = shared.ping().await {
                                        shared.went_down("ping", &err);
                                        break;
                                    }
                                    shared.up.store(true, Ordering::Release);
                                }
                            }
                        }
                    }
                    shared.went_down("subscription", &"connection closed");
                }
                Err(err) => shared.went_down("subscribe", &err),
            }
            tokio::time::sleep(PING_INTERVAL).await;
        }
    })
}

async fn subscribe(shared: &Shared) -> redis::RedisResult<redis::aio::PubSubStream> {
    let connect = async {
        let mut pubsub = shared.client.get_async_pubsub().await?;
        pubsub.subscribe(shared.channel()).await?;
        Ok::<_, redis::RedisError>(pubsub.into_on_message())
    };
    match tokio::time::timeout(COMMAND_TIMEOUT * 4, connect).await {
        Ok(result) => result,
        Err(_) => Err(redis::RedisError::from((
            redis::ErrorKind::Io,
            "timed out connecting",
        ))),
    }
}

/// After a gap in the subscription: forget what may have changed unseen.
fn resync(state: &AppState) {
    state.security().checks.forget_all();
    let state = state.clone();
    tokio::spawn(async move {
        state.cache().reconnected().await;
        crate::live::wake(&state).await;
    });
}

async fn apply(state: &AppState, notice: Notice) {
    match notice {
        Notice::Live => crate::live::wake(state).await,
        Notice::CachePrefix(prefix) => {
            state.cache().store().invalidate_local_prefix(&prefix).await;
        }
        Notice::CacheKey(key) => state.cache().store().invalidate_local_key(&key).await,
    }
}
