//! Embedded migrations for both backends. Each migration exists under the same folder name in
//! `migrations/sqlite/` and `migrations/postgres/`; a test checks the two lists match.

use diesel::migration::{MigrationSource, MigrationVersion};
use diesel::pg::Pg;
use diesel::sqlite::Sqlite;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::DbConn;

pub const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Where a database stands against the migrations compiled into this binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub applied: Vec<String>,
    pub pending: Vec<String>,
}

impl Status {
    pub fn is_current(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Applies every pending migration; returns the versions it applied.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, MigrationError> {
    let applied = match conn {
        DbConn::Postgresql(c) => c
            .run_pending_migrations(POSTGRES)?
            .iter()
            .map(to_string)
            .collect(),
        DbConn::Sqlite(c) => c
            .run_pending_migrations(SQLITE)?
            .iter()
            .map(to_string)
            .collect(),
    };
    Ok(applied)
}

/// Reverts every applied migration, newest first (used by tests and `marqueectl db reset`).
pub fn revert_all(conn: &mut DbConn) -> Result<Vec<String>, MigrationError> {
    let reverted = match conn {
        DbConn::Postgresql(c) => c
            .revert_all_migrations(POSTGRES)?
            .iter()
            .map(to_string)
            .collect(),
        DbConn::Sqlite(c) => c
            .revert_all_migrations(SQLITE)?
            .iter()
            .map(to_string)
            .collect(),
    };
    Ok(reverted)
}

pub fn status(conn: &mut DbConn) -> Result<Status, MigrationError> {
    let (applied, known): (Vec<String>, Vec<String>) = match conn {
        DbConn::Postgresql(c) => (
            c.applied_migrations()?.iter().map(to_string).collect(),
            names::<Pg>(&POSTGRES)?,
        ),
        DbConn::Sqlite(c) => (
            c.applied_migrations()?.iter().map(to_string).collect(),
            names::<Sqlite>(&SQLITE)?,
        ),
    };
    let pending = known.into_iter().filter(|v| !applied.contains(v)).collect();
    let mut applied = applied;
    applied.sort();
    Ok(Status { applied, pending })
}

/// The versions compiled into this binary for the connection's backend, oldest first.
pub fn known_versions(conn: &DbConn) -> Result<Vec<String>, MigrationError> {
    match conn {
        DbConn::Postgresql(_) => names::<Pg>(&POSTGRES),
        DbConn::Sqlite(_) => names::<Sqlite>(&SQLITE),
    }
}

fn names<DB: diesel::backend::Backend>(
    source: &EmbeddedMigrations,
) -> Result<Vec<String>, MigrationError>
where
    EmbeddedMigrations: MigrationSource<DB>,
{
    let mut v: Vec<String> = MigrationSource::<DB>::migrations(source)?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    v.sort();
    Ok(v)
}

fn to_string(v: &MigrationVersion<'_>) -> String {
    v.to_string()
}
