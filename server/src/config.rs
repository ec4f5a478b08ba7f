//! One `Config`, resolved from flags, then environment variables (clap reads both), then an
//! optional TOML file, then defaults. Printed at start with secrets redacted.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use marquee_db::{DatabaseUrl, PoolConfig};
use serde::Deserialize;

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

    /// Directory for the embedded database, generated secrets, mail outbox and search index
    /// [default: the platform data directory, e.g. ~/.local/share/marquee].
    #[arg(long, env = "MARQUEE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database to use: postgres://user:pass@host/db, or sqlite://PATH
    /// [default: sqlite file marquee.db in the data directory].
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,

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

    /// Largest accepted request body in bytes; larger ones get a 413 [default: 1048576].
    #[arg(long, env = "MARQUEE_BODY_LIMIT", value_name = "BYTES")]
    pub body_limit: Option<u64>,

    /// How long in-flight requests may take to finish after SIGTERM/Ctrl-C [default: 10].
    #[arg(long, env = "MARQUEE_SHUTDOWN_GRACE_SECS", value_name = "SECS")]
    pub shutdown_grace_secs: Option<u64>,

    /// Print shell completions for marqueed to stdout and exit.
    #[arg(long, value_name = "SHELL", hide = true)]
    pub print_completions: Option<clap_complete::Shell>,
}

/// The optional TOML file: same keys as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    log_format: Option<LogFormat>,
    log_filter: Option<String>,
    no_migrate: Option<bool>,
    db_pool_size: Option<u32>,
    db_timeout_ms: Option<u64>,
    body_limit: Option<u64>,
    shutdown_grace_secs: Option<u64>,
}

/// Everything the server needs to run, fully resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database: DatabaseUrl,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub migrate: bool,
    pub pool: PoolConfig,
    pub body_limit: u64,
    pub shutdown_grace: Duration,
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
        let defaults = PoolConfig::default();
        let pool = PoolConfig {
            max_size: cli.db_pool_size.or(file.db_pool_size).unwrap_or(defaults.max_size).max(1),
            connection_timeout: cli
                .db_timeout_ms
                .or(file.db_timeout_ms)
                .map(Duration::from_millis)
                .unwrap_or(defaults.connection_timeout),
            ..defaults
        };
        Ok(Config {
            bind: cli.bind.or(file.bind).unwrap_or_else(default_bind),
            data_dir,
            database,
            log_format: cli.log_format.or(file.log_format).unwrap_or(LogFormat::Pretty),
            log_filter: cli.log_filter.or(file.log_filter).unwrap_or_else(|| "info".to_owned()),
            migrate: !(cli.no_migrate || file.no_migrate.unwrap_or(false)),
            pool,
            body_limit: cli.body_limit.or(file.body_limit).unwrap_or(1024 * 1024),
            shutdown_grace: Duration::from_secs(
                cli.shutdown_grace_secs.or(file.shutdown_grace_secs).unwrap_or(10),
            ),
        })
    }

    /// A configuration for tests and embedding: the given database, an ephemeral port.
    pub fn for_database(database: DatabaseUrl, data_dir: &Path) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.to_path_buf(),
            database,
            log_format: LogFormat::Pretty,
            log_filter: "info".to_owned(),
            migrate: true,
            pool: PoolConfig::default(),
            body_limit: 1024 * 1024,
            shutdown_grace: Duration::from_secs(10),
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
