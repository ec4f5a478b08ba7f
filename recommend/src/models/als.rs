//! Implicit-feedback ALS (Hu, Koren & Volinsky 2008): user and item factors minimising
//! `Σ c_ui (p_ui − x_u·y_i)² + reg (‖x‖² + ‖y‖²)` with preference `p = 1` on interactions and
//! confidence `c = 1 + alpha × weight`.
//!
//! With `alpha = 0` (the tuned default) every cell has the same confidence, so every row of a
//! half-step has the same system matrix `YᵀY + reg I`: the half-step is solved exactly as
//! `X = P Y (YᵀY + reg I)⁻¹`, one `f × f` inverse and two matrix products ([`Solver::Auto`]).
//! Otherwise each row's normal equations get a few conjugate-gradient steps (Takács et al.
//! 2011), batched: the dense `YᵀY` part of every row's product is one matrix multiply, the sparse
//! part runs per row in parallel.
//!
//! Scoring a history folds it in: the user's factors are solved exactly against the trained item
//! factors, so new and changed profiles need no retraining.

use faer::linalg::matmul::matmul;
use faer::linalg::solvers::{DenseSolveCore, Solve};
use faer::{Accum, Mat, MatMut, MatRef, Par, Side};
use rayon::prelude::*;

use crate::dataset::{Event, Interactions};
use crate::linalg::{axpy, dot};
use crate::models::ease::strongest_seed;
use crate::{Model, Reason};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub factors: usize,
    pub regularization: f32,
    /// Confidence per unit of weight.
    pub alpha: f32,
    pub iterations: usize,
    /// Conjugate-gradient steps per row and half-iteration.
    pub cg_steps: usize,
    /// Seed of the deterministic initialisation.
    pub seed: u64,
    pub solver: Solver,
}

/// How each half-step is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    /// Exactly when every confidence is equal (`alpha = 0`), conjugate gradient otherwise.
    Auto,
    /// `cg_steps` conjugate-gradient steps per row, warm-started, whatever `alpha` is.
    ConjugateGradient,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            factors: 128,
            regularization: 10.0,
            // Tuned on the validation split: on 0/1 data extra confidence on the observed
            // cells hurt (0 is the Python `implicit` package's default on binary input).
            alpha: 0.0,
            iterations: 10,
            cg_steps: 3,
            seed: 42,
            solver: Solver::Auto,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Als {
    config: Config,
    /// Row-major `n_items × factors`.
    items: Vec<f32>,
    /// `YᵀY`, row-major `factors × factors`.
    gram: Vec<f32>,
    /// `(YᵀY + reg I)⁻¹`, row-major, when every confidence is equal: folding in is then one
    /// matrix-vector product.
    shared_inverse: Option<Vec<f32>>,
}

/// One side of the interaction matrix in compressed rows: the other side's indices and weights.
struct Rows {
    start: Vec<usize>,
    entries: Vec<(u32, f32)>,
}

impl Rows {
    fn row(&self, r: usize) -> &[(u32, f32)] {
        &self.entries[self.start[r]..self.start[r + 1]]
    }

    fn len(&self) -> usize {
        self.start.len() - 1
    }

    fn build(n: usize, row: impl Fn(usize) -> Vec<(u32, f32)>) -> Rows {
        let mut start = vec![0];
        let mut entries = Vec::new();
        for r in 0..n {
            entries.extend(row(r));
            start.push(entries.len());
        }
        Rows { start, entries }
    }
}

impl Als {
    pub fn train(data: &Interactions, config: Config) -> Als {
        let f = config.factors;
        let by_user = Rows::build(data.n_users(), |u| {
            data.history(u as u32)
                .iter()
                .map(|e| (e.item, e.weight))
                .collect()
        });
        let by_item = Rows::build(data.n_items(), |i| {
            data.item_users(i as u32)
                .iter()
                .map(|w| (w.user, w.weight))
                .collect()
        });
        let mut rng = SplitMix(config.seed);
        let scale = 0.01;
        let mut users: Vec<f32> = (0..data.n_users() * f)
            .map(|_| rng.next_f32() * scale)
            .collect();
        let mut items: Vec<f32> = (0..data.n_items() * f)
            .map(|_| rng.next_f32() * scale)
            .collect();
        let exact = config.solver == Solver::Auto && config.alpha == 0.0;
        for _ in 0..config.iterations {
            if exact {
                solve_side_exact(&mut users, &items, &by_user, &config);
                solve_side_exact(&mut items, &users, &by_item, &config);
            } else {
                solve_side(&mut users, &items, &by_user, &config);
                solve_side(&mut items, &users, &by_item, &config);
            }
        }
        let gram = gram(&items, f);
        let shared_inverse = if config.alpha == 0.0 {
            regularised_inverse(&gram, f, config.regularization)
        } else {
            None
        };
        Als {
            config,
            items,
            gram,
            shared_inverse,
        }
    }

    fn item(&self, i: u32) -> &[f32] {
        let f = self.config.factors;
        &self.items[i as usize * f..(i as usize + 1) * f]
    }

    /// The factors of a history, solved exactly against the item factors.
    pub fn fold_in(&self, history: &[Event]) -> Vec<f32> {
        let f = self.config.factors;
        let Config {
            regularization,
            alpha,
            ..
        } = self.config;
        if let Some(inverse) = &self.shared_inverse {
            let mut b = vec![0.0f32; f];
            for e in history {
                axpy(1.0, self.item(e.item), &mut b);
            }
            return inverse.chunks_exact(f).map(|row| dot(row, &b)).collect();
        }
        let mut a = Mat::<f32>::from_fn(f, f, |r, c| self.gram[r * f + c]);
        let mut b = Mat::<f32>::zeros(f, 1);
        for e in history {
            let y = self.item(e.item);
            let c = alpha * e.weight;
            for r in 0..f {
                for k in 0..f {
                    a[(r, k)] += c * y[r] * y[k];
                }
                b[(r, 0)] += (1.0 + c) * y[r];
            }
        }
        for r in 0..f {
            a[(r, r)] += regularization;
        }
        match a.llt(Side::Lower) {
            Ok(llt) => {
                llt.solve_in_place(b.as_mut());
                (0..f).map(|r| b[(r, 0)]).collect()
            }
            // Only possible with a non-positive regularisation: recommend nothing personal.
            Err(_) => vec![0.0; f],
        }
    }
}

/// Rows per parallel block of the dense products. Each block is multiplied single-threaded and
/// rayon spreads the blocks: faer's own parallel kernels synchronise through spinning barriers,
/// which waste most of their time when the cores are shared (measured: 40% of ALS training).
const BLOCK_ROWS: usize = 256;

/// `YᵀY` of a row-major `n × f` matrix, row-major `f × f`.
fn gram(y: &[f32], f: usize) -> Vec<f32> {
    let block = |rows: &[f32]| {
        let mut out = vec![0.0f32; f * f];
        let y = MatRef::from_row_major_slice(rows, rows.len() / f, f);
        matmul(
            MatMut::from_row_major_slice_mut(&mut out, f, f),
            Accum::Replace,
            y.transpose(),
            y,
            1.0,
            Par::Seq,
        );
        out
    };
    y.par_chunks(BLOCK_ROWS * f)
        .map(block)
        .reduce_with(|mut a, b| {
            axpy(1.0, &b, &mut a);
            a
        })
        .unwrap_or_else(|| vec![0.0f32; f * f])
}

/// `(gram + reg I)⁻¹` (row-major `f × f`, symmetric), factored in f64; `None` when it is not
/// positive definite (only possible with a non-positive regularisation).
fn regularised_inverse(gram: &[f32], f: usize, regularization: f32) -> Option<Vec<f32>> {
    let a = Mat::<f64>::from_fn(f, f, |r, c| {
        f64::from(gram[r * f + c])
            + if r == c {
                f64::from(regularization)
            } else {
                0.0
            }
    });
    let inverse = a.llt(Side::Lower).ok()?.inverse();
    Some((0..f * f).map(|k| inverse[(k / f, k % f)] as f32).collect())
}

/// Solves every row of `x` exactly against the fixed factors `other` when all confidences are
/// equal: `X = P Y (YᵀY + reg I)⁻¹` with `P` the 0/1 interaction rows. The dense product is
/// taken on whichever side has fewer rows: `(P Y) A⁻¹` or `P (Y A⁻¹)`.
fn solve_side_exact(x: &mut [f32], other: &[f32], rows: &Rows, config: &Config) {
    let f = config.factors;
    let Some(inverse) = regularised_inverse(&gram(other, f), f, config.regularization) else {
        x.fill(0.0);
        return;
    };
    let sum_rows = |from: &[f32], into: &mut [f32]| {
        into.par_chunks_mut(f).enumerate().for_each(|(i, into)| {
            into.fill(0.0);
            for &(j, _) in rows.row(i) {
                axpy(1.0, &from[j as usize * f..(j as usize + 1) * f], into);
            }
        });
    };
    if other.len() < x.len() {
        let mut solved = vec![0.0f32; other.len()];
        times_square(other, &inverse, f, &mut solved);
        sum_rows(&solved, x);
    } else {
        let mut summed = vec![0.0f32; x.len()];
        sum_rows(other, &mut summed);
        times_square(&summed, &inverse, f, x);
    }
}

/// `out = x · m` for a row-major `rows × f` matrix `x` and a row-major `f × f` matrix `m`.
fn times_square(x: &[f32], m: &[f32], f: usize, out: &mut [f32]) {
    let m = MatRef::from_row_major_slice(m, f, f);
    x.par_chunks(BLOCK_ROWS * f)
        .zip(out.par_chunks_mut(BLOCK_ROWS * f))
        .for_each(|(x, out)| {
            let rows = x.len() / f;
            matmul(
                MatMut::from_row_major_slice_mut(out, rows, f),
                Accum::Replace,
                MatRef::from_row_major_slice(x, rows, f),
                m,
                1.0,
                Par::Seq,
            );
        });
}

/// Adds the regularisation and the sparse confidence part of `A v` to `av` (which holds `YᵀY v`)
/// for one row.
fn add_sparse(av: &mut [f32], v: &[f32], row: &[(u32, f32)], other: &[f32], config: &Config) {
    let f = config.factors;
    axpy(config.regularization, v, av);
    for &(j, w) in row {
        let y = &other[j as usize * f..(j as usize + 1) * f];
        axpy(config.alpha * w * dot(y, v), y, av);
    }
}

/// Improves every row of `x` against the fixed factors `other` with a few CG steps, warm-started
/// from the current values.
fn solve_side(x: &mut [f32], other: &[f32], rows: &Rows, config: &Config) {
    let f = config.factors;
    let n = rows.len();
    let gram = gram(other, f);
    let mut r = vec![0.0f32; n * f];
    let mut p = vec![0.0f32; n * f];
    let mut ap = vec![0.0f32; n * f];
    let mut rs = vec![0.0f32; n];
    // r = b − A x; p = r.
    times_square(x, &gram, f, &mut ap);
    x.par_chunks(f)
        .zip(r.par_chunks_mut(f))
        .zip(p.par_chunks_mut(f))
        .zip(ap.par_chunks_mut(f))
        .zip(rs.par_iter_mut())
        .enumerate()
        .for_each(|(i, ((((x, r), p), ax), rs))| {
            add_sparse(ax, x, rows.row(i), other, config);
            for (r, ax) in r.iter_mut().zip(ax.iter()) {
                *r = -ax;
            }
            for &(j, w) in rows.row(i) {
                let y = &other[j as usize * f..(j as usize + 1) * f];
                axpy(1.0 + config.alpha * w, y, r);
            }
            p.copy_from_slice(r);
            *rs = dot(r, r);
        });
    for _ in 0..config.cg_steps {
        times_square(&p, &gram, f, &mut ap);
        x.par_chunks_mut(f)
            .zip(r.par_chunks_mut(f))
            .zip(p.par_chunks_mut(f))
            .zip(ap.par_chunks_mut(f))
            .zip(rs.par_iter_mut())
            .enumerate()
            .for_each(|(i, ((((x, r), p), ap), rs))| {
                if *rs < 1e-20 {
                    return;
                }
                add_sparse(ap, p, rows.row(i), other, config);
                let pap = dot(p, ap);
                if pap <= 0.0 {
                    return;
                }
                let step = *rs / pap;
                axpy(step, p, x);
                axpy(-step, ap, r);
                let rs_new = dot(r, r);
                let beta = rs_new / *rs;
                for (p, r) in p.iter_mut().zip(r.iter()) {
                    *p = r + beta * *p;
                }
                *rs = rs_new;
            });
    }
}

/// SplitMix64: a tiny, well-mixed generator for a reproducible initialisation.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

impl Model for Als {
    fn name(&self) -> &'static str {
        "als"
    }

    fn n_items(&self) -> usize {
        self.items.len() / self.config.factors
    }

    fn score(&self, history: &[Event], scores: &mut [f32]) {
        let user = self.fold_in(history);
        let f = self.config.factors;
        let n = scores.len();
        // One matrix-vector product: faer picks the machine's widest SIMD at run time, which
        // the portable `dot` cannot (this is most of a profile's scoring on 20,000 items).
        matmul(
            MatMut::from_row_major_slice_mut(scores, n, 1),
            Accum::Replace,
            MatRef::from_row_major_slice(&self.items, n, f),
            MatRef::from_row_major_slice(&user, f, 1),
            1.0,
            Par::Seq,
        );
    }

    fn reason(&self, history: &[Event], item: u32) -> Reason {
        let target = self.item(item);
        strongest_seed(history, |from| dot(self.item(from), target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rating;

    /// Two disjoint groups of users with disjoint tastes: a profile from one group must be
    /// recommended the group's unseen item first.
    #[test]
    fn recovers_block_structure() {
        let mut records = Vec::new();
        for user in 0..20i64 {
            let base = if user < 10 { 0 } else { 10 };
            for k in 0..5 {
                // Each user skips one item of their block.
                if k != user % 5 {
                    records.push(Rating {
                        user,
                        item: base + k,
                        value: 1.0,
                        time: 0,
                    });
                }
            }
        }
        let data = Interactions::new(&records, |_| 1.0);
        let als = Als::train(
            &data,
            Config {
                factors: 4,
                regularization: 0.1,
                alpha: 5.0,
                ..Config::default()
            },
        );
        let history = data.history(data.users().index(0).unwrap());
        let top = als.recommend(history, &[], 1);
        assert_eq!(data.items().id(top[0].item), 0);
    }

    /// With equal confidences the closed-form half-step and conjugate gradient run to
    /// convergence (f steps solve an f-dimensional system) reach the same factors, and folding
    /// in through the shared inverse matches the per-history Cholesky.
    #[test]
    fn exact_solver_matches_converged_conjugate_gradient() {
        let mut records = Vec::new();
        for user in 0..30i64 {
            for item in 0..12i64 {
                if (user * 7 + item * 3) % 5 < 2 {
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
        let config = Config {
            factors: 6,
            regularization: 0.5,
            alpha: 0.0,
            iterations: 4,
            cg_steps: 30,
            ..Config::default()
        };
        let exact = Als::train(&data, config);
        let cg = Als::train(
            &data,
            Config {
                solver: Solver::ConjugateGradient,
                ..config
            },
        );
        for (a, b) in exact.items.iter().zip(&cg.items) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        let history = data.history(0);
        let shared = exact.fold_in(history);
        let per_history = Als {
            shared_inverse: None,
            ..exact.clone()
        }
        .fold_in(history);
        for (a, b) in shared.iter().zip(&per_history) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }
}
