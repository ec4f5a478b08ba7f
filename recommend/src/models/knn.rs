//! Item-item cosine kNN: `sim(i, j) = (XᵀX)_ij / sqrt((XᵀX)_ii (XᵀX)_jj)`, keeping each item's
//! `k` most similar items (itself excluded). A history scores item `j` with the sum of
//! `weight × sim(i, j)` over its items `i` that have `j` among their neighbours.
//!
//! Only the `k` best neighbours of each item are ever held (each training thread fills one dense
//! row of `XᵀX` at a time), plus their transpose: for each item, the items whose neighbour lists
//! hold it. Scoring walks the transposed lists of the history's items, so a profile costs
//! `history × k` steps instead of `items × k`.

use rayon::prelude::*;

use crate::dataset::{Event, Interactions};
use crate::linalg::gram_row;
use crate::models::ease::strongest_seed;
use crate::{Model, Reason};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Neighbours kept per item.
    pub k: usize,
    /// Prune on the side of the item being scored (a history item counts for `j` when it is
    /// among `j`'s neighbours) rather than on the side of the history item.
    pub by_target: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            k: 100,
            by_target: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Knn {
    /// Each item's neighbours, best first.
    neighbours: Vec<Vec<(u32, f32)>>,
    /// The transpose: for each item `i`, every `(j, sim)` with `i` among `j`'s neighbours, by `j`.
    reverse: Vec<Vec<(u32, f32)>>,
    by_target: bool,
}

impl Knn {
    pub fn train(data: &Interactions, config: Config) -> Knn {
        let n = data.n_items();
        let norms: Vec<f32> = (0..n as u32)
            .map(|i| {
                let sq: f32 = data.item_users(i).iter().map(|u| u.weight * u.weight).sum();
                sq.sqrt()
            })
            .collect();
        let neighbours = (0..n as u32)
            .into_par_iter()
            .map_init(
                || vec![0.0f32; n],
                |row, i| {
                    row.fill(0.0);
                    gram_row(data, i, row);
                    let mut sims: Vec<(u32, f32)> = row
                        .iter()
                        .enumerate()
                        .filter(|&(j, &v)| j != i as usize && v > 0.0)
                        .map(|(j, &v)| (j as u32, v / (norms[i as usize] * norms[j])))
                        .collect();
                    let by_sim =
                        |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                    if sims.len() > config.k && config.k > 0 {
                        sims.select_nth_unstable_by(config.k - 1, by_sim);
                    }
                    sims.truncate(config.k);
                    sims.sort_unstable_by(by_sim);
                    sims
                },
            )
            .collect::<Vec<Vec<(u32, f32)>>>();
        let mut reverse = vec![Vec::new(); n];
        for (j, list) in neighbours.iter().enumerate() {
            for &(i, s) in list {
                reverse[i as usize].push((j as u32, s));
            }
        }
        Knn {
            neighbours,
            reverse,
            by_target: config.by_target,
        }
    }

    /// The items that hold `item` among their neighbours, with the similarity, by index: the
    /// items a history of `item` alone lends a score to (when pruned by target).
    pub fn neighbour_of(&self, item: u32) -> &[(u32, f32)] {
        &self.reverse[item as usize]
    }

    /// The `k` items most similar to `item`, best first.
    pub fn neighbours(&self, item: u32) -> &[(u32, f32)] {
        &self.neighbours[item as usize]
    }

    /// The pruned similarity a history item `from` lends to `to`.
    fn similarity(&self, from: u32, to: u32) -> f32 {
        let (row, other) = if self.by_target {
            (to, from)
        } else {
            (from, to)
        };
        self.neighbours(row)
            .iter()
            .find(|(j, _)| *j == other)
            .map_or(0.0, |(_, s)| *s)
    }
}

impl Model for Knn {
    fn name(&self) -> &'static str {
        "knn"
    }

    fn n_items(&self) -> usize {
        self.neighbours.len()
    }

    fn score(&self, history: &[Event], scores: &mut [f32]) {
        scores.fill(0.0);
        let lists = if self.by_target {
            &self.reverse
        } else {
            &self.neighbours
        };
        for e in history {
            for &(j, s) in &lists[e.item as usize] {
                scores[j as usize] += e.weight * s;
            }
        }
    }

    fn reason(&self, history: &[Event], item: u32) -> Reason {
        if !self.by_target || history.len() < 8 {
            return strongest_seed(history, |from| self.similarity(from, item));
        }
        // One pass over the item's neighbours with the history sorted for look-ups, instead of
        // one neighbour-list search per history item.
        let mut sorted: Vec<(u32, f32)> = history.iter().map(|e| (e.item, e.weight)).collect();
        sorted.sort_unstable_by_key(|p| p.0);
        let sims: Vec<(u32, f32)> = self
            .neighbours(item)
            .iter()
            .filter(|(i, _)| sorted.binary_search_by_key(i, |p| p.0).is_ok())
            .copied()
            .collect();
        strongest_seed(history, |from| {
            sims.iter().find(|(i, _)| *i == from).map_or(0.0, |p| p.1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rating;

    #[test]
    fn cosine_neighbours_are_pruned_to_k() {
        // Item 0 and 1 share both users; item 2 shares one user with each.
        let records: Vec<Rating> = [(1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (3, 2)]
            .iter()
            .map(|&(user, item)| Rating {
                user,
                item,
                value: 1.0,
                time: 0,
            })
            .collect();
        let data = Interactions::new(&records, |_| 1.0);
        let knn = Knn::train(
            &data,
            Config {
                k: 1,
                by_target: false,
            },
        );
        // cos(0, 1) = 2 / (√2 √2) = 1; cos(0, 2) = 1 / (√2 √2) = 0.5.
        let close = |got: &[(u32, f32)], want: (u32, f32)| {
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].0, want.0);
            assert!((got[0].1 - want.1).abs() < 1e-6, "{got:?}");
        };
        close(knn.neighbours(0), (1, 1.0));
        // Items 0 and 1 tie with item 2; the lower index wins.
        close(knn.neighbours(2), (0, 0.5));
        let mut scores = vec![0.0; 3];
        knn.score(
            &[Event {
                item: 2,
                weight: 2.0,
                time: 0,
            }],
            &mut scores,
        );
        assert!(
            (scores[0] - 1.0).abs() < 1e-6 && scores[1] == 0.0,
            "{scores:?}"
        );
    }

    /// Scoring through the transposed lists gives what pruning by target means: item `j` gets
    /// `Σ weight(i) × sim(i, j)` over the history items among `j`'s own neighbours.
    #[test]
    fn target_pruned_scores_match_the_definition() {
        let mut records = Vec::new();
        for user in 0..40i64 {
            for item in 0..15i64 {
                if (user * 5 + item * 7) % 9 < 4 {
                    records.push(Rating {
                        user,
                        item,
                        value: 1.0,
                        time: 0,
                    });
                }
            }
        }
        let data = Interactions::new(&records, |_| 1.0);
        let knn = Knn::train(
            &data,
            Config {
                k: 3,
                by_target: true,
            },
        );
        let history: Vec<Event> = [(1, 2.0), (4, 1.0), (9, 0.5)]
            .iter()
            .map(|&(item, weight)| Event {
                item,
                weight,
                time: 0,
            })
            .collect();
        let mut scores = vec![0.0; data.n_items()];
        knn.score(&history, &mut scores);
        for (j, got) in scores.iter().enumerate() {
            let want: f32 = history
                .iter()
                .map(|e| {
                    let sim = knn
                        .neighbours(j as u32)
                        .iter()
                        .find(|(i, _)| *i == e.item)
                        .map_or(0.0, |p| p.1);
                    e.weight * sim
                })
                .sum();
            assert!((got - want).abs() < 1e-5, "item {j}: {got} vs {want}");
        }
        assert!(scores.iter().any(|s| *s > 0.0));
    }
}
