//! Marquee's database layer: one portable Diesel schema over SQLite (the embedded default) and
//! PostgreSQL, chosen at run time from the URL scheme, behind one r2d2 pool.
//!
//! This crate is synchronous and knows nothing of HTTP, warp or tokio: the server moves calls onto
//! blocking threads, the CLI calls it directly. Queries are named functions returning
//! [`diesel::QueryResult`]; backend-specific SQL goes through [`per_backend!`] with a comment why.

pub mod migrate;
pub mod models;
pub mod pool;
pub mod queries;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;
mod url;

pub use pool::{DbPool, PoolConfig, PoolError, PooledConn};
pub use url::{Backend, DatabaseUrl, UrlError, default_data_dir};

/// A connection to either backend. Diesel's derive implements `Connection` over the portable
/// subset of SQL both backends share (`MultiBackend`).
///
/// Never call `DbConn::establish` with a raw string: it tries each variant in turn and SQLite
/// accepts any string as a file name. Go through [`DatabaseUrl`] which picks the variant from the
/// scheme. `Sqlite` stays last for the same reason.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Postgresql(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Runs the same Diesel expression against the concrete connection of each backend, for the few
/// statements `MultiBackend` cannot express (upserts, multi-row inserts, `ILIKE`, `COPY`). The
/// body is monomorphised per backend, so it is still written once.
///
/// ```ignore
/// per_backend!(conn, |c| diesel::insert_into(t).values(&rows).execute(c))
/// ```
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConn::Postgresql($c) => $body,
            $crate::DbConn::Sqlite($c) => $body,
        }
    };
}

/// Timestamps are stored with microsecond precision on both backends (PostgreSQL's resolution),
/// so a value read back equals the value written. Use this instead of `Utc::now()` for rows.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}

/// Runs `f` in a transaction that, on SQLite, takes the write lock up front (`BEGIN IMMEDIATE`),
/// exactly as Diesel's `SqliteConnection::immediate_transaction` does.
///
/// A plain (deferred) SQLite transaction that reads and then writes cannot wait for the lock: if
/// another connection committed since its first read, the write fails at once with "database is
/// locked" whatever the busy timeout. Every read-then-write transaction uses this instead of
/// `Connection::transaction`. On PostgreSQL it is an ordinary transaction.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::Connection;
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    // Inside an open transaction (e.g. an import's all-or-nothing `--strict` run) the lock is
    // already decided by the outer one: nest as a savepoint like `transaction` does.
    let nested = <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_or(true, |depth| depth.is_some());
    let DbConn::Sqlite(sqlite) = conn else {
        return conn.transaction(f);
    };
    if nested {
        return conn.transaction(f);
    }
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(err) => {
            <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(err)
        }
    }
}
