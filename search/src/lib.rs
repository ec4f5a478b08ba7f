//! Marquee's embedded full-text search over movies and people: a tantivy index on disk (or in
//! memory) with typo-tolerant ranked search, autocomplete suggestions and "did you mean".
//!
//! This crate knows nothing of Diesel, HTTP or tokio: the server feeds it [`Document`]s built
//! from the database ([`SearchIndex::rebuild`] on start-up or `marqueectl search reindex`,
//! [`SearchIndex::upsert`] / [`SearchIndex::delete`] after edits) and maps [`QueryError`] to 400s.
//!
//! Rules (see `plan.rs` for the clause weights):
//! - Text is folded: case, accents and punctuation ("amelie" = "Amélie"); adjacent words are
//!   also indexed glued, so "spiderman", "spider man" and "Spider-Man" meet.
//! - Typos by word length ([`typo_budget`]): none under 5 letters, one for 5–8, two from 9;
//!   a transposition is one typo.
//! - Every word must match; if nothing matches every word, any word may ([`Matching`]).
//! - Ranking: BM25 with title > original title > credits > keywords > overview, exact above
//!   fuzzy, whole-title and phrase bonuses, times [`popularity_boost`].

mod analysis;
mod document;
mod index;
mod plan;
mod query;
mod schema;
mod spell;

#[cfg(feature = "testkit")]
pub mod testkit;

#[cfg(test)]
mod tests;

pub use analysis::typo_budget;
pub use document::{Document, Kind, MovieDoc, PersonDoc};
pub use index::{SearchError, SearchIndex};
pub use query::{
    DidYouMean, Filters, Hit, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_RESULT_WINDOW,
    Matching, QueryError, SUGGEST_LIMIT, SearchRequest, SearchResults,
};

/// Popularity at which the boost reaches half its maximum (about the rating count of a well-known
/// title in a mid-sized catalogue).
const POPULARITY_HALF: f64 = 1000.0;
/// Largest share popularity may add to the text score.
const POPULARITY_WEIGHT: f64 = 1.0;

/// Multiplier applied to a document's text score:
///
/// `boost(p) = 1 + W · ln(1+p) / (ln(1+p) + ln(1+H))`, with W = 1 and H = 1000,
///
/// so an unknown title keeps its text score (×1), p = 1000 gives ×1.5, and no popularity reaches
/// ×2. The logarithm flattens the long tail of rating counts; the saturation keeps popularity a
/// tie-breaker between comparable text matches: it cannot lift a typo match (constant score ≤ 2)
/// over an exact title match (BM25 × 4, several points).
pub fn popularity_boost(popularity: f64) -> f64 {
    let p = if popularity.is_finite() {
        popularity.max(0.0)
    } else {
        0.0
    };
    let x = p.ln_1p();
    1.0 + POPULARITY_WEIGHT * x / (x + POPULARITY_HALF.ln_1p())
}
