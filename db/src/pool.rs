//! The r2d2 pool over [`DbConn`]. A hand-written manager instead of Diesel's `ConnectionManager`
//! because that one calls `DbConn::establish`, which would fall through to SQLite (and create a
//! file named after the URL) when PostgreSQL is unreachable.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::{DatabaseUrl, DbConn};

pub type DbPool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;
pub use r2d2::Error as PoolError;

/// How long after a successful use a PostgreSQL connection is handed out again without a
/// `SELECT 1` first. Under load a connection goes back and forth many times a second, and the
/// check was a third of the server's PostgreSQL round trips. A PostgreSQL restart takes longer
/// than this, so after one every idle connection is checked again.
pub const VOUCHED_FOR: Duration = Duration::from_millis(250);

/// A pooled connection: the [`DbConn`] (what it dereferences to) and when its last piece of
/// work succeeded, if its owner said so with [`Conn::vouch`].
pub struct Conn {
    conn: DbConn,
    vouched_at: Option<std::time::Instant>,
}

impl Conn {
    /// The work just run on this connection succeeded: it is alive, and the next checkout
    /// within [`VOUCHED_FOR`] skips the check. Say nothing after a failure (the failure may be
    /// a dead connection): the next checkout then checks it.
    pub fn vouch(&mut self) {
        self.vouched_at = Some(std::time::Instant::now());
    }
}

impl std::ops::Deref for Conn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut DbConn {
        // Whoever uses the connection now must vouch for it again.
        self.vouched_at = None;
        &mut self.conn
    }
}

/// Pool sizing and timeouts; the server and the CLI expose these as flags.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    pub max_size: u32,
    /// How long a request waits for a free connection before it is refused (503 in the server).
    pub connection_timeout: Duration,
    /// SQLite's `busy_timeout`: how long a writer waits for the file lock.
    pub sqlite_busy_timeout: Duration,
    /// PostgreSQL's `statement_timeout` on every pooled connection (`None`: the server's
    /// setting). SQLite has none; its `busy_timeout` bounds the wait for the write lock.
    pub statement_timeout: Option<Duration>,
    /// SQLite: the pool's connections never checkpoint the WAL on commit
    /// (`wal_autocheckpoint = 0`); the owner calls [`checkpoint`] from a thread of its own.
    /// Otherwise the commit that crosses 1000 WAL pages copies them into the database file and
    /// syncs it while holding the write lock, and every writer queued behind it waits.
    pub sqlite_background_checkpoint: bool,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_size: 16,
            connection_timeout: Duration::from_secs(5),
            sqlite_busy_timeout: Duration::from_secs(5),
            statement_timeout: None,
            sqlite_background_checkpoint: false,
        }
    }
}

#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    sqlite_busy_timeout: Duration,
    statement_timeout: Option<Duration>,
    sqlite_background_checkpoint: bool,
}

impl Manager {
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}

/// Opens one connection of the backend the URL names, with the SQLite pragmas applied.
pub fn establish(
    url: &DatabaseUrl,
    sqlite_busy_timeout: Duration,
) -> diesel::ConnectionResult<DbConn> {
    match url {
        DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConn::Postgresql),
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    diesel::ConnectionError::BadConnection(format!(
                        "cannot create directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
            // WAL lets readers run beside the writer; NORMAL sync is durable under WAL except for
            // power loss; foreign keys are off by default in SQLite. The busy timeout comes
            // first: reading the journal mode needs a lock another connection may hold for a
            // moment (one closing with a transaction to roll back).
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                sqlite_busy_timeout.as_millis()
            ))
            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Conn, Self::Error> {
        let mut conn = establish(&self.url, self.sqlite_busy_timeout)
            .map_err(diesel::r2d2::Error::ConnectionError)?;
        match &mut conn {
            DbConn::Postgresql(pg) => {
                if let Some(timeout) = self.statement_timeout {
                    pg.batch_execute(&format!(
                        "SET statement_timeout = {}",
                        timeout.as_millis().max(1)
                    ))
                    .map_err(diesel::r2d2::Error::QueryError)?;
                }
            }
            DbConn::Sqlite(sqlite) => {
                if self.sqlite_background_checkpoint {
                    sqlite
                        .batch_execute("PRAGMA wal_autocheckpoint = 0")
                        .map_err(diesel::r2d2::Error::QueryError)?;
                }
            }
        }
        Ok(Conn {
            conn,
            vouched_at: None,
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), Self::Error> {
        if conn.vouched_at.is_some_and(|at| at.elapsed() < VOUCHED_FOR) {
            return Ok(());
        }
        conn.conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.conn.is_broken()
    }
}

/// Builds the pool without waiting for a first connection, so a server can start (and report
/// not-ready) while its database is still coming up.
pub fn build_pool(url: &DatabaseUrl, config: &PoolConfig) -> DbPool {
    let manager = Manager {
        url: url.clone(),
        sqlite_busy_timeout: config.sqlite_busy_timeout,
        statement_timeout: config.statement_timeout,
        sqlite_background_checkpoint: config.sqlite_background_checkpoint,
    };
    r2d2::Pool::builder()
        .max_size(config.max_size)
        .min_idle(Some(0))
        .connection_timeout(config.connection_timeout)
        // A PostgreSQL connection can die under us (a restart): check it before use, unless
        // its last use succeeded a moment ago ([`Conn::vouch`]). A SQLite file cannot die, and
        // the check (`SELECT 1`, parsed anew each time) would cost every checkout.
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .build_unchecked(manager)
}

/// What one [`checkpoint`] did, in WAL pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Pages in the WAL when it ran.
    pub wal_pages: i64,
    /// Of those, the pages now in the database file.
    pub copied_pages: i64,
}

/// Copies what it can of SQLite's WAL into the database file without waiting for (or
/// blocking) readers and the writer: `PRAGMA wal_checkpoint(PASSIVE)`. `None` on PostgreSQL.
/// Once everything is copied, the next writer starts the WAL over from its beginning.
pub fn checkpoint(conn: &mut DbConn) -> diesel::QueryResult<Option<Checkpoint>> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::BigInt;

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        log: i64,
        #[diesel(sql_type = BigInt)]
        checkpointed: i64,
    }
    let DbConn::Sqlite(sqlite) = conn else {
        return Ok(None);
    };
    let row: Row = diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result(sqlite)?;
    Ok(Some(Checkpoint {
        wal_pages: row.log,
        copied_pages: row.checkpointed,
    }))
}
