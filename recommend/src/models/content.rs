//! Content-based: TF-IDF item profiles over genres, tags, people, language, decade and overview
//! terms; a history's profile is the weighted sum of its items' profiles and an item's score its
//! dot product with it. Knows nothing of other users, so it ranks new and long-tail items too.

use std::collections::HashMap;

use crate::dataset::Event;
use crate::{Model, Reason};

/// What is known about one item. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemContent {
    pub genres: Vec<String>,
    /// Free-text tags or keywords; repeats raise the term frequency.
    pub tags: Vec<String>,
    /// Directors, cast…
    pub people: Vec<String>,
    pub language: Option<String>,
    pub year: Option<i32>,
    pub overview: String,
}

/// Overview words too common to say anything about a film.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "his", "her", "their", "from", "that", "this", "into", "who",
    "when", "after", "they", "them", "are", "was", "has", "have", "but", "not", "its", "one",
    "two", "while", "about", "out", "who's", "what", "where", "which", "will", "must", "can",
];

impl ItemContent {
    /// Feature names with their raw term counts.
    fn terms(&self) -> HashMap<String, f32> {
        let mut terms: HashMap<String, f32> = HashMap::new();
        let mut add = |name: String| *terms.entry(name).or_default() += 1.0;
        for g in &self.genres {
            add(format!("genre:{}", g.trim()));
        }
        for t in &self.tags {
            let t = t.trim().to_lowercase();
            if !t.is_empty() {
                add(format!("tag:{t}"));
            }
        }
        for p in &self.people {
            add(format!("person:{}", p.trim()));
        }
        if let Some(lang) = &self.language {
            add(format!("language:{lang}"));
        }
        if let Some(year) = self.year {
            add(format!("decade:{}s", year - year.rem_euclid(10)));
        }
        for word in self
            .overview
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        {
            add(format!("term:{word}"));
        }
        terms
    }
}

#[derive(Debug, Clone)]
pub struct Content {
    names: Vec<String>,
    /// Each item's unit-length TF-IDF vector, sparse.
    items: Vec<Vec<(u32, f32)>>,
    /// For each feature, the items carrying it and their value.
    postings: Vec<Vec<(u32, f32)>>,
}

impl Content {
    /// `content[i]` describes item `i` of the model's item space.
    pub fn train(content: &[ItemContent]) -> Content {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names = Vec::new();
        let raw: Vec<Vec<(u32, f32)>> = content
            .iter()
            .map(|c| {
                let mut v: Vec<(u32, f32)> = c
                    .terms()
                    .into_iter()
                    .map(|(name, tf)| {
                        let id = *ids.entry(name.clone()).or_insert_with(|| {
                            names.push(name);
                            (names.len() - 1) as u32
                        });
                        (id, 1.0 + tf.ln())
                    })
                    .collect();
                v.sort_unstable_by_key(|t| t.0);
                v
            })
            .collect();
        let mut df = vec![0u32; names.len()];
        for v in &raw {
            for &(f, _) in v {
                df[f as usize] += 1;
            }
        }
        let n = content.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let mut postings = vec![Vec::new(); names.len()];
        let items: Vec<Vec<(u32, f32)>> = raw
            .into_iter()
            .enumerate()
            .map(|(i, mut v)| {
                for (f, x) in v.iter_mut() {
                    *x *= idf[*f as usize];
                }
                let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
                for (f, x) in v.iter_mut() {
                    *x /= norm;
                    postings[*f as usize].push((i as u32, *x));
                }
                v
            })
            .collect();
        Content {
            names,
            items,
            postings,
        }
    }

    /// An item's unit-length feature vector, sorted by feature id.
    pub fn vector(&self, item: u32) -> &[(u32, f32)] {
        &self.items[item as usize]
    }

    /// Cosine similarity of two items' profiles.
    pub fn similarity(&self, a: u32, b: u32) -> f32 {
        let (mut x, mut y) = (
            self.vector(a).iter().peekable(),
            self.vector(b).iter().peekable(),
        );
        let mut sum = 0.0;
        while let (Some(&&(fa, va)), Some(&&(fb, vb))) = (x.peek(), y.peek()) {
            match fa.cmp(&fb) {
                std::cmp::Ordering::Less => {
                    x.next();
                }
                std::cmp::Ordering::Greater => {
                    y.next();
                }
                std::cmp::Ordering::Equal => {
                    sum += va * vb;
                    x.next();
                    y.next();
                }
            }
        }
        sum
    }

    fn profile(&self, history: &[Event]) -> HashMap<u32, f32> {
        let mut profile: HashMap<u32, f32> = HashMap::new();
        for e in history {
            for &(f, x) in self.vector(e.item) {
                *profile.entry(f).or_default() += e.weight * x;
            }
        }
        profile
    }
}

impl Model for Content {
    fn name(&self) -> &'static str {
        "content"
    }

    fn n_items(&self) -> usize {
        self.items.len()
    }

    fn score(&self, history: &[Event], scores: &mut [f32]) {
        scores.fill(0.0);
        for (f, p) in self.profile(history) {
            for &(i, x) in &self.postings[f as usize] {
                scores[i as usize] += p * x;
            }
        }
    }

    fn reason(&self, history: &[Event], item: u32) -> Reason {
        self.reason_for(&self.profile(history), item)
    }

    fn reasons(&self, history: &[Event], items: &[u32]) -> Vec<Reason> {
        let profile = self.profile(history);
        items
            .iter()
            .map(|&item| self.reason_for(&profile, item))
            .collect()
    }
}

impl Content {
    /// The feature of `item` that weighs most in `profile`.
    fn reason_for(&self, profile: &HashMap<u32, f32>, item: u32) -> Reason {
        self.vector(item)
            .iter()
            .filter_map(|&(f, x)| Some((f, x * profile.get(&f)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map_or(Reason::Popular, |(f, _)| Reason::Feature {
                feature: self.names[f as usize].clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(genres: &[&str], tags: &[&str]) -> ItemContent {
        ItemContent {
            genres: genres.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            ..ItemContent::default()
        }
    }

    #[test]
    fn rare_shared_features_outweigh_common_ones() {
        let content = Content::train(&[
            item(&["Drama"], &["time travel"]),
            item(&["Drama"], &["a"]),
            item(&["Comedy"], &["Time Travel "]),
            item(&["Drama"], &["b"]),
        ]);
        let history = [Event {
            item: 0,
            weight: 1.0,
            time: 0,
        }];
        // Item 2 shares the rarer tag (df 2 of 4); items 1 and 3 the commoner genre (df 3).
        let top = content.recommend(&history, &[], 3);
        assert_eq!(top[0].item, 2);
        assert_eq!(
            top[0].reason,
            Reason::Feature {
                feature: "tag:time travel".into()
            }
        );
        assert!(content.similarity(1, 3) > 0.0);
        assert_eq!(content.similarity(1, 2), 0.0);
    }

    #[test]
    fn decades_and_overview_terms_are_features() {
        let c = ItemContent {
            year: Some(1995),
            overview: "The toys come alive; the toys!".into(),
            ..ItemContent::default()
        };
        let terms = c.terms();
        assert_eq!(terms.get("decade:1990s"), Some(&1.0));
        assert_eq!(terms.get("term:toys"), Some(&2.0));
        assert!(!terms.contains_key("term:the"));
    }
}
