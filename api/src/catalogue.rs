//! Catalogue and discovery: movies, people, facets, trending and new releases. One shape per
//! entity: a [`MovieSummary`] is what every list of movies carries (`/movies`, `/trending`,
//! `/new-releases`, filmographies), a [`MovieDetail`] is `/movies/{id}`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Pagination;

/// A movie in a list. `fields=` on list routes trims it to a subset of [`MOVIE_SUMMARY_FIELDS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MovieSummary {
    pub id: i64,
    pub title: String,
    pub year: Option<i16>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub poster_url: Option<String>,
    pub popularity: f64,
    /// Mean of the members' ratings in stars (0.5–5), absent without ratings.
    pub rating_avg: Option<f64>,
    pub rating_count: i32,
    /// Original language code (`en`).
    pub original_language: Option<String>,
    /// Genre slugs, alphabetical.
    pub genres: Vec<String>,
}

/// The names `fields=` accepts for a [`MovieSummary`], in wire order.
pub const MOVIE_SUMMARY_FIELDS: &[&str] = &[
    "id",
    "title",
    "year",
    "release_date",
    "runtime_minutes",
    "poster_url",
    "popularity",
    "rating_avg",
    "rating_count",
    "original_language",
    "genres",
];

/// A genre, country or language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Facet {
    /// Genre slug (`drama`), ISO country code (`US`) or language code (`en`): the value the
    /// `genre`, `country` and `language` filters take.
    pub code: String,
    pub name: String,
}

/// A facet value with the number of movies that have it among those matching the other filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FacetCount {
    pub code: String,
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FacetList {
    pub data: Vec<FacetCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingSummary {
    pub average: Option<f64>,
    pub count: i32,
    pub imdb_rating: Option<f64>,
    pub imdb_votes: Option<i32>,
    pub metascore: Option<i16>,
}

/// A person as a credit or a similar-people entry shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub profile_url: Option<String>,
}

/// One cast or crew credit of a movie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Credit {
    pub person: PersonRef,
    /// Cast: the character played; absent for crew.
    pub character: Option<String>,
    /// Cast: billing position (0 first).
    pub order: Option<i32>,
    pub department: Option<String>,
    /// Crew: `Director`, `Screenplay`, …
    pub job: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rendition {
    pub id: i64,
    pub quality: String,
    pub format: String,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub bitrate_kbps: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Trailer {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub published_at: Option<NaiveDateTime>,
    pub renditions: Vec<Rendition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MovieDetail {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub tagline: Option<String>,
    pub overview: Option<String>,
    pub year: Option<i16>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub certificate: Option<String>,
    pub min_age: Option<i16>,
    pub poster_url: Option<String>,
    pub backdrop_url: Option<String>,
    pub popularity: f64,
    pub original_language: Option<Facet>,
    pub genres: Vec<Facet>,
    pub countries: Vec<Facet>,
    pub languages: Vec<Facet>,
    /// Ordered by billing.
    pub cast: Vec<Credit>,
    /// Ordered by department, job, name.
    pub crew: Vec<Credit>,
    pub trailers: Vec<Trailer>,
    pub rating: RatingSummary,
    /// The caller's own state, when asked for with `?profile_id=` and the owner's token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewer: Option<crate::activity::MovieState>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PersonDetail {
    pub id: i64,
    pub name: String,
    pub biography: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub death_date: Option<NaiveDate>,
    pub place_of_birth: Option<String>,
    pub known_for_department: Option<String>,
    pub profile_url: Option<String>,
    pub popularity: f64,
    pub also_known_as: Vec<String>,
    pub cast_credits: u64,
    pub crew_credits: u64,
}

/// One credit of a person's filmography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FilmographyEntry {
    pub movie: MovieSummary,
    /// `cast` or `crew`.
    pub role: String,
    pub character: Option<String>,
    pub job: Option<String>,
}

/// Someone who worked on the same films.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SimilarPerson {
    pub person: PersonRef,
    pub shared_movies: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SimilarPeople {
    pub data: Vec<SimilarPerson>,
}

/// A ranked movie of `/trending` or `/new-releases`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RankedMovie {
    pub movie: MovieSummary,
    /// Time-decayed activity score (trending) or absent (new releases).
    pub score: Option<f64>,
}

/// `/trending` and `/new-releases`: a precomputed ranking, paged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ranking {
    pub data: Vec<RankedMovie>,
    pub pagination: Pagination,
    /// `day` or `week` (trending only).
    pub window: Option<String>,
    /// The ISO country the ranking is for; absent: global.
    pub region: Option<String>,
    /// When the background job computed it.
    pub computed_at: Option<NaiveDateTime>,
}

/// `POST /admin/movies` (`title` required) and `PATCH /admin/movies/{id}` (only the fields to
/// change). Unknown fields are refused, so a misspelt one is not silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovieInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// `YYYY-MM-DD`; sets `year` too unless it is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_minutes: Option<i32>,
    /// An ISO 639 code the catalogue knows (`GET /languages`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<String>,
    /// Genre slugs the catalogue knows (`GET /genres`); replaces the movie's genres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genres: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster_url: Option<String>,
}

/// `DELETE /admin/movies/{id}`: what was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MovieDeleted {
    pub id: i64,
    pub title: String,
}

/// `POST /admin/people` (`name` required) and `PATCH /admin/people/{id}` (only the fields to
/// change). Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biography: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// `YYYY-MM-DD`, not before the birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub death_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<String>,
    /// `Acting`, `Directing`, `Writing`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_for_department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
}

/// `DELETE /admin/people/{id}`: who was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PersonDeleted {
    pub id: i64,
    pub name: String,
}
