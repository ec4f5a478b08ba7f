//! Search: ranked results, suggestions, "did you mean", per-profile history and the admin
//! query reports (`/api/v1/search*`, `/profiles/{pid}/search-history`, `/admin/search/*`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::page::Pagination;

/// One ranked movie or person. `title` is a person's name; `year` only exists on movies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    /// `movie` or `person`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    /// Relevance × popularity; only comparable within one response.
    pub score: f32,
}

/// A corrected query built from the catalogue's own titles and names, with its result count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DidYouMean {
    pub query: String,
    pub total: u64,
}

/// `GET /search`: a page of hits plus an optional correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchPage {
    pub data: Vec<SearchHit>,
    pub pagination: Pagination,
    pub did_you_mean: Option<DidYouMean>,
}

/// `GET /search/suggest`: up to 10 hits, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Suggestions {
    pub data: Vec<SearchHit>,
}

/// One recorded full search of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchHistoryEntry {
    pub id: i64,
    pub query: String,
    pub result_count: i32,
    pub searched_at: DateTime<Utc>,
}

/// A query text aggregated over all profiles (admin reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueryReport {
    pub query: String,
    pub searches: i64,
    pub last_searched_at: Option<DateTime<Utc>>,
}
