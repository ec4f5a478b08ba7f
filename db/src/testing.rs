//! A fresh, migrated database for each test, on the backend the environment selects:
//! `MARQUEE_TEST_DATABASE_URL=postgres://…` gives each test its own schema in that database;
//! unset, each test gets its own SQLite file in a temporary directory. Nothing is shared between
//! tests, so they run in parallel.

use std::path::PathBuf;

use diesel::Connection;
use diesel::connection::SimpleConnection;

use crate::pool::{DbPool, PoolConfig, build_pool};
use crate::{Backend, DatabaseUrl, DbConn, migrate};

pub const ENV: &str = "MARQUEE_TEST_DATABASE_URL";

pub struct TestDb {
    url: DatabaseUrl,
    /// Keeps the SQLite directory alive; removed on drop.
    dir: Option<tempfile::TempDir>,
    /// The PostgreSQL schema to drop with the test.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// An empty database (no migrations applied).
    pub fn empty() -> TestDb {
        Self::empty_on(Self::env_backend())
    }

    /// A database with every migration applied.
    pub fn migrated() -> TestDb {
        let db = Self::empty();
        let mut conn = db.conn();
        migrate::run_pending(&mut conn).expect("migrations apply");
        db
    }

    /// The backend `MARQUEE_TEST_DATABASE_URL` selects (SQLite when unset).
    pub fn env_backend() -> Backend {
        match std::env::var(ENV) {
            Ok(url) if !url.is_empty() => DatabaseUrl::parse(&url).expect(ENV).backend(),
            _ => Backend::Sqlite,
        }
    }

    /// PostgreSQL admin URL for tests that must use PostgreSQL whatever the environment says:
    /// `MARQUEE_TEST_DATABASE_URL` when it is a postgres URL, else the local `test` database.
    pub fn postgres_admin_url() -> String {
        match std::env::var(ENV) {
            Ok(url) if url.starts_with("postgres") => url,
            _ => "postgres://postgres@127.0.0.1:5432/test".to_owned(),
        }
    }

    pub fn empty_on(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = DatabaseUrl::Sqlite(dir.path().join("test.db"));
                TestDb {
                    url,
                    dir: Some(dir),
                    pg: None,
                }
            }
            Backend::Postgres => {
                let admin = Self::postgres_admin_url();
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = diesel::PgConnection::establish(&admin)
                    .unwrap_or_else(|e| panic!("cannot reach test PostgreSQL at {admin}: {e}"));
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .expect("create schema");
                let sep = if admin.contains('?') { '&' } else { '?' };
                let url = format!("{admin}{sep}options=-csearch_path%3D{schema}");
                TestDb {
                    url: DatabaseUrl::Postgres(url),
                    dir: None,
                    pg: Some((admin, schema)),
                }
            }
        }
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The URL as a string for `DATABASE_URL` / `--database-url`.
    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// The directory a server under test can use as its data dir (SQLite: the database's own).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.url {
            DatabaseUrl::Sqlite(p) => Some(p.clone()),
            DatabaseUrl::Postgres(_) => None,
        }
    }

    pub fn conn(&self) -> DbConn {
        crate::pool::establish(&self.url, std::time::Duration::from_secs(5)).expect("connect")
    }

    pub fn pool(&self) -> DbPool {
        build_pool(
            &self.url,
            &PoolConfig {
                max_size: 4,
                ..PoolConfig::default()
            },
        )
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, schema)) = &self.pg {
            // Best effort: a leftover schema harms nothing, so errors are ignored.
            if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
        drop(self.dir.take());
    }
}
