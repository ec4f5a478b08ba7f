//! Rows of the catalogue tables (see `migrations/*/2026-11-23-*_catalogue`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = genres, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Genre {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = genres)]
pub struct NewGenre<'a> {
    pub name: &'a str,
    pub slug: &'a str,
}

/// An ISO 3166-1 alpha-2 country.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = countries, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Country {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = countries)]
pub struct NewCountry<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

/// An ISO 639 language.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = languages, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Language {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = languages)]
pub struct NewLanguage<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

/// A keyword or MovieLens tag.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = keywords, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Keyword {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = keywords)]
pub struct NewKeyword<'a> {
    pub name: &'a str,
}

/// A movie's descriptive metadata.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = movies, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Movie {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub tagline: Option<String>,
    pub overview: Option<String>,
    pub release_date: Option<NaiveDate>,
    pub year: Option<i16>,
    pub runtime_minutes: Option<i32>,
    pub original_language_id: Option<i64>,
    pub certificate: Option<String>,
    /// Minimum age the certificate means; compared with `profiles.maturity_limit`.
    pub min_age: Option<i16>,
    pub poster_url: Option<String>,
    pub backdrop_url: Option<String>,
    pub popularity: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = movies)]
pub struct NewMovie<'a> {
    pub title: &'a str,
    pub original_title: Option<&'a str>,
    pub tagline: Option<&'a str>,
    pub overview: Option<&'a str>,
    pub release_date: Option<NaiveDate>,
    pub year: Option<i16>,
    pub runtime_minutes: Option<i32>,
    pub original_language_id: Option<i64>,
    pub certificate: Option<&'a str>,
    /// Minimum age the certificate means; compared with `profiles.maturity_limit`.
    pub min_age: Option<i16>,
    pub poster_url: Option<&'a str>,
    pub backdrop_url: Option<&'a str>,
    pub popularity: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A movie's ids in other catalogues.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = movie_external_ids, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct MovieExternalIds {
    pub movie_id: i64,
    pub movielens_id: Option<i64>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = movie_external_ids)]
pub struct NewMovieExternalIds<'a> {
    pub movie_id: i64,
    pub movielens_id: Option<i64>,
    pub imdb_id: Option<&'a str>,
    pub tmdb_id: Option<i64>,
}

/// Rating summary, external scores and box office of a movie.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = movie_stats, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct MovieStats {
    pub movie_id: i64,
    pub rating_count: i32,
    /// Sum of `ratings.rating_half`.
    pub rating_sum_half: i64,
    /// Mean rating in stars (0.5..=5.0); NULL without ratings.
    pub rating_avg: Option<f64>,
    pub imdb_rating: Option<f64>,
    pub imdb_votes: Option<i32>,
    pub metascore: Option<i16>,
    pub budget_usd: Option<i64>,
    pub gross_usd: Option<i64>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = movie_stats)]
pub struct NewMovieStats {
    pub movie_id: i64,
    pub rating_count: i32,
    /// Sum of `ratings.rating_half`.
    pub rating_sum_half: i64,
    /// Mean rating in stars (0.5..=5.0); NULL without ratings.
    pub rating_avg: Option<f64>,
    pub imdb_rating: Option<f64>,
    pub imdb_votes: Option<i32>,
    pub metascore: Option<i16>,
    pub budget_usd: Option<i64>,
    pub gross_usd: Option<i64>,
    pub updated_at: NaiveDateTime,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = movie_genres, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id, genre_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
#[diesel(belongs_to(Genre, foreign_key = genre_id))]
pub struct MovieGenre {
    pub movie_id: i64,
    pub genre_id: i64,
}

/// Key-only rows insert as they are read.
pub type NewMovieGenre = MovieGenre;

/// A production country of a movie.
#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = movie_countries, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id, country_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
#[diesel(belongs_to(Country, foreign_key = country_id))]
pub struct MovieCountry {
    pub movie_id: i64,
    pub country_id: i64,
}

/// Key-only rows insert as they are read.
pub type NewMovieCountry = MovieCountry;

/// A spoken language of a movie.
#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = movie_languages, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id, language_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
#[diesel(belongs_to(Language, foreign_key = language_id))]
pub struct MovieLanguage {
    pub movie_id: i64,
    pub language_id: i64,
}

/// Key-only rows insert as they are read.
pub type NewMovieLanguage = MovieLanguage;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = movie_keywords, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(movie_id, keyword_id, source))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
#[diesel(belongs_to(Keyword, foreign_key = keyword_id))]
pub struct MovieKeyword {
    pub movie_id: i64,
    pub keyword_id: i64,
    pub source: String,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = movie_keywords)]
pub struct NewMovieKeyword<'a> {
    pub movie_id: i64,
    pub keyword_id: i64,
    pub source: &'a str,
    pub weight: f64,
}

/// Cast or crew member.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = people, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub biography: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub death_date: Option<NaiveDate>,
    pub place_of_birth: Option<String>,
    pub known_for_department: Option<String>,
    pub profile_url: Option<String>,
    pub popularity: f64,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = people)]
pub struct NewPerson<'a> {
    pub name: &'a str,
    pub biography: Option<&'a str>,
    pub birth_date: Option<NaiveDate>,
    pub death_date: Option<NaiveDate>,
    pub place_of_birth: Option<&'a str>,
    pub known_for_department: Option<&'a str>,
    pub profile_url: Option<&'a str>,
    pub popularity: f64,
    pub imdb_id: Option<&'a str>,
    pub tmdb_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Another name a person is known by.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = person_aliases, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Person, foreign_key = person_id))]
pub struct PersonAlias {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = person_aliases)]
pub struct NewPersonAlias<'a> {
    pub person_id: i64,
    pub name: &'a str,
}

/// A cast or crew credit.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = credits, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
#[diesel(belongs_to(Person, foreign_key = person_id))]
pub struct Credit {
    pub id: i64,
    pub movie_id: i64,
    pub person_id: i64,
    pub kind: String,
    pub character_name: Option<String>,
    pub cast_order: Option<i32>,
    pub department: Option<String>,
    pub job: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = credits)]
pub struct NewCredit<'a> {
    pub movie_id: i64,
    pub person_id: i64,
    pub kind: &'a str,
    pub character_name: Option<&'a str>,
    pub cast_order: Option<i32>,
    pub department: Option<&'a str>,
    pub job: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = trailers, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct Trailer {
    pub id: i64,
    pub movie_id: i64,
    pub title: String,
    pub kind: String,
    pub language_id: Option<i64>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = trailers)]
pub struct NewTrailer<'a> {
    pub movie_id: i64,
    pub title: &'a str,
    pub kind: &'a str,
    pub language_id: Option<i64>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// One encoding of a trailer.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = trailer_renditions, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Trailer, foreign_key = trailer_id))]
pub struct TrailerRendition {
    pub id: i64,
    pub trailer_id: i64,
    pub quality: String,
    pub format: String,
    pub location: String,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub bitrate_kbps: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = trailer_renditions)]
pub struct NewTrailerRendition<'a> {
    pub trailer_id: i64,
    pub quality: &'a str,
    pub format: &'a str,
    pub location: &'a str,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub bitrate_kbps: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = trailer_subtitles, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Trailer, foreign_key = trailer_id))]
pub struct TrailerSubtitle {
    pub id: i64,
    pub trailer_id: i64,
    pub language_id: i64,
    pub format: String,
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = trailer_subtitles)]
pub struct NewTrailerSubtitle<'a> {
    pub trailer_id: i64,
    pub language_id: i64,
    pub format: &'a str,
    pub location: &'a str,
}
