//! The credential store is shared with `marqueectl`: it lives in `marquee_api::credentials`.

pub use marquee_api::credentials::*;
