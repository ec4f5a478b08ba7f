//! One `Config`, resolved from flags, then environment variables (clap reads both), then an
//! optional TOML file, then defaults. Printed at start with secrets redacted.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use marquee_db::{DatabaseUrl, PoolConfig};

/// `--db-statement-timeout-ms` unless given: long enough for training's full reads at the
/// 10-million-interaction scale, short enough that a runaway query frees its connection.
const DEFAULT_STATEMENT_TIMEOUT_MS: u64 = 30_000;
use serde::Deserialize;

pub use crate::auth::ratelimit::Budget;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (for log shippers).
    Json,
    /// Human-readable, coloured when stderr is a terminal.
    Pretty,
}

/// marqueed: Marquee's HTTP API server.
///
/// With no DATABASE_URL it keeps everything in an embedded SQLite file in the data directory;
/// set DATABASE_URL=postgres://… to use PostgreSQL. Each flag can also be set by the environment
/// variable shown, or in the TOML file given with --config (flags win over the environment, the
/// environment over the file).
#[derive(Debug, Parser)]
#[command(name = "marqueed", version, about, long_about)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "MARQUEE_BIND", value_name = "ADDR")]
    pub bind: Option<SocketAddr>,

    /// Address of a second listener serving only Prometheus metrics at /metrics (plain HTTP;
    /// keep it on a private network or loopback) [default: no metrics listener].
    #[arg(long, env = "MARQUEE_METRICS_BIND", value_name = "ADDR")]
    pub metrics_bind: Option<SocketAddr>,

    /// Directory for the embedded database, generated secrets, mail outbox and search index
    /// [default: the platform data directory, e.g. ~/.local/share/marquee].
    #[arg(long, env = "MARQUEE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database to use: postgres://user:pass@host/db, or sqlite://PATH
    /// [default: sqlite file marquee.db in the data directory].
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Redis shared by several servers: session revocations, the per-session request
    /// budget, live-feed and cache-invalidation fan-out (redis://host:port/db). Without it every
    /// server keeps these in memory; if Redis goes away the servers keep serving on their local
    /// state and reconnect on their own [default: none].
    #[arg(long, env = "REDIS_URL", value_name = "URL", hide_env_values = true)]
    pub redis_url: Option<String>,

    /// Prefix of every Redis key and channel, so several deployments (or tests) can share one
    /// Redis [default: marquee].
    #[arg(long, env = "MARQUEE_REDIS_NAMESPACE", value_name = "NAME")]
    pub redis_namespace: Option<String>,

    /// How often the cleanup job (expired tokens and denylist entries, old job history) runs;
    /// one server of the deployment runs each round [default: 3600].
    #[arg(long, env = "MARQUEE_CLEANUP_INTERVAL_SECS", value_name = "SECS")]
    pub cleanup_interval_secs: Option<u64>,

    /// TOML file with any of these settings (keys as the long flag names, with underscores).
    #[arg(long, env = "MARQUEE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Log output format [default: pretty].
    #[arg(long, env = "MARQUEE_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,

    /// Log filter in tracing's env-filter syntax, e.g. `info` or `info,marquee_server=debug`
    /// [default: info].
    #[arg(long, env = "MARQUEE_LOG", value_name = "FILTER")]
    pub log_filter: Option<String>,

    /// Do not apply pending migrations at start (then /readyz reports not ready until
    /// `marqueectl db migrate` has run).
    #[arg(long, env = "MARQUEE_NO_MIGRATE")]
    pub no_migrate: bool,

    /// Largest number of open database connections [default: 16].
    #[arg(long, env = "MARQUEE_DB_POOL_SIZE", value_name = "N")]
    pub db_pool_size: Option<u32>,

    /// How long a request waits for a free database connection before it gets a 503
    /// [default: 5000].
    #[arg(long, env = "MARQUEE_DB_TIMEOUT_MS", value_name = "MS")]
    pub db_timeout_ms: Option<u64>,

    /// PostgreSQL statement timeout on the server's connections: a statement running longer is
    /// cancelled (a request gets a 503) [default: 30000; 0: none].
    #[arg(long, env = "MARQUEE_DB_STATEMENT_TIMEOUT_MS", value_name = "MS")]
    pub db_statement_timeout_ms: Option<u64>,

    /// Largest accepted request body in bytes; larger ones get a 413 [default: 1048576].
    #[arg(long, env = "MARQUEE_BODY_LIMIT", value_name = "BYTES")]
    pub body_limit: Option<u64>,

    /// Most requests handled at once; more wait their turn, in arrival order (none is refused)
    /// [default: 8 per core; 0: no limit].
    #[arg(long, env = "MARQUEE_MAX_CONCURRENT_REQUESTS", value_name = "N")]
    pub max_concurrent_requests: Option<usize>,

    /// How long in-flight requests may take to finish after SIGTERM/Ctrl-C [default: 10].
    #[arg(long, env = "MARQUEE_SHUTDOWN_GRACE_SECS", value_name = "SECS")]
    pub shutdown_grace_secs: Option<u64>,

    /// Secret for signing access tokens, at least 32 bytes; give every server of a deployment the
    /// same one [default: generated on first start and kept (mode 0600) in DATA_DIR/jwt-secret].
    #[arg(
        long,
        env = "MARQUEE_JWT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,

    /// bcrypt cost for password hashes (4–31; each step doubles the work) [default: 12].
    #[arg(long, env = "MARQUEE_BCRYPT_COST", value_name = "N")]
    pub bcrypt_cost: Option<u32>,

    /// Lifetime of access tokens [default: 900].
    #[arg(long, env = "MARQUEE_ACCESS_TTL_SECS", value_name = "SECS")]
    pub access_ttl_secs: Option<u64>,

    /// Absolute lifetime of a login session (refresh-token family) [default: 604800].
    #[arg(long, env = "MARQUEE_REFRESH_TTL_SECS", value_name = "SECS")]
    pub refresh_ttl_secs: Option<u64>,

    /// How long a checked session (and a checked profile owner) is remembered in memory before
    /// it is read from the database again; this server's own logouts and revocations apply at
    /// once, other processes' within this window (with Redis, at once). 0 reads on every request
    /// [default: 1000].
    #[arg(long, env = "MARQUEE_SESSION_CHECK_TTL_MS", value_name = "MS")]
    pub session_check_ttl_ms: Option<u64>,

    /// Failed logins per account within the lock window that lock the account [default: 5].
    #[arg(long, env = "MARQUEE_LOGIN_FAILURES_MAX", value_name = "N")]
    pub login_failures_max: Option<u32>,

    /// Window for counting failed logins, and how long a lock lasts [default: 900].
    #[arg(long, env = "MARQUEE_LOGIN_LOCK_SECS", value_name = "SECS")]
    pub login_lock_secs: Option<u64>,

    /// Login attempts allowed per client address per 15 minutes [default: 30].
    #[arg(long, env = "MARQUEE_LOGIN_RATE_PER_ADDR", value_name = "N")]
    pub login_rate_per_addr: Option<u32>,

    /// API requests allowed per session token per hour [default: 1000].
    #[arg(long, env = "MARQUEE_API_RATE_PER_TOKEN", value_name = "N")]
    pub api_rate_per_token: Option<u32>,

    /// API requests allowed per client address per hour [default: 3600].
    #[arg(long, env = "MARQUEE_API_RATE_PER_ADDR", value_name = "N")]
    pub api_rate_per_addr: Option<u32>,

    /// Directory where mail is written as one .eml file per message when no SMTP server is set
    /// [default: DATA_DIR/outbox].
    #[arg(long, env = "MARQUEE_OUTBOX_DIR", value_name = "DIR")]
    pub outbox_dir: Option<PathBuf>,

    /// Send mail through this SMTP server instead of the outbox directory, e.g.
    /// smtps://user:password@mail.example.com or smtp://localhost:25.
    #[arg(
        long,
        env = "MARQUEE_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,

    /// The From address of mail [default: Marquee <noreply@marquee.localhost>].
    #[arg(long, env = "MARQUEE_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// Addresses of the reverse proxies in front of this server (nginx, a load balancer),
    /// comma-separated. A request from one of them is attributed to the client that
    /// `X-Forwarded-For` names (its right-most address that is not a trusted proxy), for the
    /// per-address limits and the logs; from anyone else the header is ignored [default: none].
    #[arg(
        long,
        env = "MARQUEE_TRUSTED_PROXIES",
        value_name = "IPS",
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,

    /// Origins allowed to call the API from a browser (CORS), comma-separated, e.g.
    /// https://marquee.example.com [default: none].
    #[arg(
        long,
        env = "MARQUEE_CORS_ORIGINS",
        value_name = "ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Option<Vec<String>>,

    /// Send Strict-Transport-Security (set when TLS is terminated in front of marqueed).
    #[arg(long, env = "MARQUEE_HSTS")]
    pub hsts: bool,

    /// Serve HTTPS with this PEM certificate chain (with --tls-key), for deployments without a
    /// TLS-terminating proxy.
    #[arg(
        long,
        env = "MARQUEE_TLS_CERT",
        value_name = "FILE",
        requires = "tls_key"
    )]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key for --tls-cert.
    #[arg(
        long,
        env = "MARQUEE_TLS_KEY",
        value_name = "FILE",
        requires = "tls_cert"
    )]
    pub tls_key: Option<PathBuf>,

    /// Base URL that signed trailer stream URLs point at (a CDN or media host checking the same
    /// signatures), e.g. https://media.example.com [default: none: relative `/media/…` URLs
    /// served by this server from --media-dir].
    #[arg(long, env = "MARQUEE_MEDIA_BASE_URL", value_name = "URL")]
    pub media_base_url: Option<String>,

    /// Serve `/media/…` (trailer files, checked signature, expiry and session on every request,
    /// with HTTP Range) from this directory [default: not served].
    #[arg(long, env = "MARQUEE_MEDIA_DIR", value_name = "DIR")]
    pub media_dir: Option<PathBuf>,

    /// Lifetime of a signed trailer stream URL [default: 300].
    #[arg(long, env = "MARQUEE_MEDIA_URL_TTL_SECS", value_name = "SECS")]
    pub media_url_ttl_secs: Option<u64>,

    /// Interval between heartbeat comments on the live sports stream [default: 15].
    #[arg(long, env = "MARQUEE_SPORTS_HEARTBEAT_SECS", value_name = "SECS")]
    pub sports_heartbeat_secs: Option<u64>,

    /// Print shell completions for marqueed to stdout and exit.
    #[arg(long, value_name = "SHELL", hide = true)]
    pub print_completions: Option<clap_complete::Shell>,
}

/// The optional TOML file: same keys as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    metrics_bind: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    redis_url: Option<String>,
    redis_namespace: Option<String>,
    cleanup_interval_secs: Option<u64>,
    log_format: Option<LogFormat>,
    log_filter: Option<String>,
    no_migrate: Option<bool>,
    db_pool_size: Option<u32>,
    db_timeout_ms: Option<u64>,
    db_statement_timeout_ms: Option<u64>,
    body_limit: Option<u64>,
    max_concurrent_requests: Option<usize>,
    shutdown_grace_secs: Option<u64>,
    jwt_secret: Option<String>,
    bcrypt_cost: Option<u32>,
    access_ttl_secs: Option<u64>,
    refresh_ttl_secs: Option<u64>,
    session_check_ttl_ms: Option<u64>,
    login_failures_max: Option<u32>,
    login_lock_secs: Option<u64>,
    login_rate_per_addr: Option<u32>,
    api_rate_per_token: Option<u32>,
    api_rate_per_addr: Option<u32>,
    outbox_dir: Option<PathBuf>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    cors_origins: Option<Vec<String>>,
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
    hsts: Option<bool>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    media_base_url: Option<String>,
    media_dir: Option<PathBuf>,
    media_url_ttl_secs: Option<u64>,
    sports_heartbeat_secs: Option<u64>,
    /// Catalogue cache and jobs (file only): see [`CatalogueConfig`].
    catalogue_cache_ttl_secs: Option<u64>,
    facet_cache_ttl_secs: Option<u64>,
    cache_capacity: Option<u64>,
    trending_interval_secs: Option<u64>,
    recommend_interval_secs: Option<u64>,
    recommend_ease_budget_mib: Option<u64>,
    /// Analytics (file only): see [`AnalyticsConfig`].
    analytics_retention_days: Option<u32>,
    analytics_interval_secs: Option<u64>,
}

/// A secret that never shows in `Debug` output (the config is logged at start).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Accounts, tokens and abuse limits.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// `None`: generated on first start into `DATA_DIR/jwt-secret` (see `auth::secret`).
    pub jwt_secret: Option<Secret>,
    pub bcrypt_cost: u32,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// How long a session check and a profile-ownership check are remembered (`auth::checks`).
    pub session_check_ttl: Duration,
    /// Email verification tokens.
    pub verify_ttl: Duration,
    /// Password reset tokens (ASVS: at most 30 minutes).
    pub reset_ttl: Duration,
    pub login_failures_max: u32,
    pub login_lock: Duration,
    pub login_per_addr: Budget,
    pub api_per_token: Budget,
    pub api_per_addr: Budget,
}

impl AuthConfig {
    pub const MIN_JWT_SECRET_BYTES: usize = 32;

    fn defaults() -> AuthConfig {
        AuthConfig {
            jwt_secret: None,
            bcrypt_cost: 12,
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(7 * 24 * 3600),
            session_check_ttl: Duration::from_millis(1000),
            verify_ttl: Duration::from_secs(24 * 3600),
            reset_ttl: Duration::from_secs(30 * 60),
            login_failures_max: 5,
            login_lock: Duration::from_secs(15 * 60),
            login_per_addr: Budget {
                count: 30,
                period: Duration::from_secs(15 * 60),
            },
            api_per_token: Budget {
                count: 1000,
                period: Duration::from_secs(3600),
            },
            api_per_addr: Budget {
                count: 3600,
                period: Duration::from_secs(3600),
            },
        }
    }
}

/// Where mail goes: SMTP when configured, else one .eml file per message in `outbox_dir`.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub outbox_dir: PathBuf,
    pub smtp_url: Option<Secret>,
    pub from: String,
}

pub const DEFAULT_MAIL_FROM: &str = "Marquee <noreply@marquee.localhost>";

/// Everything the server needs to run, fully resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// `--metrics-bind`: the `/metrics` listener, off by default.
    pub metrics_bind: Option<SocketAddr>,
    pub data_dir: PathBuf,
    pub database: DatabaseUrl,
    /// `REDIS_URL`: state shared by several servers (`crate::shared`); `None`: all in memory.
    pub redis: Option<RedisConfig>,
    /// How often the deployment-wide cleanup job runs (`jobs::scheduled`).
    pub cleanup_interval: Duration,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub migrate: bool,
    pub pool: PoolConfig,
    pub body_limit: u64,
    /// Requests handled at once (`http::serve`); `None`: no limit. Tests' configurations have
    /// none; the binary's default is [`default_max_concurrent_requests`].
    pub max_concurrent_requests: Option<usize>,
    pub shutdown_grace: Duration,
    pub auth: AuthConfig,
    pub mail: MailConfig,
    /// Browser origins allowed by CORS; empty: cross-origin browser calls are refused.
    pub cors_origins: Vec<String>,
    /// Peers whose `X-Forwarded-For` names the client (`http::client_addr`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Send `Strict-Transport-Security` (TLS terminated in front of us).
    pub hsts: bool,
    /// Serve HTTPS directly: (certificate chain, private key) PEM files.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub catalogue: CatalogueConfig,
    pub analytics: AnalyticsConfig,
    pub media: MediaConfig,
    pub sports: SportsConfig,
}

/// Where the servers of one deployment share state (issue 10).
#[derive(Clone)]
pub struct RedisConfig {
    pub url: String,
    /// Prefix of every key and channel (`<namespace>:…`).
    pub namespace: String,
}

impl std::fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password.
        f.debug_struct("RedisConfig")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

/// Analytics events and metrics (issue 11; config file keys `analytics_retention_days`,
/// `analytics_interval_secs`).
#[derive(Debug, Clone)]
pub struct AnalyticsConfig {
    /// Events older than this many days are deleted by the analytics job (default 365).
    pub retention_days: u32,
    /// How often the analytics job runs: retention cleanup, then the stats snapshot
    /// (default 15 minutes).
    pub interval: Duration,
}

impl Default for AnalyticsConfig {
    fn default() -> Self {
        AnalyticsConfig {
            retention_days: 365,
            interval: Duration::from_secs(15 * 60),
        }
    }
}

/// Trailer stream URLs (issue 9).
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// Where stream URLs point (no trailing slash); `None`: relative `/media/…` on this server.
    pub base_url: Option<String>,
    /// Serve `/media/…` from here; `None`: not served.
    pub dir: Option<PathBuf>,
    /// Lifetime of a signed URL.
    pub url_ttl: Duration,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            base_url: None,
            dir: None,
            url_ttl: Duration::from_secs(5 * 60),
        }
    }
}

/// The live sports stream (issue 9).
#[derive(Debug, Clone)]
pub struct SportsConfig {
    /// Interval between SSE heartbeat comments (proxies close idle connections).
    pub heartbeat: Duration,
}

impl Default for SportsConfig {
    fn default() -> Self {
        SportsConfig {
            heartbeat: Duration::from_secs(15),
        }
    }
}

/// Catalogue caching and precompute (config file keys `catalogue_cache_ttl_secs`,
/// `facet_cache_ttl_secs`, `cache_capacity`, `trending_interval_secs`, `recommend_interval_secs`,
/// `recommend_ease_budget_mib`).
#[derive(Debug, Clone)]
pub struct CatalogueConfig {
    /// How long a movie list, movie or person response is served from the cache (and the
    /// `Cache-Control: max-age` clients get).
    pub ttl: Duration,
    /// The same for genre, language and country facets, which change less often.
    pub facet_ttl: Duration,
    /// Most responses the in-process cache holds.
    pub capacity: u64,
    /// How often trending and new releases are recomputed.
    pub trending_interval: Duration,
    /// How often the recommender is retrained (file key `recommend_interval_secs`).
    pub recommend_interval: Duration,
    /// EASE joins the recommender's blend only when training it needs at most this many bytes
    /// (file key `recommend_ease_budget_mib`; default 1.5 GiB, which 20,000 movies exceed).
    pub ease_budget_bytes: u64,
}

impl Default for CatalogueConfig {
    fn default() -> Self {
        CatalogueConfig {
            ttl: Duration::from_secs(60),
            facet_ttl: Duration::from_secs(300),
            capacity: 10_000,
            trending_interval: Duration::from_secs(300),
            recommend_interval: Duration::from_secs(30 * 60),
            ease_budget_bytes: marquee_recommend::engine::DEFAULT_EASE_BUDGET_BYTES,
        }
    }
}

impl Config {
    pub fn from_cli(cli: Cli) -> anyhow::Result<Config> {
        let file = match &cli.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let data_dir = match cli.data_dir.or(file.data_dir) {
            Some(dir) => dir,
            None => marquee_db::default_data_dir().context(
                "cannot find the platform data directory; pass --data-dir DIR or set MARQUEE_DATA_DIR",
            )?,
        };
        let database_url = cli.database_url.or(file.database_url);
        let database = DatabaseUrl::resolve(database_url.as_deref(), Some(&data_dir))?;
        let redis = match cli.redis_url.or(file.redis_url) {
            Some(url) => {
                let url = url.trim().to_owned();
                if !(url.starts_with("redis://")
                    || url.starts_with("rediss://")
                    || url.starts_with("redis+unix://"))
                {
                    anyhow::bail!(
                        "REDIS_URL must start with redis://, rediss:// or redis+unix:// (like redis://127.0.0.1:6379/0)"
                    );
                }
                let namespace = cli
                    .redis_namespace
                    .or(file.redis_namespace)
                    .unwrap_or_else(|| "marquee".to_owned());
                if namespace.is_empty()
                    || !namespace
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                {
                    anyhow::bail!(
                        "the Redis namespace must be letters, digits, `-`, `_` or `.`, like `marquee-prod`"
                    );
                }
                Some(RedisConfig { url, namespace })
            }
            None => None,
        };
        let defaults = PoolConfig::default();
        let pool = PoolConfig {
            max_size: cli
                .db_pool_size
                .or(file.db_pool_size)
                .unwrap_or(defaults.max_size)
                .max(1),
            connection_timeout: cli
                .db_timeout_ms
                .or(file.db_timeout_ms)
                .map(Duration::from_millis)
                .unwrap_or(defaults.connection_timeout),
            statement_timeout: match cli
                .db_statement_timeout_ms
                .or(file.db_statement_timeout_ms)
                .unwrap_or(DEFAULT_STATEMENT_TIMEOUT_MS)
            {
                0 => None,
                ms => Some(Duration::from_millis(ms)),
            },
            // SQLite: see `state::checkpoint`.
            sqlite_background_checkpoint: true,
            ..defaults
        };
        let d = AuthConfig::defaults();
        let jwt_secret = cli.jwt_secret.or(file.jwt_secret).filter(|s| !s.is_empty());
        if let Some(secret) = &jwt_secret
            && secret.len() < AuthConfig::MIN_JWT_SECRET_BYTES
        {
            anyhow::bail!(
                "MARQUEE_JWT_SECRET is {} bytes; it must be at least {} (hint: `openssl rand -base64 48`, or unset it to have one generated in the data directory)",
                secret.len(),
                AuthConfig::MIN_JWT_SECRET_BYTES
            );
        }
        let bcrypt_cost = cli
            .bcrypt_cost
            .or(file.bcrypt_cost)
            .unwrap_or(d.bcrypt_cost);
        if !(4..=31).contains(&bcrypt_cost) {
            anyhow::bail!("bcrypt cost {bcrypt_cost} is out of range; use 4 to 31 (default 12)");
        }
        let secs =
            |v: Option<u64>, default: Duration| v.map(Duration::from_secs).unwrap_or(default);
        let login_lock = secs(cli.login_lock_secs.or(file.login_lock_secs), d.login_lock);
        let auth = AuthConfig {
            jwt_secret: jwt_secret.map(Secret),
            bcrypt_cost,
            access_ttl: secs(cli.access_ttl_secs.or(file.access_ttl_secs), d.access_ttl),
            refresh_ttl: secs(
                cli.refresh_ttl_secs.or(file.refresh_ttl_secs),
                d.refresh_ttl,
            ),
            session_check_ttl: cli
                .session_check_ttl_ms
                .or(file.session_check_ttl_ms)
                .map(Duration::from_millis)
                .unwrap_or(d.session_check_ttl),
            login_failures_max: cli
                .login_failures_max
                .or(file.login_failures_max)
                .unwrap_or(d.login_failures_max)
                .max(1),
            login_lock,
            login_per_addr: Budget {
                count: cli
                    .login_rate_per_addr
                    .or(file.login_rate_per_addr)
                    .unwrap_or(d.login_per_addr.count),
                ..d.login_per_addr
            },
            api_per_token: Budget {
                count: cli
                    .api_rate_per_token
                    .or(file.api_rate_per_token)
                    .unwrap_or(d.api_per_token.count),
                ..d.api_per_token
            },
            api_per_addr: Budget {
                count: cli
                    .api_rate_per_addr
                    .or(file.api_rate_per_addr)
                    .unwrap_or(d.api_per_addr.count),
                ..d.api_per_addr
            },
            ..d
        };
        let mail = MailConfig {
            outbox_dir: cli
                .outbox_dir
                .or(file.outbox_dir)
                .unwrap_or_else(|| data_dir.join("outbox")),
            smtp_url: cli
                .smtp_url
                .or(file.smtp_url)
                .filter(|s| !s.is_empty())
                .map(Secret),
            from: cli
                .mail_from
                .or(file.mail_from)
                .unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
        };
        let cors_origins: Vec<String> = cli
            .cors_origins
            .or(file.cors_origins)
            .unwrap_or_default()
            .into_iter()
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        Ok(Config {
            auth,
            mail,
            cors_origins,
            trusted_proxies: cli
                .trusted_proxies
                .or(file.trusted_proxies)
                .unwrap_or_default(),
            hsts: cli.hsts || file.hsts.unwrap_or(false),
            tls: match (cli.tls_cert.or(file.tls_cert), cli.tls_key.or(file.tls_key)) {
                (Some(cert), Some(key)) => Some((cert, key)),
                (None, None) => None,
                _ => anyhow::bail!("give both tls_cert and tls_key (or neither)"),
            },
            catalogue: {
                let d = CatalogueConfig::default();
                CatalogueConfig {
                    ttl: secs(file.catalogue_cache_ttl_secs, d.ttl),
                    facet_ttl: secs(file.facet_cache_ttl_secs, d.facet_ttl),
                    capacity: file.cache_capacity.unwrap_or(d.capacity),
                    trending_interval: secs(file.trending_interval_secs, d.trending_interval)
                        .max(Duration::from_secs(1)),
                    recommend_interval: secs(file.recommend_interval_secs, d.recommend_interval)
                        .max(Duration::from_secs(1)),
                    ease_budget_bytes: file
                        .recommend_ease_budget_mib
                        .map_or(d.ease_budget_bytes, |mib| mib.saturating_mul(1 << 20)),
                }
            },
            analytics: {
                let d = AnalyticsConfig::default();
                AnalyticsConfig {
                    retention_days: match file.analytics_retention_days {
                        Some(0) => anyhow::bail!(
                            "analytics_retention_days must be at least 1 (days of events kept)"
                        ),
                        Some(days) => days,
                        None => d.retention_days,
                    },
                    interval: secs(file.analytics_interval_secs, d.interval)
                        .max(Duration::from_secs(1)),
                }
            },
            media: MediaConfig {
                base_url: cli
                    .media_base_url
                    .or(file.media_base_url)
                    .map(|u| u.trim().trim_end_matches('/').to_owned())
                    .filter(|u| !u.is_empty()),
                dir: cli.media_dir.or(file.media_dir),
                url_ttl: secs(
                    cli.media_url_ttl_secs.or(file.media_url_ttl_secs),
                    MediaConfig::default().url_ttl,
                ),
            },
            sports: SportsConfig {
                heartbeat: secs(
                    cli.sports_heartbeat_secs.or(file.sports_heartbeat_secs),
                    SportsConfig::default().heartbeat,
                )
                .max(Duration::from_secs(1)),
            },
            bind: cli.bind.or(file.bind).unwrap_or_else(default_bind),
            metrics_bind: cli.metrics_bind.or(file.metrics_bind),
            data_dir,
            database,
            redis,
            cleanup_interval: Duration::from_secs(
                cli.cleanup_interval_secs
                    .or(file.cleanup_interval_secs)
                    .unwrap_or(3600)
                    .max(1),
            ),
            log_format: cli
                .log_format
                .or(file.log_format)
                .unwrap_or(LogFormat::Pretty),
            log_filter: cli
                .log_filter
                .or(file.log_filter)
                .unwrap_or_else(|| "info".to_owned()),
            migrate: !(cli.no_migrate || file.no_migrate.unwrap_or(false)),
            pool,
            body_limit: cli.body_limit.or(file.body_limit).unwrap_or(1024 * 1024),
            max_concurrent_requests: match cli
                .max_concurrent_requests
                .or(file.max_concurrent_requests)
            {
                Some(0) => None,
                Some(n) => Some(n),
                None => Some(default_max_concurrent_requests()),
            },
            shutdown_grace: Duration::from_secs(
                cli.shutdown_grace_secs
                    .or(file.shutdown_grace_secs)
                    .unwrap_or(10),
            ),
        })
    }

    /// A configuration for tests and embedding: the given database, an ephemeral port.
    pub fn for_database(database: DatabaseUrl, data_dir: &Path) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics_bind: None,
            data_dir: data_dir.to_path_buf(),
            database,
            redis: None,
            cleanup_interval: Duration::from_secs(3600),
            log_format: LogFormat::Pretty,
            log_filter: "info".to_owned(),
            migrate: true,
            pool: PoolConfig {
                sqlite_background_checkpoint: true,
                ..PoolConfig::default()
            },
            body_limit: 1024 * 1024,
            max_concurrent_requests: None,
            shutdown_grace: Duration::from_secs(10),
            // Production defaults (bcrypt cost 12 included); tests lower the cost themselves.
            auth: AuthConfig::defaults(),
            mail: MailConfig {
                outbox_dir: data_dir.join("outbox"),
                smtp_url: None,
                from: DEFAULT_MAIL_FROM.to_owned(),
            },
            cors_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            hsts: false,
            tls: None,
            catalogue: CatalogueConfig::default(),
            analytics: AnalyticsConfig::default(),
            media: MediaConfig::default(),
            sports: SportsConfig::default(),
        }
    }
}

fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}

/// `--max-concurrent-requests` unless given: 8 per core. Under 512 connections on 2 cores
/// (BENCHMARKS.md, session 13), 16 at once halved p99 against no limit, at 10–20 % fewer
/// requests a second; 8 lost more throughput, 32 and 64 kept more of the tail.
pub fn default_max_concurrent_requests() -> usize {
    8 * std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}
