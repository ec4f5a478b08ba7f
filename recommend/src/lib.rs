//! Marquee's recommendation engine: models that turn interactions and item content into ranked
//! lists with scores and reasons, and the offline metrics they are judged by.
//!
//! Everything here is pure computation on in-memory data, multi-threaded with rayon. It must not
//! depend on the database, HTTP, tokio or the file system: the server feeds it rows and stores
//! its lists, the CLI feeds it the protocol's CSV files through [`data`], which reads from any
//! reader. Items and users are dense `u32` indices ([`dataset::IdMap`]) assigned in ascending
//! external-id order, so index order is the protocol's tie-break order.

pub mod data;
pub mod dataset;
pub mod engine;
pub mod eval;
mod linalg;
pub mod metrics;
pub mod models;
pub mod rank;

pub use dataset::{Event, IdMap, Interactions, Rating};
pub use rank::{Reason, Recommendation};

/// A trained model. `score` must not depend on anything but the history it is given, so the same
/// model serves profiles it was trained on and new ones (fold-in).
pub trait Model: Send + Sync {
    /// Short name used in reports (`ease`, `knn`…).
    fn name(&self) -> &'static str;

    /// Number of items the model scores; histories use indices below it.
    fn n_items(&self) -> usize;

    /// Writes a score for every item into `scores` (`n_items` long); higher is better.
    fn score(&self, history: &[Event], scores: &mut [f32]);

    /// Why `item` suits this history.
    fn reason(&self, history: &[Event], item: u32) -> Reason;

    /// Why each of `items` suits this history; models that derive something from the whole
    /// history first (a profile vector) do that once.
    fn reasons(&self, history: &[Event], items: &[u32]) -> Vec<Reason> {
        items.iter().map(|&i| self.reason(history, i)).collect()
    }

    /// The `n` best items not in the history nor in `exclude`, best first, each with its reason.
    fn recommend(&self, history: &[Event], exclude: &[u32], n: usize) -> Vec<Recommendation> {
        let mut scores = vec![0.0; self.n_items()];
        self.score(history, &mut scores);
        rank::top_n(&scores, history, exclude, n)
            .into_iter()
            .map(|(item, score)| Recommendation {
                item,
                score,
                reason: self.reason(history, item),
            })
            .collect()
    }
}
