//! State shared by the servers of one deployment, through Redis (`REDIS_URL`, issue 10).
//!
//! Without Redis every server keeps this in memory and nothing here runs. With it:
//!
//! - **Revocations**: every write that can take access away publishes a revocation notice
//!   ([`Shared::revoked`]). Each server forgets its remembered session checks
//!   ([`crate::auth::checks`]) when the notice arrives and acknowledges it; the writer waits for
//!   every subscribed server's acknowledgement (at most [`ACK_WAIT`]) before it answers, so a
//!   logout on one server applies to the very next request on every other, and no request
//!   pays a Redis round trip to learn about revocations.
//! - **Per-session request budget**: one counter per session and window in Redis, from which
//!   each server reserves a slice ([`Shared::charge_session`]): a slice of up to
//!   1/[`LEASE_FRACTION`] of what is left (never more than [`LEASE_MAX`]), so a busy session
//!   costs one round trip per slice instead of one per request, and as the budget runs low the
//!   slices shrink to one request each. The servers together never allow more than the
//!   budget; a session that moves between servers can be refused up to the slices the others
//!   still hold (a few percent of the budget; nothing for budgets under 2×`LEASE_FRACTION`).
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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
/// Longest a revoking request waits for the other servers to confirm they applied it; one
/// that has not by then applies it within its session-check TTL at the latest.
pub const ACK_WAIT: Duration = Duration::from_secs(1);
/// A server reserves at most this fraction of a session's remaining budget at a time...
pub const LEASE_FRACTION: u64 = 16;
/// ...and at most this many requests.
pub const LEASE_MAX: u64 = 64;

/// What a message on the namespace's channel asks every server to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A live-feed row was committed: read the feed now.
    Live,
    /// Cached responses whose key starts with this prefix are stale.
    CachePrefix(String),
    /// The cached response under exactly this key is stale.
    CacheKey(String),
    /// Cached responses whose key starts with this prefix are to be recomputed; their bodies
    /// may be served meanwhile (`CacheStore::refresh_prefix`).
    CacheRefresh(String),
    /// Something that gave access was taken away: forget the remembered session checks, then
    /// acknowledge under this id.
    Revoked(String),
}

impl Notice {
    fn encode(&self) -> String {
        match self {
            Notice::Live => "live".to_owned(),
            Notice::CachePrefix(prefix) => format!("cache:{prefix}"),
            Notice::CacheKey(key) => format!("cache-key:{key}"),
            Notice::CacheRefresh(prefix) => format!("cache-refresh:{prefix}"),
            Notice::Revoked(id) => format!("revoked:{id}"),
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
                })
                .or_else(|| {
                    message
                        .strip_prefix("cache-refresh:")
                        .map(|p| Notice::CacheRefresh(p.to_owned()))
                })
                .or_else(|| {
                    message
                        .strip_prefix("revoked:")
                        .map(|id| Notice::Revoked(id.to_owned()))
                }),
        }
    }
}

/// The Redis side of a server; cheap to share.
pub struct Shared {
    namespace: String,
    client: redis::Client,
    conn: ConnectionManager,
    thread: RedisThread,
    up: AtomicBool,
    /// The slices of session budgets this server holds, by session and window.
    leases: moka::sync::Cache<(String, u64), Arc<Lease>>,
    /// Names this server's revocations (with the process id and a random start, unique across
    /// servers and restarts).
    revocations: AtomicU64,
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

/// What one server holds of one session's budget in one window.
#[derive(Debug, Default)]
struct Lease {
    /// Requests reserved in Redis and not used yet.
    left: AtomicU64,
    /// The window's shared count after this server's last reservation.
    seen: AtomicU64,
    /// The shared count has reached the budget: refuse without asking until the window ends.
    spent: AtomicBool,
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
            thread: RedisThread::start()?,
            up: AtomicBool::new(false),
            // An entry outlives its window by at most a period; the key holds the window.
            leases: moka::sync::Cache::builder()
                .max_capacity(200_000)
                .time_to_idle(Duration::from_secs(3600))
                .build(),
            revocations: AtomicU64::new(rand::random::<u32>().into()),
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
    ///
    /// The command runs on the Redis thread's runtime ([`RedisThread`]): the connection's
    /// reader and writer are never queued behind the requests of a busy server, so a round
    /// trip costs the caller one wake-up, not three.
    pub(crate) async fn run<T, F, Fut>(&self, what: &str, f: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>> + Send + 'static,
        T: Send + 'static,
    {
        if !self.is_up() {
            return None;
        }
        match self.on_thread(f(self.conn.clone())).await {
            Ok(value) => Some(value),
            Err(err) => {
                self.went_down(what, &err);
                None
            }
        }
    }

    /// Runs `command` on the Redis thread within [`COMMAND_TIMEOUT`], whether or not Redis is
    /// marked up, and without marking it down: [`Shared::run`] and [`Shared::ping`] decide what
    /// an error means.
    async fn on_thread<T, Fut>(&self, command: Fut) -> Result<T, String>
    where
        Fut: std::future::Future<Output = redis::RedisResult<T>> + Send + 'static,
        T: Send + 'static,
    {
        let mut task = self.thread.handle.spawn(command);
        match tokio::time::timeout(COMMAND_TIMEOUT, &mut task).await {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(err))) => Err(err.to_string()),
            Ok(Err(err)) => Err(err.to_string()),
            Err(_) => {
                task.abort();
                Err("timed out".to_owned())
            }
        }
    }

    /// Charges one request to `session`'s budget of `count` per `period`: from this server's
    /// slice when it holds one, else by reserving the next slice in Redis. Returns `None` when
    /// Redis is not available (the caller charges the local budget instead).
    pub async fn charge_session(
        &self,
        session: &str,
        count: u32,
        period: Duration,
    ) -> Option<Charge> {
        let period_ms = u64::try_from(period.as_millis()).unwrap_or(u64::MAX).max(1);
        let now_ms = u64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis(),
        )
        .unwrap_or(0);
        let window = now_ms / period_ms;
        let refused = || Charge::Refused(Duration::from_millis(period_ms - now_ms % period_ms));
        if !self.is_up() {
            return None;
        }
        let lease = self
            .leases
            .get_with((session.to_owned(), window), Default::default);
        if lease.spent.load(Ordering::Acquire) {
            return Some(refused());
        }
        if lease
            .left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(1)
            })
            .is_ok()
        {
            return Some(Charge::Allowed);
        }
        let count = u64::from(count);
        let chunk = lease_size(count, lease.seen.load(Ordering::Acquire));
        let budget_key = self.key(&format!("budget:session:{session}:{window}"));
        let total: u64 = self
            .run("reserve a session's budget", |mut conn| async move {
                let (total, _): (u64, i64) = redis::pipe()
                    .incr(&budget_key, chunk)
                    .pexpire(&budget_key, i64::try_from(period_ms).unwrap_or(i64::MAX))
                    .query_async(&mut conn)
                    .await?;
                Ok(total)
            })
            .await?;
        lease.seen.fetch_max(total, Ordering::AcqRel);
        // What the others had reserved before this slice, and what is left of the budget for it.
        let granted = chunk.min(count.saturating_sub(total - chunk.min(total)));
        if granted == 0 {
            lease.spent.store(true, Ordering::Release);
            return Some(refused());
        }
        lease.left.fetch_add(granted - 1, Ordering::AcqRel);
        Some(Charge::Allowed)
    }

    /// Tells every server that access was taken away and waits (at most [`ACK_WAIT`]) until
    /// each one subscribed has forgotten its remembered session checks. Returns whether all
    /// confirmed.
    pub async fn revoked(&self) -> bool {
        let id = format!(
            "{}-{}",
            std::process::id(),
            self.revocations.fetch_add(1, Ordering::AcqRel)
        );
        let channel = self.channel();
        let message = Notice::Revoked(id.clone()).encode();
        let Some(servers) = self
            .run("publish a revocation", |mut conn| async move {
                conn.publish::<_, _, u64>(&channel, &message).await
            })
            .await
        else {
            return false;
        };
        let acks_key = self.key(&format!("revoked:{id}"));
        let deadline = tokio::time::Instant::now() + ACK_WAIT;
        loop {
            let key = acks_key.clone();
            let Some(acked) = self
                .run(
                    "wait for a revocation's acknowledgements",
                    |mut conn| async move { conn.get::<_, Option<u64>>(&key).await },
                )
                .await
            else {
                return false;
            };
            let acked = acked.unwrap_or(0);
            if acked >= servers {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(
                    acknowledged = acked,
                    servers,
                    "not every server confirmed a revocation in time: a server that missed it applies it within its session-check TTL"
                );
                return false;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// Confirms that this server applied revocation `id`.
    async fn acknowledge(&self, id: &str) {
        let key = self.key(&format!("revoked:{id}"));
        let _ = self
            .run("acknowledge a revocation", |mut conn| async move {
                redis::pipe()
                    .incr(&key, 1)
                    .ignore()
                    .expire(&key, 60)
                    .ignore()
                    .query_async::<()>(&mut conn)
                    .await
            })
            .await;
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
        self.bump_and_notify_many(hash, vec![(field.to_owned(), notice)])
            .await;
    }

    /// [`Shared::bump_and_notify`] for several fields of `hash`, in one round trip.
    pub async fn bump_and_notify_many(&self, hash: &str, drops: Vec<(String, Notice)>) {
        let channel = self.channel();
        let mut pipe = redis::pipe();
        for (field, notice) in drops {
            pipe.hincr(hash, field, 1)
                .ignore()
                .publish(&channel, notice.encode())
                .ignore();
        }
        let _ = self
            .run("drop shared cached responses", |mut conn| async move {
                pipe.query_async::<()>(&mut conn).await
            })
            .await;
    }

    /// Runs `future` to completion on the calling thread, which must not be a runtime's (the
    /// rating batcher's): Redis commands in it go through the Redis thread as usual.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.thread.handle.block_on(future)
    }

    /// One round trip, for the readiness report.
    pub async fn ping(&self) -> Result<Duration, String> {
        let started = std::time::Instant::now();
        let mut conn = self.conn.clone();
        self.on_thread(async move { redis::cmd("PING").query_async::<String>(&mut conn).await })
            .await
            .map(|_| started.elapsed())
    }
}

/// A thread of its own (`marquee-redis`) with a single-threaded runtime that drives the Redis
/// connection. On the server's runtime, under load, the connection's tasks waited in the run
/// queue behind hundreds of requests at each step (command written, reply read, caller woken):
/// a pipelined round trip took ~20 ms at 512 connections. It ends when the `Shared` is dropped.
struct RedisThread {
    handle: tokio::runtime::Handle,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl RedisThread {
    fn start() -> anyhow::Result<RedisThread> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| anyhow::anyhow!("cannot start the Redis runtime: {e}"))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("marquee-redis".to_owned())
            .spawn(move || {
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })
            .map_err(|e| anyhow::anyhow!("cannot start the Redis thread: {e}"))?;
        Ok(RedisThread {
            handle,
            _stop: stop,
        })
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
        Notice::CacheRefresh(prefix) => {
            state.cache().store().refresh_local_prefix(&prefix).await;
        }
        Notice::Revoked(id) => {
            state.security().checks.forget_all();
            if let Some(shared) = state.shared() {
                shared.acknowledge(&id).await;
            }
        }
    }
}

/// How many requests to reserve for a session whose window count was last seen at `seen`:
/// 1/[`LEASE_FRACTION`] of what is left, between 1 and [`LEASE_MAX`].
fn lease_size(count: u64, seen: u64) -> u64 {
    (count.saturating_sub(seen) / LEASE_FRACTION).clamp(1, LEASE_MAX)
}
