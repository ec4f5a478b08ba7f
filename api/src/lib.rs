//! Marquee's wire types — the one shape of each entity that the server sends and `marqueectl` and
//! `marquee` receive — and a typed HTTP client over them.
//!
//! This crate depends on neither Diesel nor warp: it is the contract, not an implementation.

pub mod account;
pub mod activity;
pub mod analytics;
pub mod auth;
pub mod catalogue;
pub mod client;
#[cfg(feature = "credentials")]
pub mod credentials;
pub mod error;
pub mod ops;
pub mod page;
pub mod profile;
pub mod recommend;
pub mod search;
pub mod sports;
pub mod trailers;

pub use error::{ErrorBody, ErrorDetail};
pub use page::{Page, Pagination};
