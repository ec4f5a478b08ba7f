//! Item-item cosine kNN: `sim(i, j) = (XᵀX)_ij / sqrt((XᵀX)_ii (XᵀX)_jj)`, keeping each item's
//! `k` most similar items (itself excluded). A history scores item `j` with the sum of
//! `weight × sim(i, j)` over its items `i` that have `j` among their neighbours.

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
            .collect();
        Knn {
            neighbours,
            by_target: config.by_target,
        }
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
        if self.by_target {
            let mut weight = vec![0.0f32; scores.len()];
            for e in history {
                weight[e.item as usize] += e.weight;
            }
            for (s, neighbours) in scores.iter_mut().zip(&self.neighbours) {
                *s = neighbours
                    .iter()
                    .map(|&(i, sim)| weight[i as usize] * sim)
                    .sum();
            }
        } else {
            for e in history {
                for &(j, s) in self.neighbours(e.item) {
                    scores[j as usize] += e.weight * s;
                }
            }
        }
    }

    fn reason(&self, history: &[Event], item: u32) -> Reason {
        strongest_seed(history, |from| self.similarity(from, item))
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
}
