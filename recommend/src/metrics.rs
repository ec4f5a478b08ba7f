//! Top-N metrics exactly as `shared/data/PROTOCOL.md` defines them. Relevance is binary: an item
//! is relevant when it is in the user's test set `T`, which counts every test item, also those
//! no model can recommend.

use std::collections::HashSet;
use std::hash::Hash;

/// `DCG@k / IDCG@k`, with `IDCG` over `min(|T|, k)` ideal hits. 0 when `T` is empty.
pub fn ndcg_at<T: Eq + Hash>(list: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    let ideal: f64 = (1..=relevant.len().min(k)).map(discount).sum();
    if ideal == 0.0 {
        return 0.0;
    }
    let dcg: f64 = list
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, item)| relevant.contains(item))
        .map(|(i, _)| discount(i + 1))
        .sum();
    dcg / ideal
}

/// `1 / log2(rank + 1)` for a 1-based rank.
fn discount(rank: usize) -> f64 {
    1.0 / ((rank + 1) as f64).log2()
}

fn hits<T: Eq + Hash>(list: &[T], relevant: &HashSet<T>, k: usize) -> usize {
    list.iter().take(k).filter(|i| relevant.contains(i)).count()
}

/// Hits in the top `k` over `min(|T|, k)`. 0 when `T` is empty.
pub fn recall_at<T: Eq + Hash>(list: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    let denominator = relevant.len().min(k);
    if denominator == 0 {
        return 0.0;
    }
    hits(list, relevant, k) as f64 / denominator as f64
}

/// Hits in the top `k` over `k` (a list shorter than `k` is not given credit for it).
pub fn precision_at<T: Eq + Hash>(list: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    hits(list, relevant, k) as f64 / k as f64
}

/// 1 when any of the top `k` is relevant.
pub fn hit_rate_at<T: Eq + Hash>(list: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    if hits(list, relevant, k) > 0 {
        1.0
    } else {
        0.0
    }
}

/// Distinct items in the union of every list's top `k`, over the number of candidates.
pub fn coverage_at<'a, T: Eq + Hash + 'a>(
    lists: impl IntoIterator<Item = &'a [T]>,
    k: usize,
    candidates: usize,
) -> f64 {
    if candidates == 0 {
        return 0.0;
    }
    let mut seen = HashSet::new();
    for list in lists {
        seen.extend(list.iter().take(k));
    }
    seen.len() as f64 / candidates as f64
}

/// The protocol's report for one model: per-user means over users with a non-empty test set,
/// and catalogue coverage.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Report {
    pub ndcg_at_10: f64,
    pub recall_at_20: f64,
    pub precision_at_10: f64,
    pub hit_rate_at_10: f64,
    pub coverage_at_10: f64,
    pub users: usize,
}

/// Scores ranked lists against test sets; `cases` pairs each user's list with their test items.
/// Users with an empty test set are skipped, as the protocol averages over `|T| >= 1`.
pub fn report<T: Eq + Hash>(cases: &[(Vec<T>, HashSet<T>)], candidates: usize) -> Report {
    let scored: Vec<&(Vec<T>, HashSet<T>)> = cases.iter().filter(|(_, t)| !t.is_empty()).collect();
    let n = scored.len();
    let mean = |f: &dyn Fn(&[T], &HashSet<T>) -> f64| -> f64 {
        if n == 0 {
            return 0.0;
        }
        scored.iter().map(|(l, t)| f(l, t)).sum::<f64>() / n as f64
    };
    Report {
        ndcg_at_10: mean(&|l, t| ndcg_at(l, t, 10)),
        recall_at_20: mean(&|l, t| recall_at(l, t, 20)),
        precision_at_10: mean(&|l, t| precision_at(l, t, 10)),
        hit_rate_at_10: mean(&|l, t| hit_rate_at(l, t, 10)),
        coverage_at_10: coverage_at(scored.iter().map(|(l, _)| l.as_slice()), 10, candidates),
        users: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[u32]) -> HashSet<u32> {
        items.iter().copied().collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn ndcg_two_hits_at_ranks_one_and_three_of_four() {
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/2 + 1/log2(5).
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5 + 1.0 / 5f64.log2();
        let list = [1, 9, 2, 8, 7];
        close(ndcg_at(&list, &set(&[1, 2, 3, 4]), 10), 1.5 / idcg);
    }

    #[test]
    fn ndcg_ideal_caps_at_k_and_ignores_hits_below_k() {
        let relevant: HashSet<u32> = (0..15).collect();
        let list: Vec<u32> = (0..10).collect();
        close(ndcg_at(&list, &relevant, 10), 1.0);
        // The only hit is at rank 11: outside the cut-off.
        let list: Vec<u32> = (100..110).chain([3]).collect();
        close(ndcg_at(&list, &relevant, 10), 0.0);
        close(ndcg_at(&list, &set(&[]), 10), 0.0);
    }

    #[test]
    fn ndcg_single_hit_at_rank_two_with_one_relevant() {
        close(ndcg_at(&[5, 6], &set(&[6]), 10), 1.0 / 3f64.log2());
    }

    #[test]
    fn recall_divides_by_min_of_test_size_and_k() {
        // Two hits in the top 20 out of four relevant: 2/4.
        let list: Vec<u32> = (0..20).collect();
        close(recall_at(&list, &set(&[0, 19, 50, 60]), 20), 0.5);
        // 25 relevant, 20 in the list: 20/min(25, 20) = 1.
        let relevant: HashSet<u32> = (0..25).collect();
        close(recall_at(&list, &relevant, 20), 1.0);
        // A hit at rank 21 does not count.
        let list: Vec<u32> = (100..120).chain([0]).collect();
        close(recall_at(&list, &set(&[0]), 20), 0.0);
    }

    #[test]
    fn precision_divides_by_k_even_for_short_lists() {
        close(precision_at(&[1, 2, 3], &set(&[1, 3]), 10), 0.2);
        close(precision_at(&[1, 2, 3], &set(&[]), 10), 0.0);
    }

    #[test]
    fn hit_rate_is_any_hit_in_the_top_k() {
        let list: Vec<u32> = (0..11).collect();
        close(hit_rate_at(&list, &set(&[9]), 10), 1.0);
        close(hit_rate_at(&list, &set(&[10]), 10), 0.0);
    }

    #[test]
    fn coverage_is_the_union_of_top_k_over_candidates() {
        let a = [1u32, 2, 3];
        let b = [3u32, 4, 9];
        close(coverage_at([&a[..], &b[..]], 2, 10), 4.0 / 10.0);
    }

    #[test]
    fn report_averages_over_users_with_test_items() {
        let cases = vec![
            (vec![1u32, 2], set(&[1])),
            (vec![3, 4], set(&[9])),
            (vec![5, 6], set(&[])),
        ];
        let r = report(&cases, 100);
        assert_eq!(r.users, 2);
        close(r.ndcg_at_10, 0.5);
        close(r.hit_rate_at_10, 0.5);
        close(r.precision_at_10, 0.05);
        close(r.recall_at_20, 0.5);
        close(r.coverage_at_10, 0.04);
    }
}
