//! Text normalisation shared by indexing and querying, and the typo budget.
//!
//! Both sides go through the same analyzer, so "Amélie", "AMELIE" and "amelie" become the same
//! term, and "Spider-Man" becomes `spider` + `man` (plus the joined form `spiderman`, see
//! [`joined_pairs`]).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Name under which [`analyzer`] is registered on the index.
pub(crate) const TOKENIZER: &str = "marquee";

/// Words longer than this (in bytes) are dropped: they are noise, and they would make the
/// Levenshtein automata needlessly large.
const MAX_TOKEN_LEN: usize = 40;

/// Split on anything that is not a letter or digit, fold accents to ASCII, lowercase.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(AsciiFoldingFilter)
        .filter(LowerCaser)
        .build()
}

/// The normalised words of `text`, in order.
pub(crate) fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |token| out.push(token.text.clone()));
    out
}

/// Adjacent words glued together: `["spider", "man", "far"]` → `["spiderman", "manfar"]`.
///
/// Indexed beside the words so that "spiderman" finds "Spider-Man"; the query side glues adjacent
/// query words the same way so that "spider man" finds a title spelled "Spiderman".
pub(crate) fn joined_pairs(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words
        .windows(2)
        .map(|pair| format!("{}{}", pair[0], pair[1]))
}

/// Articles skipped at the start of a title for its exact-match key ("godfather" is an exact
/// match for "The Godfather").
const LEADING_ARTICLES: [&str; 7] = ["the", "a", "an", "le", "la", "les", "el"];

/// Exact-match keys of a title or name: all its words glued, and the same without a leading
/// article. "The Spider-Man" → `thespiderman`, `spiderman`.
pub(crate) fn title_keys(words: &[String]) -> Vec<String> {
    let mut keys = Vec::with_capacity(2);
    if words.is_empty() {
        return keys;
    }
    keys.push(words.concat());
    if words.len() > 1 && LEADING_ARTICLES.contains(&words[0].as_str()) {
        keys.push(words[1..].concat());
    }
    keys
}

/// Longest word prefix indexed as a term of its own (`word_prefix` field). A last word shorter
/// than this is answered from these terms: the prefix itself, and for a typo the prefixes
/// within one edit of it (one letter longer at most, hence "shorter than").
pub(crate) const WORD_GRAM_MAX: usize = 7;
/// Longest title-key prefix indexed as a term (`key_prefix` field); keys up to this length allow
/// no typo, so one term answers "the title starts with".
pub(crate) const KEY_GRAM_MAX: usize = 4;

/// The prefixes of `word` of 1 to `max` characters: ("godfather", 4) → g, go, god, godf.
pub(crate) fn short_prefixes(word: &str, max: usize) -> impl Iterator<Item = &str> + '_ {
    word.char_indices()
        .skip(1)
        .map(|(end, _)| end)
        .chain(std::iter::once(word.len()))
        .filter(|&end| end > 0)
        .take(max)
        .map(|end| &word[..end])
}

/// Whether a last word is answered from the `word_prefix` terms.
pub(crate) fn is_gram_word(word: &str) -> bool {
    word.chars().count() < WORD_GRAM_MAX
}

/// Whether a whole-query key is answered from the `key_prefix` terms.
pub(crate) fn is_gram_key(key: &str) -> bool {
    key.chars().count() <= KEY_GRAM_MAX
}

/// Typos allowed in a query word, the Meilisearch rule: none under 5 characters, one for 5–8,
/// two from 9 on. A transposition counts as one typo (Damerau).
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions at cost one), the
/// distance tantivy's automata use with `transposition_cost_one`.
pub(crate) fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}
