//! The blend For You serves: each part's scores standardised per profile (z-scores over the
//! items the profile has not seen), summed with tuned weights, on a history whose most recent
//! items weigh more; then an MMR re-rank (Carbonell & Goldstein 1998) over content similarity
//! trades a little relevance for lists that are not ten films of one kind.
//!
//! The default weights were tuned on a validation split carved from the protocol's train.csv
//! by the protocol's own split rule (`examples/tune.rs`), never on test.csv.

use std::sync::Arc;

use crate::dataset::Event;
use crate::models::content::Content;
use crate::rank::{self, Recommendation};
use crate::{Model, Reason};

/// Blend weights of the parts (on z-scores), by model name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub ease: f32,
    pub als: f32,
    pub knn: f32,
    pub content: f32,
    pub popular: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        // Tuned on the validation split (see the module docs); the negative popularity weight
        // buys catalogue coverage for a little accuracy.
        Weights {
            ease: 1.0,
            als: 0.3,
            knn: 1.5,
            content: 0.7,
            popular: -1.5,
        }
    }
}

impl Weights {
    /// The blend when EASE is left out (its matrix over the memory budget, see
    /// [`crate::models::ease::Ease::peak_bytes`]), tuned on the same validation split with the
    /// EASE weight at 0 (NDCG@10 0.1433, Coverage@10 0.1461 there; the full blend: 0.1553,
    /// 0.1636). kNN and ALS take over EASE's share; a milder popularity penalty keeps accuracy.
    pub fn without_ease() -> Weights {
        Weights {
            ease: 0.0,
            als: 1.0,
            knn: 2.0,
            content: 1.0,
            popular: -1.0,
        }
    }

    /// The weight of the part called `name` (0 for an unknown one).
    pub fn of(&self, name: &str) -> f32 {
        match name {
            "ease" => self.ease,
            "als" => self.als,
            "knn" => self.knn,
            "content" => self.content,
            "popular" => self.popular,
            _ => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub weights: Weights,
    /// Extra weight of the newest history item: weight × (1 + recency × ½^(age / half_life)),
    /// `age` counting the items watched after it.
    pub recency: f32,
    pub recency_half_life: f32,
    /// MMR trade-off: 0 ranks by relevance alone, 1 by novelty against the items already picked.
    pub diversity: f32,
    /// How many of the best items MMR chooses from.
    pub pool: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            weights: Weights::default(),
            recency: 20.0,
            recency_half_life: 5.0,
            diversity: 0.2,
            pool: 100,
        }
    }
}

/// One blended model and its weight.
#[derive(Clone)]
pub struct Part {
    pub model: Arc<dyn Model>,
    pub weight: f32,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("model", &self.model.name())
            .field("weight", &self.weight)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct Hybrid {
    parts: Vec<Part>,
    /// Item similarity for the diversity re-rank; without it MMR is skipped.
    content: Option<Arc<Content>>,
    config: Config,
    n_items: usize,
}

impl Hybrid {
    /// Blends `models` (one item space) with the weights `config` gives their names; models
    /// weighted 0 are left out.
    pub fn new(models: &[Arc<dyn Model>], content: Option<Arc<Content>>, config: Config) -> Hybrid {
        let parts: Vec<Part> = models
            .iter()
            .map(|m| Part {
                model: Arc::clone(m),
                weight: config.weights.of(m.name()),
            })
            .filter(|p| p.weight != 0.0)
            .collect();
        let n_items = parts.first().map_or(0, |p| p.model.n_items());
        Hybrid {
            parts,
            content,
            config,
            n_items,
        }
    }

    /// The names of the blended parts, in blend order.
    pub fn part_names(&self) -> Vec<&'static str> {
        self.parts.iter().map(|p| p.model.name()).collect()
    }

    /// The history re-weighted for recency: the newest item gains `recency`, halving every
    /// `recency_half_life` items back.
    pub fn recent_weighted(&self, history: &[Event]) -> Vec<Event> {
        let mut order: Vec<usize> = (0..history.len()).collect();
        // Newest first; the history need not arrive sorted.
        order.sort_by(|&a, &b| history[b].time.cmp(&history[a].time).then(b.cmp(&a)));
        let mut out = history.to_vec();
        for (age, &i) in order.iter().enumerate() {
            let boost =
                self.config.recency * 0.5f32.powf(age as f32 / self.config.recency_half_life);
            out[i].weight *= 1.0 + boost;
        }
        out
    }

    /// Each part's standardised scores, unweighted.
    fn part_scores(&self, history: &[Event]) -> Vec<Vec<f32>> {
        let weighted = self.recent_weighted(history);
        let mut seen = vec![false; self.n_items];
        for e in history {
            if let Some(s) = seen.get_mut(e.item as usize) {
                *s = true;
            }
        }
        self.parts
            .iter()
            .map(|part| {
                let mut scores = vec![0.0; self.n_items];
                part.model.score(&weighted, &mut scores);
                standardise(&mut scores, &seen);
                scores
            })
            .collect()
    }

    /// Greedy MMR (trade-off `lambda`) for the first `diverse` picks, then the rest of the pool
    /// by relevance.
    fn diversify(
        &self,
        ranked: Vec<(u32, f32)>,
        n: usize,
        diverse: usize,
        lambda: f32,
    ) -> Vec<(u32, f32)> {
        let Some(content) = &self.content else {
            return ranked.into_iter().take(n).collect();
        };
        if lambda <= 0.0 || ranked.len() <= 1 {
            return ranked.into_iter().take(n).collect();
        }
        let (hi, lo) = (ranked[0].1, ranked[ranked.len() - 1].1);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let mut left: Vec<(u32, f32, f32)> = ranked
            .into_iter()
            .map(|(i, s)| (i, s, 0.0)) // (item, score, max similarity to the picked)
            .collect();
        let mut picked = Vec::with_capacity(n);
        let diverse = diverse.min(n);
        while picked.len() < diverse && !left.is_empty() {
            let value = |c: &(u32, f32, f32)| (1.0 - lambda) * (c.1 - lo) / span - lambda * c.2;
            let mut best = 0;
            for k in 1..left.len() {
                // Strictly better only: equal values keep the better-ranked item.
                if value(&left[k]) > value(&left[best]) {
                    best = k;
                }
            }
            let (item, score, _) = left.remove(best);
            picked.push((item, score));
            if picked.len() == diverse {
                break;
            }
            for c in &mut left {
                c.2 = c.2.max(content.similarity(c.0, item));
            }
        }
        let rest = n - picked.len();
        picked.extend(
            left.into_iter()
                .take(rest)
                .map(|(item, score, _)| (item, score)),
        );
        picked
    }
}

/// z-scores over the unseen items; a constant part contributes nothing.
fn standardise(scores: &mut [f32], seen: &[bool]) {
    let (mut n, mut sum, mut sq) = (0.0f64, 0.0f64, 0.0f64);
    for (s, &skip) in scores.iter().zip(seen) {
        if !skip {
            n += 1.0;
            sum += f64::from(*s);
            sq += f64::from(*s) * f64::from(*s);
        }
    }
    let mean = if n > 0.0 { sum / n } else { 0.0 };
    let var = if n > 0.0 { sq / n - mean * mean } else { 0.0 };
    if var <= 1e-24 {
        scores.fill(0.0);
        return;
    }
    let (mean, sd) = (mean as f32, var.sqrt() as f32);
    for s in scores.iter_mut() {
        *s = (*s - mean) / sd;
    }
}

impl Model for Hybrid {
    fn name(&self) -> &'static str {
        "hybrid"
    }

    fn n_items(&self) -> usize {
        self.n_items
    }

    fn score(&self, history: &[Event], scores: &mut [f32]) {
        scores.fill(0.0);
        for (part, part_scores) in self.parts.iter().zip(self.part_scores(history)) {
            for (s, p) in scores.iter_mut().zip(part_scores) {
                *s += part.weight * p;
            }
        }
    }

    /// The reason of the part that contributes most to this item.
    fn reason(&self, history: &[Event], item: u32) -> Reason {
        let weighted = self.recent_weighted(history);
        self.parts
            .iter()
            .zip(self.part_scores(history))
            .map(|(part, scores)| (part, part.weight * scores[item as usize]))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(Reason::Popular, |(part, _)| {
                part.model.reason(&weighted, item)
            })
    }

    fn recommend(&self, history: &[Event], exclude: &[u32], n: usize) -> Vec<Recommendation> {
        self.recommend_diverse(history, exclude, n, n)
    }
}

impl Hybrid {
    /// [`Model::recommend`] with the MMR re-rank limited to the first `diverse` items: the
    /// rest follow by relevance (the same first `diverse` items, for less work).
    pub fn recommend_diverse(
        &self,
        history: &[Event],
        exclude: &[u32],
        n: usize,
        diverse: usize,
    ) -> Vec<Recommendation> {
        self.recommend_tuned(history, exclude, n, diverse, None)
    }

    /// [`Hybrid::recommend_diverse`] with another MMR trade-off than the configured one (a
    /// per-profile setting); `None` keeps the configured one.
    pub fn recommend_tuned(
        &self,
        history: &[Event],
        exclude: &[u32],
        n: usize,
        diverse: usize,
        diversity: Option<f32>,
    ) -> Vec<Recommendation> {
        let weighted = self.recent_weighted(history);
        let part_scores = self.part_scores(history);
        let mut scores = vec![0.0; self.n_items];
        for (part, ps) in self.parts.iter().zip(&part_scores) {
            for (s, p) in scores.iter_mut().zip(ps) {
                *s += part.weight * p;
            }
        }
        let ranked = rank::top_n(&scores, history, exclude, self.config.pool.max(n));
        let lambda = diversity.unwrap_or(self.config.diversity);
        let picked = self.diversify(ranked, n, diverse, lambda);
        // The part contributing most to an item gives its reason; each part explains all of
        // its items in one call.
        let best: Vec<Option<usize>> = picked
            .iter()
            .map(|&(item, _)| {
                part_scores
                    .iter()
                    .enumerate()
                    .map(|(k, ps)| (k, self.parts[k].weight * ps[item as usize]))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(k, _)| k)
            })
            .collect();
        let mut reasons = vec![Reason::Popular; picked.len()];
        for (k, part) in self.parts.iter().enumerate() {
            let mine: Vec<usize> = (0..picked.len()).filter(|&i| best[i] == Some(k)).collect();
            if mine.is_empty() {
                continue;
            }
            let items: Vec<u32> = mine.iter().map(|&i| picked[i].0).collect();
            for (i, reason) in mine.into_iter().zip(part.model.reasons(&weighted, &items)) {
                reasons[i] = reason;
            }
        }
        picked
            .into_iter()
            .zip(reasons)
            .map(|((item, score), reason)| Recommendation {
                item,
                score,
                reason,
            })
            .collect()
    }
}
