//! marqueed's integration tests: real server on 127.0.0.1, real database (SQLite by default,
//! PostgreSQL when MARQUEE_TEST_DATABASE_URL is set), real HTTP. One binary, modules by area.

mod binary;
mod config;
mod errors;
mod ops;
mod support;
