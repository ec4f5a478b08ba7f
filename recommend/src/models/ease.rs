//! EASE (Steck 2019): a dense item-item weight matrix `B = I − P / diag(P)` with
//! `P = (XᵀX + λI)⁻¹` and a zero diagonal; a history's scores are the weighted sum of its rows.
//!
//! When there are fewer users than items (ml-latest-small: 610 × 8246) `P` comes from the
//! Woodbury identity, `P = (I − Xᵀ(XXᵀ + λI)⁻¹X) / λ`, which factors a users × users matrix
//! instead of an items × items one: the same `B`, an order of magnitude faster. Otherwise the
//! items × items system is factored directly.

use faer::linalg::solvers::{DenseSolveCore, Solve};
use faer::{Mat, MatRef, Side};
use rayon::prelude::*;

use crate::dataset::{Event, Interactions};
use crate::linalg::{axpy, gram_row};
use crate::{Model, Reason};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// L2 regularisation λ.
    pub lambda: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config { lambda: 250.0 }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("EASE: the regularised Gram matrix is not positive definite (is λ > 0?)")]
pub struct NotPositiveDefinite;

#[derive(Debug, Clone)]
pub struct Ease {
    n: usize,
    /// Row-major `n × n`: row `i` holds what a history item `i` adds to every item.
    b: Vec<f32>,
}

impl Ease {
    /// The most memory training on `n_users × n_items` holds at once, in bytes (the matrices
    /// alive together at the peak of the path [`Ease::train`] takes), and the learned `B`
    /// (`n_items²` f32) is kept after that. 20,000 items need about 11 GB: callers leave EASE
    /// out above a budget.
    pub fn peak_bytes(n_users: usize, n_items: usize) -> u64 {
        let (m, n) = (n_users as u64, n_items as u64);
        if n_users < n_items {
            // K and its factor (m² f64 each), Z in f64 and its f32 copy, then B.
            16 * m * m + 12 * m * n + 4 * n * n
        } else {
            // The Gram matrix, its factor and the inverse (n² f64 each), then B.
            24 * n * n + 4 * n * n
        }
    }

    pub fn train(data: &Interactions, config: Config) -> Result<Ease, NotPositiveDefinite> {
        if data.n_users() < data.n_items() {
            Ease::train_dual(data, f64::from(config.lambda))
        } else {
            Ease::train_primal(data, f64::from(config.lambda))
        }
    }

    /// `P` from the items × items system.
    fn train_primal(data: &Interactions, lambda: f64) -> Result<Ease, NotPositiveDefinite> {
        let n = data.n_items();
        let mut gram = vec![0.0f64; n * n];
        gram.par_chunks_mut(n).enumerate().for_each_init(
            || vec![0.0f32; n],
            |row32, (i, row)| {
                row32.fill(0.0);
                gram_row(data, i as u32, row32);
                for (g, &v) in row.iter_mut().zip(row32.iter()) {
                    *g = f64::from(v);
                }
                row[i] += lambda;
            },
        );
        let gram = MatRef::from_row_major_slice(&gram, n, n);
        let p = gram
            .llt(Side::Lower)
            .map_err(|_| NotPositiveDefinite)?
            .inverse();
        let mut b = vec![0.0f32; n * n];
        b.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
            for (j, v) in row.iter_mut().enumerate() {
                if i != j {
                    *v = (-p[(i, j)] / p[(j, j)]) as f32;
                }
            }
        });
        Ok(Ease { n, b })
    }

    /// `P` through Woodbury: with `Z = (XXᵀ + λI)⁻¹X` and `M = XᵀZ`,
    /// `B_ij = M_ij / (1 − M_jj)` off the diagonal.
    fn train_dual(data: &Interactions, lambda: f64) -> Result<Ease, NotPositiveDefinite> {
        let (m, n) = (data.n_users(), data.n_items());
        let mut k = vec![0.0f64; m * m];
        k.par_chunks_mut(m).enumerate().for_each(|(a, row)| {
            for e in data.history(a as u32) {
                for uw in data.item_users(e.item) {
                    row[uw.user as usize] += f64::from(e.weight) * f64::from(uw.weight);
                }
            }
            row[a] += lambda;
        });
        let k = MatRef::from_row_major_slice(&k, m, m);
        let llt = k.llt(Side::Lower).map_err(|_| NotPositiveDefinite)?;
        let mut z = Mat::<f64>::zeros(m, n);
        for a in 0..m {
            for e in data.history(a as u32) {
                z[(a, e.item as usize)] = f64::from(e.weight);
            }
        }
        llt.solve_in_place(z.as_mut());
        let mut z_rows = vec![0.0f32; m * n];
        z_rows.par_chunks_mut(n).enumerate().for_each(|(a, row)| {
            for (j, v) in row.iter_mut().enumerate() {
                *v = z[(a, j)] as f32;
            }
        });
        let diag: Vec<f64> = (0..n)
            .map(|j| {
                let m_jj: f64 = data
                    .item_users(j as u32)
                    .iter()
                    .map(|uw| f64::from(uw.weight) * z[(uw.user as usize, j)])
                    .sum();
                1.0 - m_jj
            })
            .collect();
        let mut b = vec![0.0f32; n * n];
        b.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
            for uw in data.item_users(i as u32) {
                let a = uw.user as usize;
                axpy(uw.weight, &z_rows[a * n..(a + 1) * n], row);
            }
            for (v, d) in row.iter_mut().zip(&diag) {
                *v = (f64::from(*v) / d) as f32;
            }
            row[i] = 0.0;
        });
        Ok(Ease { n, b })
    }

    fn row(&self, item: u32) -> &[f32] {
        let i = item as usize;
        &self.b[i * self.n..(i + 1) * self.n]
    }

    /// The learned weight of history item `from` on item `to`.
    pub fn weight(&self, from: u32, to: u32) -> f32 {
        self.row(from)[to as usize]
    }
}

impl Model for Ease {
    fn name(&self) -> &'static str {
        "ease"
    }

    fn n_items(&self) -> usize {
        self.n
    }

    fn score(&self, history: &[Event], scores: &mut [f32]) {
        scores.fill(0.0);
        for e in history {
            axpy(e.weight, self.row(e.item), scores);
        }
    }

    fn reason(&self, history: &[Event], item: u32) -> Reason {
        strongest_seed(history, |from| self.weight(from, item))
    }
}

/// "Because you watched X": the history item contributing most to a recommendation, or
/// popularity when nothing in the history contributes.
pub(crate) fn strongest_seed(history: &[Event], weight: impl Fn(u32) -> f32) -> Reason {
    history
        .iter()
        .map(|e| (e.item, e.weight * weight(e.item)))
        .filter(|(_, c)| *c > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(Reason::Popular, |(item, _)| Reason::BecauseYouWatched {
            item,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rating;

    fn data(pairs: &[(i64, i64)]) -> Interactions {
        let records: Vec<Rating> = pairs
            .iter()
            .map(|&(user, item)| Rating {
                user,
                item,
                value: 1.0,
                time: 0,
            })
            .collect();
        Interactions::new(&records, |_| 1.0)
    }

    #[test]
    fn two_items_match_the_hand_solved_answer() {
        // XᵀX = [[3, 1], [1, 2]], λ = 1: P = [[3, −1], [−1, 4]] / 11, so B₀₁ = −P₀₁ / P₁₁ = 1/4
        // and B₁₀ = 1/3.
        let d = data(&[(1, 0), (1, 1), (2, 0), (3, 0), (4, 1)]);
        let ease = Ease::train(&d, Config { lambda: 1.0 }).unwrap();
        assert!((ease.weight(0, 1) - 0.25).abs() < 1e-6);
        assert!((ease.weight(1, 0) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(ease.weight(0, 0), 0.0);
    }

    #[test]
    fn woodbury_and_direct_solutions_agree() {
        let d = data(&[
            (1, 0),
            (1, 1),
            (1, 3),
            (2, 1),
            (2, 2),
            (2, 4),
            (3, 0),
            (3, 4),
        ]);
        let dual = Ease::train_dual(&d, 2.0).unwrap();
        let primal = Ease::train_primal(&d, 2.0).unwrap();
        for (a, b) in dual.b.iter().zip(&primal.b) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn peak_memory_follows_the_path_taken() {
        // ml-latest-small (610 users × 8,246 items) takes Woodbury: well under 1 GiB.
        assert!(Ease::peak_bytes(610, 8246) < 1 << 30);
        // 20,000 items with more users than items: three 20k² f64 matrices and B.
        assert_eq!(Ease::peak_bytes(100_000, 20_000), 28 * 20_000 * 20_000);
    }

    #[test]
    fn reason_names_the_strongest_history_item() {
        let d = data(&[(1, 0), (1, 1), (2, 0), (3, 0), (4, 1)]);
        let ease = Ease::train(&d, Config { lambda: 1.0 }).unwrap();
        let history = [Event {
            item: 1,
            weight: 1.0,
            time: 0,
        }];
        assert_eq!(
            ease.reason(&history, 0),
            Reason::BecauseYouWatched { item: 1 }
        );
    }
}
