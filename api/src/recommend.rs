//! `/api/v1/profiles/{pid}/for-you`, `/not-interested/{movie_id}` and `/movies/{id}/similar`
//! bodies: rows of recommended movies, each item with the reason it is there.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Pagination;
use crate::catalogue::MovieSummary;

/// Why an item is recommended. `kind` is one of `similar_to_movie` (`movie_id` names the seed),
/// `same_person` (`person_id`), `preferred_genre`, `trending`, `new_release`, `in_progress`,
/// `popular`, `collaborative`, `time_of_day` (a genre the profile watches at this time of day);
/// `text` is ready to show ("Because you watched Heat", "With Robert De Niro, like Heat and
/// Casino", "You often watch Sci-Fi on weekday evenings").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    pub kind: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movie_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecommendedMovie {
    pub movie: MovieSummary,
    pub score: f64,
    pub reason: Reason,
}

/// One row of the For You page. `kind`: `because_you_watched`, `top_picks`, `trending_region`,
/// `continue_watching`, `new_for_you`, `popular`, `starring` ("Starring <person>" or "Directed
/// by <person>": someone recurring in what the profile liked), `time_of_day` ("For your weekday
/// evenings": the profile's own time-of-day pattern).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecommendationRow {
    pub kind: String,
    pub title: String,
    pub items: Vec<RecommendedMovie>,
}

/// `GET /profiles/{pid}/for-you`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ForYou {
    pub profile_id: i64,
    pub rows: Vec<RecommendationRow>,
    pub generated_at: DateTime<Utc>,
    /// The model the rows were computed with (`cold-start` before any model is trained).
    pub model_version: String,
    /// The experiment arm the profile is in while an experiment runs (the server stamps it on
    /// the profile's events itself; clients send `model_version` as their `algorithm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experiment: Option<crate::analytics::ExperimentArm>,
}

/// `GET /movies/{id}/similar`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SimilarMovies {
    pub data: Vec<RecommendedMovie>,
    pub pagination: Pagination,
}
