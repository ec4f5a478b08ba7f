//! Requests, results and the limits a query must respect.

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::document::Kind;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words in a query, counted after splitting on spaces and punctuation.
pub const MAX_QUERY_WORDS: usize = 10;
/// Largest page size.
pub const MAX_PER_PAGE: u32 = 100;
/// Deepest result reachable by paging (`page * per_page`): ranking is for the first pages.
pub const MAX_RESULT_WINDOW: u32 = 1000;
/// Number of suggestions returned by [`crate::SearchIndex::suggest`].
pub const SUGGEST_LIMIT: usize = 10;

/// A query the caller must fix; the server answers these with a 400 and the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the search query is empty; type at least one word")]
    Empty,
    #[error("the search query has no letters or digits to search for")]
    NoSearchableWords,
    #[error("the search query is {chars} characters long; the limit is {max}")]
    TooLong { chars: usize, max: usize },
    #[error("the search query has {words} words; the limit is {max}")]
    TooManyWords { words: usize, max: usize },
    #[error("page must be 1 or more")]
    InvalidPage,
    #[error("per_page must be between 1 and {max}, got {got}")]
    InvalidPerPage { got: u32, max: u32 },
    #[error("results are available up to number {max}; page {page} of {per_page} goes past that")]
    PageTooDeep { page: u32, per_page: u32, max: u32 },
    #[error("year range is empty: {from} is after {to}")]
    InvalidYearRange { from: i32, to: i32 },
}

impl QueryError {
    /// Stable machine-readable code for the error envelope.
    pub fn code(&self) -> &'static str {
        match self {
            QueryError::Empty => "query_empty",
            QueryError::NoSearchableWords => "query_no_words",
            QueryError::TooLong { .. } => "query_too_long",
            QueryError::TooManyWords { .. } => "query_too_many_words",
            QueryError::InvalidPage => "invalid_page",
            QueryError::InvalidPerPage { .. } => "invalid_per_page",
            QueryError::PageTooDeep { .. } => "page_too_deep",
            QueryError::InvalidYearRange { .. } => "invalid_year_range",
        }
    }
}

/// Restrictions on what may match. Genre, language and country are compared after the same
/// folding as text ("sci-fi" = "Sci-Fi"). Year, genre, language and country only exist on
/// movies, so any of them leaves people out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub kind: Option<Kind>,
    pub genre: Option<String>,
    /// Inclusive bounds.
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub language: Option<String>,
    pub country: Option<String>,
}

/// A full search: query, filters and the page wanted (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub page: u32,
    pub per_page: u32,
}

impl SearchRequest {
    /// First page of 20, no filters.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            page: 1,
            per_page: 20,
        }
    }

    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    pub fn page(mut self, page: u32, per_page: u32) -> Self {
        self.page = page;
        self.per_page = per_page;
        self
    }

    pub(crate) fn validate_paging(&self) -> Result<(), QueryError> {
        if self.page == 0 {
            return Err(QueryError::InvalidPage);
        }
        if self.per_page == 0 || self.per_page > MAX_PER_PAGE {
            return Err(QueryError::InvalidPerPage {
                got: self.per_page,
                max: MAX_PER_PAGE,
            });
        }
        if u64::from(self.page) * u64::from(self.per_page) > u64::from(MAX_RESULT_WINDOW) {
            return Err(QueryError::PageTooDeep {
                page: self.page,
                per_page: self.per_page,
                max: MAX_RESULT_WINDOW,
            });
        }
        if let (Some(from), Some(to)) = (self.filters.year_from, self.filters.year_to)
            && from > to
        {
            return Err(QueryError::InvalidYearRange { from, to });
        }
        Ok(())
    }
}

/// One ranked result. The server loads the full record by `kind` and `id`; `title` (a person's
/// name) and `year` are here so suggestions can be shown without a database round trip.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    /// Final ranking score (text relevance × popularity boost); only comparable within one query.
    pub score: f32,
}

/// How the words of the query had to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Every word matched (exactly, within its typo budget, or as a prefix for the last word).
    AllWords,
    /// No document matched every word; results match some of them.
    AnyWord,
}

/// A corrected query built from the catalogue's vocabulary, with how many results it finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidYouMean {
    pub query: String,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Number of matching documents (all pages).
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub matching: Matching,
    pub did_you_mean: Option<DidYouMean>,
}

/// Check the raw query against the limits and return its normalised words.
pub(crate) fn parse_words(
    analyzer: &mut TextAnalyzer,
    raw: &str,
) -> Result<Vec<String>, QueryError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(QueryError::Empty);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            chars,
            max: MAX_QUERY_CHARS,
        });
    }
    let words = analysis::words(analyzer, trimmed);
    if words.is_empty() {
        return Err(QueryError::NoSearchableWords);
    }
    if words.len() > MAX_QUERY_WORDS {
        return Err(QueryError::TooManyWords {
            words: words.len(),
            max: MAX_QUERY_WORDS,
        });
    }
    Ok(words)
}
