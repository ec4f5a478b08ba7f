//! The response cache of catalogue reads, and the conditional-GET reply built from it.
//!
//! Entries are finished JSON bodies with their `ETag`, keyed by route and query string, so a hit
//! costs no database work and no serialisation. The store sits behind [`CacheStore`]: in-process
//! (moka, [`MemoryStore`]) by default; with Redis ([`crate::shared`]) a [`TieredStore`] keeps
//! that in-process tier in front of one shared by every server, so what one server computed the
//! others serve.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use sha2::{Digest, Sha256};
use warp::reply::Response;

use crate::config::CatalogueConfig;
use crate::error::ApiResult;

/// A serialised response body and its strong validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedBody {
    pub body: Bytes,
    /// Quoted, as sent in `ETag`: `"<hex of the body's SHA-256, first 16 bytes>"`.
    pub etag: String,
    /// The body gzipped, made on the first request that accepts it and then reused: a cached
    /// body is compressed once, not once per response.
    gzipped: std::sync::OnceLock<Bytes>,
}

impl CachedBody {
    pub fn new(body: Vec<u8>) -> CachedBody {
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        CachedBody {
            body: Bytes::from(body),
            etag: format!("\"{hex}\""),
            gzipped: std::sync::OnceLock::new(),
        }
    }

    /// The body gzipped (compressed on first use).
    pub fn gzipped(&self) -> &Bytes {
        self.gzipped.get_or_init(|| {
            use std::io::Write as _;
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(self.body.len() / 4),
                flate2::Compression::fast(),
            );
            // Writing to a Vec cannot fail.
            match encoder
                .write_all(&self.body)
                .and_then(|()| encoder.finish())
            {
                Ok(zipped) => Bytes::from(zipped),
                Err(_) => self.body.clone(),
            }
        })
    }

    /// The response for a client that does (`takes_gzip`, see
    /// [`crate::http::request_takes_gzip`]) or does not take gzip: the gzipped body (with
    /// `Content-Encoding`, which the compression layer leaves alone) when it does and the body
    /// is worth compressing, else the plain one. JSON either way.
    pub fn respond(&self, takes_gzip: bool) -> Response {
        let gzip = takes_gzip && self.body.len() >= usize::from(crate::http::GZIP_MIN_BYTES);
        let mut response = if gzip {
            let mut r = Response::new(self.gzipped().clone().into());
            r.headers_mut().insert(
                http::header::CONTENT_ENCODING,
                http::HeaderValue::from_static("gzip"),
            );
            r
        } else {
            Response::new(self.body.clone().into())
        };
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        headers.insert(
            http::header::VARY,
            http::HeaderValue::from_static("accept-encoding"),
        );
        response
    }

    pub fn json<T: serde::Serialize>(value: &T) -> ApiResult<CachedBody> {
        let body = serde_json::to_vec(value).map_err(crate::error::ApiError::internal)?;
        Ok(CachedBody::new(body))
    }
}

pub type CacheFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where cached bodies live. Methods are async so a networked store fits behind the same
/// interface; failures of such a store should be logged and treated as misses, never surfaced.
pub trait CacheStore: Send + Sync {
    fn get<'a>(&'a self, key: &'a str) -> CacheFuture<'a, Option<Arc<CachedBody>>>;
    fn put(&self, key: String, value: Arc<CachedBody>, ttl: Duration) -> CacheFuture<'_, ()>;
    /// Drops every entry whose key starts with `prefix` (writes that change the catalogue).
    fn invalidate_prefix(&self, prefix: &str) -> CacheFuture<'_, ()>;
    /// Drops this process's copies only: another server made the change and already dropped
    /// the shared ones (its notice says which).
    fn invalidate_local_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        self.invalidate_prefix(prefix)
    }
    /// Drops the one entry stored under exactly `key` (a prefix would also take every key it
    /// begins: `movie/1` is the start of `movie/12`).
    fn invalidate_key(&self, key: &str) -> CacheFuture<'_, ()>;
    /// [`CacheStore::invalidate_key`] for this process's copy only (see
    /// [`CacheStore::invalidate_local_prefix`]).
    fn invalidate_local_key(&self, key: &str) -> CacheFuture<'_, ()> {
        self.invalidate_key(key)
    }
    /// [`CacheStore::invalidate_key`] for each of `keys` (a batch of rating writes).
    fn invalidate_keys(&self, keys: Vec<String>) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            for key in keys {
                self.invalidate_key(&key).await;
            }
        })
    }
    /// Drops every entry (a catalogue edit); with Redis, on every server.
    fn clear(&self) -> CacheFuture<'_, ()>;
    /// Like [`CacheStore::invalidate_prefix`], but the entries' bodies stay available as
    /// [`CacheStore::previous`] while their replacements are computed: for lists that rating
    /// writes outdate, whose staleness is bounded anyway ([`LIST_DROP_WINDOW`]).
    fn refresh_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        self.invalidate_prefix(prefix)
    }
    /// [`CacheStore::refresh_prefix`] for this process's copies only (another server's notice).
    fn refresh_local_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        self.refresh_prefix(prefix)
    }
    /// The body last stored under `key`, if no drop but a refresh took it and it is at most
    /// [`PREVIOUS_GRACE`] past its TTL: what a request may serve while another one computes the
    /// key afresh, instead of waiting.
    fn previous(&self, _key: &str) -> Option<Arc<CachedBody>> {
        None
    }
}

/// How long past its TTL an entry's body may still be served as [`CacheStore::previous`].
pub const PREVIOUS_GRACE: Duration = Duration::from_secs(2);

/// An entry's last body, kept for [`CacheStore::previous`].
#[derive(Clone)]
struct Previous {
    body: Arc<CachedBody>,
    /// The store's count of drops when it was stored: a later drop (not a refresh) retires it.
    drops: u64,
    until: std::time::Instant,
}

/// The in-process store: moka with a per-entry TTL and a bounded entry count.
pub struct MemoryStore {
    cache: moka::future::Cache<String, (Arc<CachedBody>, Duration)>,
    previous: moka::sync::Cache<String, Previous>,
    /// Prefix drops and clears so far: each retires every [`Previous`] stored before it.
    drops: std::sync::atomic::AtomicU64,
}

struct PerEntryTtl;

impl moka::Expiry<String, (Arc<CachedBody>, Duration)> for PerEntryTtl {
    fn expire_after_create(
        &self,
        _key: &String,
        value: &(Arc<CachedBody>, Duration),
        _created_at: std::time::Instant,
    ) -> Option<Duration> {
        Some(value.1)
    }
}

impl MemoryStore {
    pub fn new(capacity: u64) -> MemoryStore {
        let cache = moka::future::Cache::builder()
            .max_capacity(capacity)
            .expire_after(PerEntryTtl)
            .support_invalidation_closures()
            .build();
        let previous = moka::sync::Cache::builder().max_capacity(capacity).build();
        MemoryStore {
            cache,
            previous,
            drops: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn dropped(&self) {
        self.drops.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn drop_entries(&self, prefix: String) {
        if let Err(err) = self
            .cache
            .invalidate_entries_if(move |k, _| k.starts_with(&prefix))
        {
            tracing::warn!(error = %err, "cache invalidation failed; clearing the cache");
            self.cache.invalidate_all();
        }
    }
}

impl CacheStore for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> CacheFuture<'a, Option<Arc<CachedBody>>> {
        Box::pin(async move { self.cache.get(key).await.map(|(body, _)| body) })
    }

    fn put(&self, key: String, value: Arc<CachedBody>, ttl: Duration) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            let previous = Previous {
                body: value.clone(),
                drops: self.drops.load(std::sync::atomic::Ordering::SeqCst),
                until: std::time::Instant::now() + ttl + PREVIOUS_GRACE,
            };
            self.previous.insert(key.clone(), previous);
            self.cache.insert(key, (value, ttl)).await;
        })
    }

    fn invalidate_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        let prefix = prefix.to_owned();
        Box::pin(async move {
            self.dropped();
            self.drop_entries(prefix);
        })
    }

    fn invalidate_key(&self, key: &str) -> CacheFuture<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            self.previous.invalidate(&key);
            self.cache.invalidate(&key).await;
        })
    }

    fn clear(&self) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            self.dropped();
            self.previous.invalidate_all();
            self.cache.invalidate_all();
        })
    }

    fn refresh_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        let prefix = prefix.to_owned();
        Box::pin(async move { self.drop_entries(prefix) })
    }

    fn previous(&self, key: &str) -> Option<Arc<CachedBody>> {
        let drops = self.drops.load(std::sync::atomic::Ordering::SeqCst);
        self.previous
            .get(key)
            .filter(|p| p.drops == drops && std::time::Instant::now() < p.until)
            .map(|p| p.body)
    }
}

/// The in-process tier in front of Redis, shared by every server of the deployment.
///
/// A body is stored in Redis under `<ns>:cache:<global>:<group>:<key>`, where `<group>` is the
/// key's first segment (`movie`, `movies`, `facets`, `person`, `for-you`…) and `<global>` and
/// `<group>` are generations kept in one Redis hash. Dropping a prefix bumps its group's
/// generation (or the global one for a prefix spanning groups): one `HINCRBY`, after which no
/// server finds the old entries, which then expire with their TTL. A key dropped on its own (a
/// movie's detail after a rating) has a generation of its own in the same hash, under `=<key>`,
/// which is also part of the entry's name: dropping it is one `HINCRBY` that leaves the rest of
/// its group in place. Those fields stay (one per key ever dropped alone: at most one per
/// movie). A lookup reads the generations and the body in one round trip (a short Lua script),
/// and a body computed after a lookup is stored under the generations that lookup saw, so a
/// body computed from data older than a bump is never stored under the new generation. A
/// server that reconnects to Redis bumps the global generation: writes it made while Redis was
/// away could not bump theirs. A drop publishes, in the same round trip as its `HINCRBY`, the
/// notice that makes every server drop its local copies ([`crate::shared::Notice`]).
/// Redis failing is a miss, never an error ([`crate::shared::Shared`] marks it down).
pub struct TieredStore {
    local: MemoryStore,
    shared: Arc<crate::shared::Shared>,
    metrics: Arc<crate::metrics::Metrics>,
    /// The generations (global, group, key) the last shared lookup of each key saw, for its
    /// `put`.
    seen: moka::sync::Cache<String, (i64, i64, i64)>,
}

/// `{global generation, group generation, key generation, body or false, remaining ms}` for
/// `KEYS[1]` = generations hash, `ARGV` = group, entry key prefix, entry key suffix (the key).
const LOOKUP: &str = r"
local g = redis.call('HMGET', KEYS[1], '*', ARGV[1], '=' .. ARGV[3])
local global = tonumber(g[1]) or 0
local group = tonumber(g[2]) or 0
local own = tonumber(g[3]) or 0
local key = ARGV[2] .. global .. ':' .. ARGV[1] .. ':' .. group .. ':' .. own .. ':' .. ARGV[3]
local body = redis.call('GET', key)
local ttl = 0
if body then ttl = redis.call('PTTL', key) end
return {global, group, own, body, ttl}
";

/// Groups kept in each server's own tier only: search bodies come from the server's own index,
/// which syncs on its own schedule.
const LOCAL_ONLY_GROUPS: [&str; 2] = ["search", "suggest"];

fn local_only(key: &str) -> bool {
    group(key).is_some_and(|g| LOCAL_ONLY_GROUPS.contains(&g))
}

/// The generation group of a key or prefix: its first segment, or `None` when the prefix ends
/// inside the first segment (it may span several groups).
fn group(key: &str) -> Option<&str> {
    key.find(['/', '?', '#']).map(|end| &key[..end])
}

impl TieredStore {
    pub fn new(
        capacity: u64,
        shared: Arc<crate::shared::Shared>,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> TieredStore {
        TieredStore {
            local: MemoryStore::new(capacity),
            shared,
            metrics,
            seen: moka::sync::Cache::builder()
                .max_capacity(capacity.max(1024))
                .time_to_live(Duration::from_secs(60))
                .build(),
        }
    }

    fn generations_key(&self) -> String {
        self.shared.key("cache-generations")
    }

    fn entry_key(&self, global: i64, group: &str, generations: (i64, i64), key: &str) -> String {
        let (generation, own) = generations;
        format!(
            "{}{global}:{group}:{generation}:{own}:{key}",
            self.shared.key("cache:")
        )
    }

    async fn shared_get(&self, key: &str) -> Option<Arc<CachedBody>> {
        let group = group(key).unwrap_or(key);
        let hash = self.generations_key();
        let prefix = self.shared.key("cache:");
        let mut lookup = redis::cmd("EVAL");
        lookup
            .arg(LOOKUP)
            .arg(1)
            .arg(&hash)
            .arg(group)
            .arg(&prefix)
            .arg(key);
        let found: (i64, i64, i64, Option<Vec<u8>>, i64) = self
            .shared
            .run("read the shared response cache", |mut conn| async move {
                lookup.query_async(&mut conn).await
            })
            .await?;
        let (global, generation, own, body, ttl_ms) = found;
        self.seen.insert(key.to_owned(), (global, generation, own));
        let body = Arc::new(CachedBody::new(body?));
        let ttl = Duration::from_millis(u64::try_from(ttl_ms).unwrap_or(0));
        if !ttl.is_zero() {
            self.local.put(key.to_owned(), body.clone(), ttl).await;
        }
        Some(body)
    }

    /// Drops (`refresh` false) or refreshes every entry under `prefix` on every server: the
    /// group's generation moves on in Redis with the matching notice, then the local tier.
    async fn by_prefix(&self, prefix: &str, refresh: bool) {
        if !local_only(prefix) {
            let field = group(prefix).unwrap_or("*").to_owned();
            let notice = if refresh {
                crate::shared::Notice::CacheRefresh(prefix.to_owned())
            } else {
                crate::shared::Notice::CachePrefix(prefix.to_owned())
            };
            self.bump_and_notify(&field, notice).await;
        }
        if refresh {
            self.local.refresh_prefix(prefix).await;
        } else {
            self.local.invalidate_prefix(prefix).await;
        }
    }

    /// Moves a generation on (`field` is a group, `*` for all of them, or `=<key>` for one key)
    /// and publishes the notice that drops the servers' local copies, in one round trip.
    async fn bump_and_notify(&self, field: &str, notice: crate::shared::Notice) {
        self.shared
            .bump_and_notify(&self.generations_key(), field, notice)
            .await;
    }
}

impl CacheStore for TieredStore {
    fn get<'a>(&'a self, key: &'a str) -> CacheFuture<'a, Option<Arc<CachedBody>>> {
        Box::pin(async move {
            if let Some(hit) = self.local.get(key).await {
                return Some(hit);
            }
            if local_only(key) {
                return None;
            }
            let hit = self.shared_get(key).await?;
            self.metrics.shared_cache_hit();
            Some(hit)
        })
    }

    fn put(&self, key: String, value: Arc<CachedBody>, ttl: Duration) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            // Stored in Redis only under the generations a lookup of this key saw: without
            // one, this body's age relative to the last bump is unknown.
            if let Some((global, generation, own)) = self.seen.remove(&key) {
                let group = group(&key).unwrap_or(&key);
                let entry = self.entry_key(global, group, (generation, own), &key);
                let body = value.body.clone();
                let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
                let _ = self
                    .shared
                    .run("write the shared response cache", |mut conn| async move {
                        redis::cmd("SET")
                            .arg(&entry)
                            .arg(body.as_ref())
                            .arg("PX")
                            .arg(ttl_ms)
                            .query_async::<()>(&mut conn)
                            .await
                    })
                    .await;
            }
            self.local.put(key, value, ttl).await;
        })
    }

    fn invalidate_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        let prefix = prefix.to_owned();
        Box::pin(async move { self.by_prefix(&prefix, false).await })
    }

    fn invalidate_local_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        self.local.invalidate_prefix(prefix)
    }

    fn refresh_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        let prefix = prefix.to_owned();
        Box::pin(async move { self.by_prefix(&prefix, true).await })
    }

    fn refresh_local_prefix(&self, prefix: &str) -> CacheFuture<'_, ()> {
        self.local.refresh_prefix(prefix)
    }

    fn previous(&self, key: &str) -> Option<Arc<CachedBody>> {
        self.local.previous(key)
    }

    fn invalidate_key(&self, key: &str) -> CacheFuture<'_, ()> {
        self.invalidate_keys(vec![key.to_owned()])
    }

    fn invalidate_local_key(&self, key: &str) -> CacheFuture<'_, ()> {
        self.local.invalidate_key(key)
    }

    /// One round trip for all of them: each key's generation bump and its notice.
    fn invalidate_keys(&self, keys: Vec<String>) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            let drops: Vec<(String, crate::shared::Notice)> = keys
                .iter()
                .filter(|key| !local_only(key))
                .map(|key| {
                    (
                        format!("={key}"),
                        crate::shared::Notice::CacheKey(key.clone()),
                    )
                })
                .collect();
            if !drops.is_empty() {
                self.shared
                    .bump_and_notify_many(&self.generations_key(), drops)
                    .await;
            }
            for key in keys {
                self.local.invalidate_key(&key).await;
            }
        })
    }

    /// Drops everything on every server: the global generation moves on (so no server finds
    /// the shared entries) and the notice drops each server's local tier. A catalogue edit
    /// that only cleared this server's tier would find its old bodies again in Redis.
    fn clear(&self) -> CacheFuture<'_, ()> {
        Box::pin(async move {
            self.bump_and_notify("*", crate::shared::Notice::CachePrefix(String::new()))
                .await;
            self.local.clear().await;
        })
    }
}

/// How stale a list, facet or people page may be after a rating write (they show every movie's
/// aggregate): drops are throttled to one per window, leading and trailing.
pub const LIST_DROP_WINDOW: Duration = Duration::from_secs(2);

/// A leading-and-trailing throttle of the list drops that rating writes ask for.
#[derive(Debug, Default)]
pub struct ListDrops {
    state: std::sync::Mutex<ListDropState>,
}

#[derive(Debug, Default)]
struct ListDropState {
    last: Option<std::time::Instant>,
    pending: bool,
}

impl ListDrops {
    /// A write wants the lists dropped: `Some(None)` drop now; `Some(Some(d))` schedule a drop
    /// after `d` (then call [`ListDrops::fire`]); `None` one is already scheduled.
    pub fn request(&self) -> Option<Option<Duration>> {
        let mut state = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if state.pending {
            return None;
        }
        let now = std::time::Instant::now();
        match state.last.map(|last| now.duration_since(last)) {
            Some(since) if since < LIST_DROP_WINDOW => {
                state.pending = true;
                Some(Some(LIST_DROP_WINDOW - since))
            }
            _ => {
                state.last = Some(now);
                Some(None)
            }
        }
    }

    /// The scheduled drop runs now.
    pub fn fire(&self) {
        let mut state = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        state.pending = false;
        state.last = Some(std::time::Instant::now());
    }
}

/// Two TTL classes over one store: catalogue reads and facets.
/// The cache key of a movie's detail (`GET /api/v1/movies/{id}`), which rating writes drop.
pub fn movie_key(id: i64) -> String {
    format!("movie/{id}")
}

#[derive(Clone)]
pub struct ResponseCache {
    store: Arc<dyn CacheStore>,
    /// One computation per key at a time: a miss under load computes once while the other
    /// requests for that key wait for its result (no thundering herd after a drop).
    computing: moka::sync::Cache<String, Arc<tokio::sync::Mutex<()>>>,
    pub list_drops: Arc<ListDrops>,
    metrics: Arc<crate::metrics::Metrics>,
    pub ttl: Duration,
    pub facet_ttl: Duration,
}

impl ResponseCache {
    pub fn memory(
        config: &CatalogueConfig,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> ResponseCache {
        ResponseCache {
            store: Arc::new(MemoryStore::new(config.capacity)),
            computing: computing(),
            list_drops: Arc::default(),
            metrics,
            ttl: config.ttl,
            facet_ttl: config.facet_ttl,
        }
    }

    /// The in-process tier in front of Redis (`crate::shared`).
    pub fn tiered(
        config: &CatalogueConfig,
        metrics: Arc<crate::metrics::Metrics>,
        shared: Arc<crate::shared::Shared>,
    ) -> ResponseCache {
        ResponseCache {
            store: Arc::new(TieredStore::new(config.capacity, shared, metrics.clone())),
            computing: computing(),
            list_drops: Arc::default(),
            metrics,
            ttl: config.ttl,
            facet_ttl: config.facet_ttl,
        }
    }

    /// After reconnecting to Redis: what this server changed meanwhile may be stale there and
    /// in the other servers' local tiers. [`TieredStore::clear`] moves the shared generation on
    /// and drops every server's local tier.
    pub async fn reconnected(&self) {
        self.store.clear().await;
    }

    pub fn store(&self) -> &dyn CacheStore {
        self.store.as_ref()
    }

    /// The cached body under `key`, or `compute`'s (stored for `ttl` when it succeeds; errors
    /// are never cached).
    pub async fn get_or_compute<F, Fut>(
        &self,
        key: String,
        ttl: Duration,
        compute: F,
    ) -> ApiResult<Arc<CachedBody>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ApiResult<CachedBody>>,
    {
        if let Some(hit) = self.lookup(&key).await {
            return Ok(hit);
        }
        self.compute_missing(key, ttl, compute).await
    }

    /// [`ResponseCache::get_or_compute`] for the entries that rating writes refresh (movie
    /// lists, facets, people pages): when the entry's previous body is there (a refresh or its
    /// expiry took the entry), it is served at once and a background task, one per key,
    /// computes the new one. No request waits for a refreshed list.
    pub async fn get_or_refresh<F, Fut>(
        &self,
        key: String,
        ttl: Duration,
        compute: F,
    ) -> ApiResult<Arc<CachedBody>>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = ApiResult<CachedBody>> + Send + 'static,
    {
        if let Some(hit) = self.lookup(&key).await {
            return Ok(hit);
        }
        let Some(previous) = self.store.previous(&key) else {
            return self.compute_missing(key, ttl, compute).await;
        };
        let turn = self.turn(&key);
        // Already being computed (by a task or a request) when the turn is taken.
        if let Ok(turn) = turn.try_lock_owned() {
            let cache = self.clone();
            tokio::spawn(async move {
                let _turn = turn;
                if cache.store.get(&key).await.is_some() {
                    return;
                }
                cache.metrics.cache_miss();
                match compute().await {
                    Ok(fresh) => cache.store.put(key, Arc::new(fresh), ttl).await,
                    Err(err) => tracing::warn!(
                        key,
                        error = %err.message,
                        "refreshing a cached response failed; the next request tries again"
                    ),
                }
            });
        }
        Ok(self.served_previous(previous))
    }

    /// The lock one computation of `key` holds at a time.
    fn turn(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.computing
            .get_with_by_ref(key, || Arc::new(tokio::sync::Mutex::new(())))
    }

    /// Counts a previous body served (a hit, and a stale one) and returns it.
    fn served_previous(&self, previous: Arc<CachedBody>) -> Arc<CachedBody> {
        self.metrics.cache_hit();
        self.metrics.stale_cache_hit();
        previous
    }

    async fn lookup(&self, key: &str) -> Option<Arc<CachedBody>> {
        let hit = self.store.get(key).await?;
        self.metrics.cache_hit();
        Some(hit)
    }

    /// Computes a missing entry, one request per key at a time: the others wait for its body,
    /// or are served the previous one if a refresh or its expiry (not a drop) took it.
    async fn compute_missing<F, Fut>(
        &self,
        key: String,
        ttl: Duration,
        compute: F,
    ) -> ApiResult<Arc<CachedBody>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ApiResult<CachedBody>>,
    {
        let turn = self.turn(&key);
        let _turn = match turn.try_lock() {
            Ok(turn) => turn,
            Err(_) => {
                if let Some(previous) = self.store.previous(&key) {
                    return Ok(self.served_previous(previous));
                }
                turn.lock().await
            }
        };
        // Another request may have computed it while this one waited.
        if let Some(hit) = self.lookup(&key).await {
            return Ok(hit);
        }
        self.metrics.cache_miss();
        let fresh = Arc::new(compute().await?);
        self.store.put(key, fresh.clone(), ttl).await;
        Ok(fresh)
    }
}

fn computing() -> moka::sync::Cache<String, Arc<tokio::sync::Mutex<()>>> {
    moka::sync::Cache::builder()
        .max_capacity(100_000)
        .time_to_idle(Duration::from_secs(30))
        .build()
}

/// Whether an `Accept-Encoding` value takes gzip (`gzip` or `*`, not with `q=0`).
pub(crate) fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|part| {
        let mut pieces = part.split(';');
        let coding = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// `200` with the body (gzipped once and reused when the request takes gzip), `ETag` and
/// `Cache-Control: public, max-age=…`; or `304` without a body when `If-None-Match` names the
/// current ETag (or is `*`).
pub fn conditional(body: &CachedBody, if_none_match: Option<&str>, max_age: Duration) -> Response {
    let matches = if_none_match.is_some_and(|header| {
        header
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == body.etag)
    });
    let mut response = if matches {
        let mut r = Response::new(Bytes::new().into());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        body.respond(crate::http::request_takes_gzip())
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&body.etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Ok(cc) = HeaderValue::from_str(&format!("public, max-age={}", max_age.as_secs())) {
        headers.insert(header::CACHE_CONTROL, cc);
    }
    response
}
