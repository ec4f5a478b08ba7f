//! Async handlers: arguments in, `ApiResult<impl Reply>` out. They decide; filters only extract.

pub mod ops;
