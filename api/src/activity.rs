//! Profile data: watchlist, ratings, reviews, playback progress, continue watching and history.
//!
//! Profile-scoped routes live under `/api/v1/profiles/{profile_id}/...`; reviews under
//! `/api/v1/movies/{id}/reviews` name their profile in the body. Lists use [`crate::Page`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalogue::MovieSummary;

/// Longest watchlist note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
/// Review body length, in characters (after trimming).
pub const MIN_REVIEW_CHARS: usize = 1;
pub const MAX_REVIEW_CHARS: usize = 5000;
/// Longest review title, in characters.
pub const MAX_REVIEW_TITLE_CHARS: usize = 200;
/// Playback progress below this share of the duration keeps no resume point.
pub const RESUME_FROM_PERCENT: f64 = 5.0;
/// Playback progress at or above this share marks the movie watched.
pub const WATCHED_FROM_PERCENT: f64 = 90.0;

/// `POST /profiles/{pid}/watchlist`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WatchlistAdd {
    pub movie_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WatchlistEntry {
    pub movie: MovieSummary,
    pub note: Option<String>,
    pub added_at: DateTime<Utc>,
}

/// `PUT /profiles/{pid}/ratings/{movie_id}`: stars from 0.5 to 5 in half steps.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingInput {
    pub rating: f64,
}

/// A movie's member-rating aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingAggregate {
    /// Mean in stars, absent without ratings.
    pub average: Option<f64>,
    pub count: i32,
}

/// The answer to a rating write: the profile's rating and the movie's new aggregate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingWritten {
    pub movie_id: i64,
    pub rating: f64,
    pub rated_at: DateTime<Utc>,
    pub movie_rating: RatingAggregate,
}

/// An entry of `GET /profiles/{pid}/ratings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingEntry {
    pub movie: MovieSummary,
    pub rating: f64,
    pub rated_at: DateTime<Utc>,
}

/// `POST /movies/{id}/reviews`: the profile writing it must belong to the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewReview {
    pub profile_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub body: String,
    #[serde(default)]
    pub contains_spoilers: bool,
}

/// `PATCH /movies/{id}/reviews/{rid}`: absent fields stay; `"title": null` clears the title.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewPatch {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains_spoilers: Option<bool>,
}

/// Tells "absent" (`None`) from "null" (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewAuthor {
    pub profile_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    pub id: i64,
    pub movie_id: i64,
    pub author: ReviewAuthor,
    pub title: Option<String>,
    pub body: String,
    pub contains_spoilers: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `PUT /profiles/{pid}/progress/{movie_id}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProgressInput {
    pub position_seconds: i32,
    pub duration_seconds: i32,
}

/// What a progress report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaybackState {
    /// Under 5%: no resume point kept (and any earlier one removed).
    NotStarted,
    /// 5% to under 90%: the resume point is in continue watching.
    InProgress,
    /// 90% or more: recorded in history and removed from continue watching.
    Watched,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Progress {
    pub movie_id: i64,
    pub position_seconds: i32,
    pub duration_seconds: i32,
    pub percent: f64,
    pub state: PlaybackState,
}

/// An entry of `GET /profiles/{pid}/continue-watching`, most recent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContinueWatching {
    pub movie: MovieSummary,
    pub position_seconds: i32,
    pub duration_seconds: i32,
    pub percent: f64,
    pub updated_at: DateTime<Utc>,
}

/// An entry of `GET /profiles/{pid}/history`, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    pub movie: MovieSummary,
    pub watched_at: DateTime<Utc>,
    pub seconds_watched: i32,
    pub completed: bool,
    /// `playback`, `manual` or `import`.
    pub source: String,
}

/// `GET /profiles/{pid}/movies/{movie_id}/state`: the profile's own relation to one movie, for a
/// detail screen (kept apart from the shared, cached `/movies/{id}` body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MovieState {
    pub movie_id: i64,
    /// Stars, absent when not rated.
    pub rating: Option<f64>,
    pub on_watchlist: bool,
    /// The resume point, absent when not in continue watching.
    pub progress: Option<Progress>,
    pub watched: bool,
}
