//! Integration tests of `marquee-db` against real databases: every table written and read back,
//! the constraints that guard the data, `schema.rs` against the migrated database, and the
//! migrations themselves (up → down → up on both backends).
//!
//! Each test owns a fresh database from `TestDb` (SQLite by default; PostgreSQL when
//! `MARQUEE_TEST_DATABASE_URL=postgres://…` is set). Tests named `*_on_postgres` / `*_on_sqlite`
//! pick their backend explicitly.

// Test helpers outside `#[test]` fns unwrap too: a panic there is a test failure.
#![allow(clippy::unwrap_used)]

mod concurrency;
mod constraints;
mod fixtures;
mod migrations;
mod pool;
mod ratings;
mod schema_file;
mod sqlite_tuning;
mod tables;
