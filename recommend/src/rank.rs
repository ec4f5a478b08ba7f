//! Turning a score per item into a ranked list: seen and excluded items removed, ties broken by
//! the lower index (the lower external id, see [`crate::dataset::IdMap`]).

use std::cmp::Ordering;

use crate::dataset::Event;

/// Why an item was recommended, for the "Because you watched X" style rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Among the most watched overall.
    Popular,
    /// Similar to an item of the profile's history (a dense item index).
    BecauseYouWatched { item: u32 },
    /// Matches a content feature the profile likes, such as `genre:Sci-Fi` or `tag:time travel`.
    Feature { feature: String },
}

/// One ranked item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recommendation {
    pub item: u32,
    pub score: f32,
    pub reason: Reason,
}

/// Best first: higher score, then lower index. NaN ranks last.
pub(crate) fn better(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
    let key = |s: f32| if s.is_nan() { f32::NEG_INFINITY } else { s };
    key(b.1).total_cmp(&key(a.1)).then(a.0.cmp(&b.0))
}

/// The `n` best items by score, skipping the history's items and `exclude` (not-interested,
/// above maturity…).
pub fn top_n(scores: &[f32], history: &[Event], exclude: &[u32], n: usize) -> Vec<(u32, f32)> {
    let mut skip = vec![false; scores.len()];
    for item in history
        .iter()
        .map(|e| e.item)
        .chain(exclude.iter().copied())
    {
        if let Some(s) = skip.get_mut(item as usize) {
            *s = true;
        }
    }
    let mut candidates: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip[*i])
        .map(|(i, &s)| (i as u32, s))
        .collect();
    if n == 0 {
        return Vec::new();
    }
    if candidates.len() > n {
        candidates.select_nth_unstable_by(n - 1, better);
        candidates.truncate(n);
    }
    candidates.sort_unstable_by(better);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(items: &[u32]) -> Vec<Event> {
        items
            .iter()
            .map(|&item| Event {
                item,
                weight: 1.0,
                time: 0,
            })
            .collect()
    }

    #[test]
    fn ties_go_to_the_lower_index() {
        let scores = [1.0, 3.0, 3.0, 2.0, 3.0];
        let top: Vec<u32> = top_n(&scores, &[], &[], 4).iter().map(|t| t.0).collect();
        assert_eq!(top, [1, 2, 4, 3]);
    }

    #[test]
    fn history_and_excluded_items_never_appear() {
        let scores = [5.0, 4.0, 3.0, 2.0, 1.0];
        let top: Vec<u32> = top_n(&scores, &seen(&[0, 2]), &[1], 10)
            .iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(top, [3, 4]);
    }

    #[test]
    fn nan_ranks_last() {
        let scores = [f32::NAN, -1.0, 0.0];
        let top: Vec<u32> = top_n(&scores, &[], &[], 3).iter().map(|t| t.0).collect();
        assert_eq!(top, [2, 1, 0]);
    }
}
