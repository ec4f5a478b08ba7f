//! Rows of the activity tables (see `migrations/*/2026-11-23-*_activity`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::Profile;
use super::catalogue::{Genre, Language, Movie};
use crate::schema::*;

/// One row per profile that has set preferences.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = profile_preferences, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(profile_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
pub struct ProfilePreferences {
    pub profile_id: i64,
    pub country_id: Option<i64>,
    pub time_zone: Option<String>,
    pub ui_language_id: Option<i64>,
    pub subtitle_language_id: Option<i64>,
    pub diversity: i16,
    pub autoplay_trailers: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = profile_preferences)]
pub struct NewProfilePreferences<'a> {
    pub profile_id: i64,
    pub country_id: Option<i64>,
    pub time_zone: Option<&'a str>,
    pub ui_language_id: Option<i64>,
    pub subtitle_language_id: Option<i64>,
    pub diversity: i16,
    pub autoplay_trailers: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = profile_preferred_genres, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(profile_id, genre_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Genre, foreign_key = genre_id))]
pub struct ProfilePreferredGenre {
    pub profile_id: i64,
    pub genre_id: i64,
}

/// Key-only rows insert as they are read.
pub type NewProfilePreferredGenre = ProfilePreferredGenre;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = profile_preferred_languages, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(profile_id, language_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Language, foreign_key = language_id))]
pub struct ProfilePreferredLanguage {
    pub profile_id: i64,
    pub language_id: i64,
}

/// Key-only rows insert as they are read.
pub type NewProfilePreferredLanguage = ProfilePreferredLanguage;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = ratings, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct Rating {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    /// Half-stars: 1..=10 means 0.5..=5.0 stars.
    pub rating_half: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = ratings)]
pub struct NewRating {
    pub profile_id: i64,
    pub movie_id: i64,
    /// Half-stars: 1..=10 means 0.5..=5.0 stars.
    pub rating_half: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = reviews, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct Review {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    pub title: Option<String>,
    pub body: String,
    pub contains_spoilers: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = reviews)]
pub struct NewReview<'a> {
    pub profile_id: i64,
    pub movie_id: i64,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub contains_spoilers: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = watchlist_items, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct WatchlistItem {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    pub note: Option<String>,
    pub added_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = watchlist_items)]
pub struct NewWatchlistItem<'a> {
    pub profile_id: i64,
    pub movie_id: i64,
    pub note: Option<&'a str>,
    pub added_at: NaiveDateTime,
}

/// The resume point of a profile in a movie.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = playback_progress, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct PlaybackProgress {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    pub position_seconds: i32,
    pub duration_seconds: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = playback_progress)]
pub struct NewPlaybackProgress {
    pub profile_id: i64,
    pub movie_id: i64,
    pub position_seconds: i32,
    pub duration_seconds: i32,
    pub updated_at: NaiveDateTime,
}

/// One viewing.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = watch_history, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct WatchHistoryEntry {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    pub watched_at: NaiveDateTime,
    pub seconds_watched: i32,
    pub completed: bool,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = watch_history)]
pub struct NewWatchHistoryEntry<'a> {
    pub profile_id: i64,
    pub movie_id: i64,
    pub watched_at: NaiveDateTime,
    pub seconds_watched: i32,
    pub completed: bool,
    pub source: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = search_history, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
pub struct SearchHistoryEntry {
    pub id: i64,
    pub profile_id: i64,
    pub query: String,
    pub result_count: i32,
    pub searched_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = search_history)]
pub struct NewSearchHistoryEntry<'a> {
    pub profile_id: i64,
    pub query: &'a str,
    pub result_count: i32,
    pub searched_at: NaiveDateTime,
}

/// "Not interested" feedback on a movie.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = not_interested, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct NotInterested {
    pub id: i64,
    pub profile_id: i64,
    pub movie_id: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = not_interested)]
pub struct NewNotInterested {
    pub profile_id: i64,
    pub movie_id: i64,
    pub created_at: NaiveDateTime,
}
