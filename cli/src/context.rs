//! The global flags every subcommand shares, and what a command gets from them: where the
//! database is, how to connect to it, and how to print.

use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use marquee_db::{DatabaseUrl, DbConn, UrlError};

use crate::output::{Format, Output};
use crate::report::HintExt;

/// How long SQLite waits for another writer's lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, clap::Args)]
pub struct GlobalOpts {
    /// Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file
    /// marquee.db in the data directory]
    #[arg(
        long,
        env = "DATABASE_URL",
        value_name = "URL",
        value_hint = clap::ValueHint::Url,
        global = true,
        // The URL may hold a password.
        hide_env_values = true
    )]
    database_url: Option<String>,

    /// Directory holding the default SQLite database [default: the platform data directory,
    /// e.g. ~/.local/share/marquee]
    #[arg(
        long,
        env = "MARQUEE_DATA_DIR",
        value_name = "DIR",
        value_hint = clap::ValueHint::DirPath,
        global = true
    )]
    data_dir: Option<PathBuf>,

    /// Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account
    /// `marqueectl login` stored; commands that need the database refuse it
    #[arg(
        long,
        env = "MARQUEE_SERVER",
        value_name = "URL",
        value_hint = clap::ValueHint::Url,
        global = true
    )]
    server: Option<String>,

    /// How to print results
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    output: Format,

    /// Print only requested data and errors, no confirmations
    #[arg(short, long, global = true)]
    quiet: bool,

    /// Never color output (also when NO_COLOR is set)
    #[arg(long, global = true)]
    no_color: bool,
}

/// What every command runs with.
#[derive(Debug)]
pub struct Context {
    pub output: Output,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    server: Option<String>,
    color_allowed: bool,
}

impl Context {
    pub fn new(opts: GlobalOpts) -> Context {
        // https://no-color.org: any non-empty NO_COLOR disables color.
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color_allowed = !opts.no_color && !no_color_env;
        Context {
            output: Output::new(
                opts.output,
                opts.quiet,
                color_allowed && std::io::stdout().is_terminal(),
            ),
            database_url: opts.database_url,
            data_dir: opts.data_dir,
            server: opts.server.filter(|s| !s.trim().is_empty()),
            color_allowed,
        }
    }

    pub fn stderr_color(&self) -> bool {
        self.color_allowed && std::io::stderr().is_terminal()
    }

    /// The API-mode connection when `--server` was given, else `None` (direct database mode).
    pub fn remote(&self) -> anyhow::Result<Option<crate::remote::Remote>> {
        self.server
            .as_deref()
            .map(crate::remote::Remote::new)
            .transpose()
    }

    /// Asks before a destructive change: `--yes` skips the question; without a terminal to ask
    /// on, the command refuses (exit code 2) rather than guess.
    pub fn confirm(&self, yes: bool, question: &str) -> anyhow::Result<()> {
        if yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(crate::report::hinted(
                anyhow::Error::new(crate::report::UsageError(format!(
                    "not confirmed: {question} (there is no terminal to ask on)"
                ))),
                "pass --yes to confirm",
            ));
        }
        let mut stderr = std::io::stderr().lock();
        write!(stderr, "{question} [y/N] ")?;
        stderr.flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(()),
            _ => Err(anyhow::anyhow!("cancelled: nothing was changed")),
        }
    }

    /// Refuses `--server` for a command that works on the database directly.
    pub fn direct_only(&self, command: &str) -> anyhow::Result<()> {
        match self.server {
            Some(_) => Err(crate::remote::needs_database(command)),
            None => Ok(()),
        }
    }

    /// The database the global flags name, validated (the scheme picks the backend).
    pub fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        let given = self.database_url.as_deref();
        DatabaseUrl::resolve(given, self.data_dir.as_deref())
            .with_hint(|err| match err {
                UrlError::NoDataDir => "pass --data-dir DIR or set MARQUEE_DATA_DIR",
                _ => {
                    "use postgres://USER@HOST:PORT/DB for PostgreSQL or sqlite://PATH for a SQLite \
                     file, or leave the URL unset to use marquee.db in the data directory"
                }
            })
            .with_context(|| match given {
                Some(url) if std::env::var("DATABASE_URL").is_ok_and(|env| env == url) => {
                    "invalid database URL in the DATABASE_URL environment variable"
                }
                Some(_) => "invalid database URL given with --database-url",
                None => "cannot locate the default database",
            })
    }

    /// The data directory: `--data-dir`, `MARQUEE_DATA_DIR`, else the platform's (as the server).
    pub fn data_dir(&self) -> anyhow::Result<PathBuf> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => marquee_db::default_data_dir().ok_or_else(|| {
                crate::report::hinted(
                    anyhow::anyhow!("cannot locate the default data directory"),
                    "pass --data-dir DIR or set MARQUEE_DATA_DIR",
                )
            }),
        }
    }

    /// Opens a connection, with a hint for the usual reasons it fails.
    pub fn connect(&self, url: &DatabaseUrl) -> anyhow::Result<DbConn> {
        marquee_db::pool::establish(url, SQLITE_BUSY_TIMEOUT)
            .with_hint(|err| connect_hint(url, &err.to_string()))
            .with_context(|| format!("cannot connect to {}", url.redacted()))
    }
}

impl Context {
    /// Connects and applies pending migrations first, as the server does at start, so writing
    /// commands (import, seed) work on a fresh data directory. Says on stderr what it applied.
    pub fn connect_migrated(&self, url: &DatabaseUrl) -> anyhow::Result<DbConn> {
        let mut conn = self.connect(url)?;
        let applied = marquee_db::migrate::run_pending(&mut conn)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("cannot apply migrations to {}", url.redacted()))?;
        if !applied.is_empty() && !self.output.is_quiet() {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(
                stderr,
                "applied {} migration(s) to {}",
                applied.len(),
                url.redacted()
            );
        }
        Ok(conn)
    }
}

fn connect_hint(url: &DatabaseUrl, message: &str) -> &'static str {
    let message = message.to_ascii_lowercase();
    match url {
        DatabaseUrl::Postgres(_) if message.contains("password") || message.contains("role") => {
            "check the user name and password in the database URL"
        }
        DatabaseUrl::Postgres(_) if message.contains("database") && message.contains("exist") => {
            "create the database first (`createdb NAME`) or fix its name in the database URL"
        }
        DatabaseUrl::Postgres(_) => {
            "check that the PostgreSQL server is running and reachable at the host and port in \
             DATABASE_URL (or --database-url)"
        }
        DatabaseUrl::Sqlite(_) => {
            "check that the directory exists and is writable, or choose another with --data-dir \
             or --database-url sqlite://PATH"
        }
    }
}
