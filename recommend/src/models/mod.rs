//! The models. Each has a `Config` (its hyperparameters, with defaults tuned on the validation
//! split) and a `train` function from [`crate::Interactions`].

pub mod als;
pub mod content;
pub mod ease;
pub mod hybrid;
pub mod knn;
pub mod popular;
