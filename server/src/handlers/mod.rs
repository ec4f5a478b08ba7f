//! Async handlers: arguments in, `ApiResult<impl Reply>` out. They decide; filters only extract.

pub mod activity;
pub mod admin;
pub mod analytics;
pub mod auth;
pub mod catalogue;
pub mod me;
pub mod ops;
pub mod people;
pub mod profiles;
pub mod recommend;
pub mod search;
pub mod sports;
pub mod trailers;
