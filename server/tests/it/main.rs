//! marqueed's integration tests: real server on 127.0.0.1, real database (SQLite by default,
//! PostgreSQL when MARQUEE_TEST_DATABASE_URL is set), real HTTP. One binary, modules by area.

// Test helpers outside `#[test]` fns unwrap too: a panic there is a test failure.
#![allow(clippy::unwrap_used)]

mod accounts;
mod activity;
mod admin;
mod analytics;
mod auth;
mod binary;
mod cache;
mod catalogue;
mod checks;
mod config;
mod errors;
mod faults;
mod fixtures;
mod metrics;
mod openapi;
mod ops;
mod recommend;
mod scaleout;
mod search;
mod security;
mod sports;
mod support;
mod tls;
mod trailers;
mod writes;
