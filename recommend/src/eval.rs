//! Offline evaluation: every test user's list from the model's own `recommend` (the code path
//! production serves), scored with [`crate::metrics`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Model;
use crate::dataset::{Interactions, Rating};
use crate::metrics::{self, Report};
use crate::models::content::{Content, ItemContent};
use crate::models::{als, ease, hybrid, knn, popular};

/// List length: the protocol asks for at least 20 (Recall@20).
pub const LIST_LEN: usize = 20;

/// Each test user's ranked list (external item ids) and test set, in user-id order.
pub fn lists(
    model: &dyn Model,
    train: &Interactions,
    test: &[Rating],
) -> Vec<(Vec<i64>, HashSet<i64>)> {
    let mut relevant: HashMap<i64, HashSet<i64>> = HashMap::new();
    for r in test {
        relevant.entry(r.user).or_default().insert(r.item);
    }
    let mut users: Vec<(i64, HashSet<i64>)> = relevant.into_iter().collect();
    users.sort_unstable_by_key(|(u, _)| *u);
    users
        .into_par_iter()
        .map(|(user, relevant)| {
            let history = match train.users().index(user) {
                Some(u) => train.history(u),
                None => &[],
            };
            let list = model
                .recommend(history, &[], LIST_LEN)
                .iter()
                .map(|r| train.items().id(r.item))
                .collect();
            (list, relevant)
        })
        .collect()
}

/// The protocol's report for a model trained on `train`, scored on `test`; the candidates are
/// the items of `train`.
pub fn evaluate(model: &dyn Model, train: &Interactions, test: &[Rating]) -> Report {
    metrics::report(&lists(model, train, test), train.n_items())
}

/// The models the evaluation knows, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Popular,
    Knn,
    Als,
    Ease,
    Content,
    Hybrid,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Popular,
        Kind::Knn,
        Kind::Als,
        Kind::Ease,
        Kind::Content,
        Kind::Hybrid,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Popular => "popular",
            Kind::Knn => "knn",
            Kind::Als => "als",
            Kind::Ease => "ease",
            Kind::Content => "content",
            Kind::Hybrid => "hybrid",
        }
    }
}

/// Every model's hyperparameters.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub ease: ease::Config,
    pub knn: knn::Config,
    pub als: als::Config,
    pub hybrid: hybrid::Config,
    /// The hybrid leaves EASE out (and blends with [`hybrid::Weights::without_ease`]) when
    /// training it would hold more than this many bytes, as the server does.
    pub ease_budget_bytes: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ease: ease::Config::default(),
            knn: knn::Config::default(),
            als: als::Config::default(),
            hybrid: hybrid::Config::default(),
            ease_budget_bytes: crate::engine::DEFAULT_EASE_BUDGET_BYTES,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Ease(#[from] ease::NotPositiveDefinite),
    #[error("the content model needs item content (genres, tags…) and none was given")]
    NoContent,
}

/// A trained model and the wall time its training took (for the hybrid, its parts' too).
#[derive(Clone)]
pub struct Trained {
    pub kind: Kind,
    pub model: Arc<dyn Model>,
    pub train_time: Duration,
}

impl std::fmt::Debug for Trained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trained")
            .field("kind", &self.kind)
            .field("train_time", &self.train_time)
            .finish()
    }
}

/// Trains the `kinds` asked for on `train`. `content[i]` describes item `i` of `train`; without
/// it the content model cannot be trained and the hybrid blends the collaborative parts alone.
/// The hybrid reuses parts trained for the report and trains the others itself.
pub fn train(
    kinds: &[Kind],
    train: &Interactions,
    content: Option<&[ItemContent]>,
    settings: &Settings,
) -> Result<Vec<Trained>, TrainError> {
    let mut order: Vec<Kind> = kinds.to_vec();
    order.sort_unstable();
    order.dedup();
    let mut done: Vec<Trained> = Vec::new();
    for kind in order {
        let trained = train_one(kind, train, content, settings, &done)?;
        done.push(trained);
    }
    Ok(done)
}

/// Trains one model; the hybrid takes its parts from `done` when they are there.
fn train_one(
    kind: Kind,
    train: &Interactions,
    content: Option<&[ItemContent]>,
    settings: &Settings,
    done: &[Trained],
) -> Result<Trained, TrainError> {
    let start = Instant::now();
    let model: Arc<dyn Model> = match kind {
        Kind::Popular => Arc::new(popular::Popular::train(train)),
        Kind::Knn => Arc::new(knn::Knn::train(train, settings.knn)),
        Kind::Als => Arc::new(als::Als::train(train, settings.als)),
        Kind::Ease => Arc::new(ease::Ease::train(train, settings.ease)?),
        Kind::Content => Arc::new(Content::train(content.ok_or(TrainError::NoContent)?)),
        Kind::Hybrid => {
            let mut config = settings.hybrid;
            if ease::Ease::peak_bytes(train.n_users(), train.n_items()) > settings.ease_budget_bytes
            {
                config.weights = hybrid::Weights::without_ease();
            }
            // Content serves twice: as a part and as the similarity of the diversity re-rank.
            let content = content.map(|c| Arc::new(Content::train(c)));
            let mut parts: Vec<Arc<dyn Model>> = Vec::new();
            let mut reused = Duration::ZERO;
            for part in [Kind::Ease, Kind::Als, Kind::Knn, Kind::Popular] {
                if config.weights.of(part.name()) == 0.0 {
                    continue;
                }
                match done.iter().find(|t| t.kind == part) {
                    Some(t) => {
                        reused += t.train_time;
                        parts.push(Arc::clone(&t.model));
                    }
                    None => parts.push(train_one(part, train, None, settings, done)?.model),
                }
            }
            if let Some(c) = &content {
                parts.push(Arc::clone(c) as Arc<dyn Model>);
            }
            let model = hybrid::Hybrid::new(&parts, content, config);
            return Ok(Trained {
                kind,
                model: Arc::new(model),
                train_time: start.elapsed() + reused,
            });
        }
    };
    Ok(Trained {
        kind,
        model,
        train_time: start.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::popular::Popular;

    fn r(user: i64, item: i64) -> Rating {
        Rating {
            user,
            item,
            value: 1.0,
            time: 0,
        }
    }

    #[test]
    fn popular_self_check_on_a_tiny_fixture() {
        // Counts: item 10 ×3, items 20 and 30 ×2 (tie: 20 first), 40 ×1.
        let train = Interactions::new(
            &[
                r(1, 10),
                r(2, 10),
                r(3, 10),
                r(1, 20),
                r(2, 30),
                r(3, 20),
                r(3, 30),
                r(2, 40),
            ],
            |_| 1.0,
        );
        let test = [r(1, 30), r(1, 99), r(2, 20), r(3, 50)];
        let model = Popular::train(&train);
        let lists = lists(&model, &train, &test);
        // User 1 has seen 10 and 20; user 2 10, 30, 40; user 3 everything but 40.
        assert_eq!(lists[0].0, [30, 40]);
        assert_eq!(lists[1].0, [20]);
        assert_eq!(lists[2].0, [40]);
        let report = evaluate(&model, &train, &test);
        // User 1: hit at rank 1 of |T| = 2; user 2: hit at rank 1 of 1; user 3: no hit.
        let ndcg1 = 1.0 / (1.0 + 1.0 / 3f64.log2());
        assert!((report.ndcg_at_10 - (ndcg1 + 1.0) / 3.0).abs() < 1e-12);
        assert!((report.recall_at_20 - (0.5 + 1.0) / 3.0).abs() < 1e-12);
        assert!((report.precision_at_10 - 0.2 / 3.0).abs() < 1e-12);
        assert!((report.hit_rate_at_10 - 2.0 / 3.0).abs() < 1e-12);
        // Top-10 union {20, 30, 40} over the four train items.
        assert!((report.coverage_at_10 - 0.75).abs() < 1e-12);
    }
}
