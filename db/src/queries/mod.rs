//! Named queries, one function per statement or small transaction, each returning
//! [`diesel::QueryResult`] over a [`crate::DbConn`]. Written once on portable types; the few that
//! need backend-specific SQL say why. Callers (the server, the CLI) own transactions that span
//! several of these.
//!
//! Whole rows are `crate::models` types; the few structs here are projections or parameter sets
//! of one query. Never `Serialize`: the server maps them to `marquee_api` types.

pub mod activity;
pub mod analytics;
pub mod audit;
pub mod catalogue;
pub mod content;
mod fixed;
pub mod jobs;
pub mod mail;
pub mod profiles;
pub mod recommend;
pub mod search;
pub mod sessions;
pub mod sports;
pub mod tokens;
pub mod totp;
pub mod trailers;
pub mod users;
