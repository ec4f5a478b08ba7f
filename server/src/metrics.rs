//! Prometheus metrics (`GET /metrics` on the `--metrics-bind` listener only).
//!
//! Requests are counted and timed by route *template* (`/api/v1/movies/{id}`), method and status
//! class. The template comes from the OpenAPI document's paths, put into a `matchit` router at
//! start: a lookup borrows the request path and allocates nothing, and an unknown path is
//! `unmatched`, so label cardinality is bounded by the API itself. Each (template, method, status
//! class) owns a slot whose counter and histogram are created on first use (one lock, once);
//! after that a request costs a few atomic increments.
//!
//! prometheus-client's own `Histogram` takes a lock per observation, so request latency uses
//! [`Latency`], fixed buckets of atomics encoded through prometheus-client's histogram encoder.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http::{Method, StatusCode};
use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, MetricEncoder, NoLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::{MetricType, TypedMetric};
use prometheus_client::registry::Registry;

/// Routes served outside the OpenAPI document's paths (warp's file serving under `/media/`).
const EXTRA_TEMPLATES: &[&str] = &["/media/{*path}"];
/// The label of a path no route template matches (404s, probes).
const UNMATCHED: &str = "unmatched";
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other",
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// Upper bounds of the latency buckets, in microseconds (0.5 ms … 10 s).
const BOUNDS_MICROS: [u64; 14] = [
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
    2_500_000, 5_000_000, 10_000_000,
];

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct HttpLabels {
    route: String,
    method: &'static str,
    status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct JobLabels {
    job: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct JobNameLabels {
    job: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// Which per-process budget refused a request.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// The general per-address budget on `/api/`.
    Address,
    /// The per-session request budget.
    Session,
    /// Login attempts per address.
    Login,
}

impl Limit {
    fn label(self) -> &'static str {
        match self {
            Limit::Address => "address",
            Limit::Session => "session",
            Limit::Login => "login",
        }
    }
}

/// A latency histogram of atomics (per-bucket counts, total count, sum in microseconds).
#[derive(Debug, Clone, Default)]
pub struct Latency(Arc<LatencyInner>);

#[derive(Debug, Default)]
struct LatencyInner {
    /// Non-cumulative: `buckets[i]` counts observations in `(BOUNDS[i-1], BOUNDS[i]]`; the last
    /// slot is above every bound (`+Inf`).
    buckets: [AtomicU64; BOUNDS_MICROS.len() + 1],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Latency {
    pub fn observe(&self, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        let slot = BOUNDS_MICROS.partition_point(|&bound| bound < micros);
        let inner = &self.0;
        if let Some(bucket) = inner.buckets.get(slot) {
            bucket.fetch_add(1, Ordering::Relaxed);
        }
        inner.count.fetch_add(1, Ordering::Relaxed);
        inner.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

impl TypedMetric for Latency {
    const TYPE: MetricType = MetricType::Histogram;
}

impl EncodeMetric for Latency {
    fn encode(&self, mut encoder: MetricEncoder) -> Result<(), std::fmt::Error> {
        let inner = &self.0;
        let mut buckets = [(0.0, 0); BOUNDS_MICROS.len() + 1];
        for (i, (slot, counter)) in buckets.iter_mut().zip(&inner.buckets).enumerate() {
            let bound = BOUNDS_MICROS
                .get(i)
                .map_or(f64::INFINITY, |&micros| micros as f64 / 1e6);
            *slot = (bound, counter.load(Ordering::Relaxed));
        }
        // The count is the buckets' sum, so `_count` and `le="+Inf"` always agree in a scrape.
        let count = buckets.iter().map(|(_, n)| n).sum();
        let sum = inner.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        encoder.encode_histogram::<NoLabelSet>(sum, count, &buckets, None)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Histogram
    }
}

/// One (route template, method, status class) series pair.
struct Series {
    requests: Counter,
    latency: Latency,
}

/// Where a request's measurements go, resolved from its method and path before it runs.
#[derive(Debug, Clone, Copy)]
pub struct RouteSlot {
    template: usize,
    method: usize,
}

/// Every metric of one server. Shared through [`crate::state::AppState::metrics`].
pub struct Metrics {
    registry: Registry,
    router: matchit::Router<usize>,
    /// Route labels by template index; the last one is [`UNMATCHED`].
    templates: Vec<String>,
    /// `templates × METHODS × CLASSES` slots, filled on first use.
    series: Vec<OnceLock<Series>>,
    requests: Family<HttpLabels, Counter>,
    latency: Family<HttpLabels, Latency>,
    cache_hits: Counter,
    cache_misses: Counter,
    rate_limited: Family<LimitLabels, Counter>,
    sse_clients: Gauge,
    search_in_flight: Gauge,
    requests_waiting: Gauge,
    db_pool: Family<PoolLabels, Gauge>,
    db_pool_max: Gauge,
    job_runs: Family<JobLabels, Counter>,
    job_seconds: Family<JobNameLabels, Counter<f64>>,
    job_last_success: Family<JobNameLabels, Gauge>,
    shared_cache_hits: Counter,
    stale_cache_hits: Counter,
    redis_up: Gauge,
    redis_failures: Counter,
    write_batches: Counter,
    writes_batched: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("templates", &self.templates.len())
            .finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new(crate::openapi::paths().chain(EXTRA_TEMPLATES.iter().map(|t| (*t).to_owned())))
    }
}

impl Metrics {
    /// Metrics whose request labels are the given route templates (`{param}` segments).
    pub fn new(templates: impl IntoIterator<Item = String>) -> Metrics {
        let mut router = matchit::Router::new();
        let mut labels = Vec::new();
        for template in templates {
            // Parameter names differ between routes sharing a prefix (`{id}` / `{profile_id}`),
            // which matchit refuses; the name plays no part in matching.
            let pattern = anonymise(&template);
            match router.insert(pattern, labels.len()) {
                Ok(()) => labels.push(template),
                Err(err) => {
                    tracing::warn!(%template, error = %err, "route template left out of metrics");
                }
            }
        }
        labels.push(UNMATCHED.to_owned());
        let slots = labels.len() * METHODS.len() * CLASSES.len();

        let mut registry = Registry::with_prefix("marquee");
        let requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route template, method and status class",
            requests.clone(),
        );
        let latency = Family::<HttpLabels, Latency>::default();
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by route template, method and status class",
            latency.clone(),
        );
        let cache_hits = Counter::default();
        registry.register(
            "response_cache_hits",
            "Catalogue response cache hits",
            cache_hits.clone(),
        );
        let cache_misses = Counter::default();
        registry.register(
            "response_cache_misses",
            "Catalogue response cache misses (computed and stored)",
            cache_misses.clone(),
        );
        let rate_limited = Family::<LimitLabels, Counter>::default();
        registry.register(
            "rate_limited",
            "Requests refused with 429 by a per-process budget (address, session, login)",
            rate_limited.clone(),
        );
        let sse_clients = Gauge::default();
        registry.register(
            "sse_clients",
            "Connected live sports (SSE) clients",
            sse_clients.clone(),
        );
        let search_in_flight = Gauge::default();
        registry.register(
            "search_queries_in_flight",
            "Search and suggest queries running or queued for a slot",
            search_in_flight.clone(),
        );
        let requests_waiting = Gauge::default();
        registry.register(
            "http_requests_waiting",
            "Requests waiting for an admission slot (--max-concurrent-requests): above zero, the limit binds",
            requests_waiting.clone(),
        );
        let db_pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database pool connections by state (idle, in_use), read at scrape time",
            db_pool.clone(),
        );
        let db_pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The database pool's maximum size",
            db_pool_max.clone(),
        );
        let job_runs = Family::<JobLabels, Counter>::default();
        registry.register(
            "job_runs",
            "Background job runs by job and outcome (ok, failed); this server's runs only",
            job_runs.clone(),
        );
        let job_seconds = Family::<JobNameLabels, Counter<f64>>::default();
        registry.register(
            "job_run_seconds",
            "Time spent in background job runs, by job (rate / job_runs = mean run time)",
            job_seconds.clone(),
        );
        let job_last_success = Family::<JobNameLabels, Gauge>::default();
        registry.register(
            "job_last_success_timestamp_seconds",
            "Unix time of the job's last successful run on this server",
            job_last_success.clone(),
        );
        let shared_cache_hits = Counter::default();
        registry.register(
            "response_cache_shared_hits",
            "Response cache hits served from Redis after a local miss (counted in hits too)",
            shared_cache_hits.clone(),
        );
        let stale_cache_hits = Counter::default();
        registry.register(
            "response_cache_stale_hits",
            "Responses served from an entry's previous body while another request computed the new one, after a refresh of the lists or an expiry (counted in hits too)",
            stale_cache_hits.clone(),
        );
        let redis_up = Gauge::default();
        registry.register(
            "redis_up",
            "1 when Redis (REDIS_URL) answers, 0 when it is down or not configured",
            redis_up.clone(),
        );
        let redis_failures = Counter::default();
        registry.register(
            "redis_failures",
            "Redis commands that failed or timed out (the request went on with local state)",
            redis_failures.clone(),
        );
        let write_batches = Counter::default();
        registry.register(
            "db_write_batches",
            "Write transactions run by the group-commit queue (SQLite) or the rating batcher (PostgreSQL)",
            write_batches.clone(),
        );
        let writes_batched = Counter::default();
        registry.register(
            "db_writes_batched",
            "Writes run through the group-commit queue or the rating batcher (per batch: writes_batched / write_batches)",
            writes_batched.clone(),
        );
        Metrics {
            registry,
            router,
            templates: labels,
            series: (0..slots).map(|_| OnceLock::new()).collect(),
            requests,
            latency,
            cache_hits,
            cache_misses,
            rate_limited,
            sse_clients,
            search_in_flight,
            requests_waiting,
            db_pool,
            db_pool_max,
            job_runs,
            job_seconds,
            job_last_success,
            shared_cache_hits,
            stale_cache_hits,
            redis_up,
            redis_failures,
            write_batches,
            writes_batched,
        }
    }

    /// The slot of a request, from its method and path (no allocation).
    pub fn slot(&self, method: &Method, path: &str) -> RouteSlot {
        let template = self
            .router
            .at(path)
            .map_or(self.templates.len() - 1, |found| *found.value);
        let method = match *method {
            Method::GET => 0,
            Method::POST => 1,
            Method::PUT => 2,
            Method::PATCH => 3,
            Method::DELETE => 4,
            Method::HEAD => 5,
            Method::OPTIONS => 6,
            _ => 7,
        };
        RouteSlot { template, method }
    }

    /// The route label a path is counted under (its template, or `unmatched`).
    pub fn route_label(&self, path: &str) -> &str {
        let slot = self.slot(&Method::GET, path);
        self.templates
            .get(slot.template)
            .map_or(UNMATCHED, String::as_str)
    }

    /// Counts a finished request and records its latency.
    pub fn record(&self, slot: RouteSlot, status: StatusCode, elapsed: Duration) {
        let class = usize::from(status.as_u16() / 100)
            .saturating_sub(1)
            .min(CLASSES.len() - 1);
        let index = (slot.template * METHODS.len() + slot.method) * CLASSES.len() + class;
        let Some(cell) = self.series.get(index) else {
            return;
        };
        let series = cell.get_or_init(|| {
            let labels = HttpLabels {
                route: self
                    .templates
                    .get(slot.template)
                    .cloned()
                    .unwrap_or_default(),
                method: METHODS.get(slot.method).copied().unwrap_or("other"),
                status: CLASSES.get(class).copied().unwrap_or("5xx"),
            };
            Series {
                requests: self.requests.get_or_create(&labels).clone(),
                latency: self.latency.get_or_create(&labels).clone(),
            }
        });
        series.requests.inc();
        series.latency.observe(elapsed);
    }

    pub fn cache_hit(&self) {
        self.cache_hits.inc();
    }

    pub fn cache_miss(&self) {
        self.cache_misses.inc();
    }

    pub fn rate_limited(&self, limit: Limit) {
        self.rate_limited
            .get_or_create(&LimitLabels {
                limit: limit.label(),
            })
            .inc();
    }

    /// Records a finished run of a background job.
    pub fn job_run(&self, job: &'static str, took: Duration, ok: bool) {
        let outcome = if ok { "ok" } else { "failed" };
        self.job_runs
            .get_or_create(&JobLabels { job, outcome })
            .inc();
        self.job_seconds
            .get_or_create(&JobNameLabels { job })
            .inc_by(took.as_secs_f64());
        if ok {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
            self.job_last_success
                .get_or_create(&JobNameLabels { job })
                .set(now);
        }
    }

    /// A cache hit served by the shared (Redis) tier.
    pub fn shared_cache_hit(&self) {
        self.shared_cache_hits.inc();
    }

    pub fn stale_cache_hit(&self) {
        self.stale_cache_hits.inc();
    }

    /// The counter of Redis commands that failed or timed out.
    pub fn redis_failures(&self) -> Counter {
        self.redis_failures.clone()
    }

    /// The counters of SQLite write batches and of the writes in them.
    pub fn write_batches(&self) -> (Counter, Counter) {
        (self.write_batches.clone(), self.writes_batched.clone())
    }

    /// Counts a connected SSE client until the guard is dropped.
    pub fn sse_client(&self) -> InFlight {
        InFlight::new(&self.sse_clients)
    }

    /// Counts a search query until the guard is dropped.
    pub fn search_query(&self) -> InFlight {
        InFlight::new(&self.search_in_flight)
    }

    /// Counts a request waiting for an admission slot until the guard is dropped.
    pub fn admission_wait(&self) -> InFlight {
        InFlight::new(&self.requests_waiting)
    }

    /// The Prometheus text exposition, with the pool gauges read now.
    /// `redis_up`: whether Redis answers (`None` when not configured).
    pub fn render(
        &self,
        pool: &marquee_db::DbPool,
        redis_up: Option<bool>,
    ) -> Result<String, std::fmt::Error> {
        self.redis_up.set(i64::from(redis_up == Some(true)));
        let state = pool.state();
        let idle = i64::from(state.idle_connections);
        let open = i64::from(state.connections);
        self.db_pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(idle);
        self.db_pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(open - idle);
        self.db_pool_max.set(i64::from(pool.max_size()));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// `{name}` → `{p}` (and `{*name}` → `{*p}`), for the router.
fn anonymise(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if segment.starts_with("{*") {
            out.push_str("{*p}");
        } else if segment.starts_with('{') {
            out.push_str("{p}");
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// Increments a gauge now and decrements it when dropped.
#[derive(Debug)]
pub struct InFlight(Gauge);

impl InFlight {
    fn new(gauge: &Gauge) -> InFlight {
        gauge.inc();
        InFlight(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The metrics listener's only route: `GET /metrics` (OpenMetrics text, which Prometheus reads).
/// It is not part of the API, so it is not in the OpenAPI document and never on the API address.
pub fn routes(
    state: crate::state::AppState,
) -> warp::filters::BoxedFilter<(warp::reply::Response,)> {
    use warp::{Filter, Reply};
    warp::path!("metrics")
        .and(warp::get())
        .then(move || {
            let state = state.clone();
            async move {
                let redis_up = state.shared().map(|shared| shared.is_up());
                match state.metrics().render(state.pool(), redis_up) {
                    Ok(text) => warp::reply::with_header(
                        text,
                        http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )
                    .into_response(),
                    Err(err) => {
                        crate::error::ApiError::internal(format!("cannot encode metrics: {err}"))
                            .into_response()
                    }
                }
            }
        })
        .recover(crate::error::recover)
        .unify()
        .boxed()
}
