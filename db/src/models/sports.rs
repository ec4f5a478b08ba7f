//! Rows of the sports tables (see `migrations/*/2026-11-23-*_sports`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::accounts::Profile;
use crate::schema::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = leagues, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct League {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub sport: String,
    pub country_id: Option<i64>,
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = leagues)]
pub struct NewLeague<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub sport: &'a str,
    pub country_id: Option<i64>,
    pub logo_url: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = teams, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(League, foreign_key = league_id))]
pub struct Team {
    pub id: i64,
    pub league_id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub country_id: Option<i64>,
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = teams)]
pub struct NewTeam<'a> {
    pub league_id: i64,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub country_id: Option<i64>,
    pub logo_url: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = players, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Team, foreign_key = team_id))]
pub struct Player {
    pub id: i64,
    pub team_id: Option<i64>,
    pub name: String,
    pub position: Option<String>,
    pub nationality_country_id: Option<i64>,
    pub birth_date: Option<NaiveDate>,
    pub shirt_number: Option<i16>,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = players)]
pub struct NewPlayer<'a> {
    pub team_id: Option<i64>,
    pub name: &'a str,
    pub position: Option<&'a str>,
    pub nationality_country_id: Option<i64>,
    pub birth_date: Option<NaiveDate>,
    pub shirt_number: Option<i16>,
    pub photo_url: Option<&'a str>,
}

/// A match; times are UTC.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = matches, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(League, foreign_key = league_id))]
pub struct Match {
    pub id: i64,
    pub league_id: i64,
    pub home_team_id: i64,
    pub away_team_id: i64,
    pub kickoff_at: NaiveDateTime,
    pub venue: Option<String>,
    pub status: String,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = matches)]
pub struct NewMatch<'a> {
    pub league_id: i64,
    pub home_team_id: i64,
    pub away_team_id: i64,
    pub kickoff_at: NaiveDateTime,
    pub venue: Option<&'a str>,
    pub status: &'a str,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
    pub updated_at: NaiveDateTime,
}

/// Something that happened in a match (goal, card, substitution).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = match_events, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Match, foreign_key = match_id))]
pub struct MatchEvent {
    pub id: i64,
    pub match_id: i64,
    pub minute: Option<i16>,
    pub extra_minute: Option<i16>,
    pub kind: String,
    pub team_id: Option<i64>,
    pub player_id: Option<i64>,
    pub secondary_player_id: Option<i64>,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = match_events)]
pub struct NewMatchEvent<'a> {
    pub match_id: i64,
    pub minute: Option<i16>,
    pub extra_minute: Option<i16>,
    pub kind: &'a str,
    pub team_id: Option<i64>,
    pub player_id: Option<i64>,
    pub secondary_player_id: Option<i64>,
    pub detail: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// One entry of the live feed; `id` is the SSE event id.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = sports_updates, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Match, foreign_key = match_id))]
pub struct SportsUpdate {
    pub id: i64,
    pub match_id: i64,
    pub kind: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = sports_updates)]
pub struct NewSportsUpdate<'a> {
    pub match_id: i64,
    pub kind: &'a str,
    pub payload: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = highlights, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Match, foreign_key = match_id))]
pub struct Highlight {
    pub id: i64,
    pub match_id: i64,
    pub title: String,
    pub url: String,
    pub thumbnail_url: Option<String>,
    pub duration_seconds: Option<i32>,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = highlights)]
pub struct NewHighlight<'a> {
    pub match_id: i64,
    pub title: &'a str,
    pub url: &'a str,
    pub thumbnail_url: Option<&'a str>,
    pub duration_seconds: Option<i32>,
    pub published_at: NaiveDateTime,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = profile_favourite_teams, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(profile_id, team_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(Team, foreign_key = team_id))]
pub struct ProfileFavouriteTeam {
    pub profile_id: i64,
    pub team_id: i64,
    pub created_at: NaiveDateTime,
}

/// Key-only rows insert as they are read.
pub type NewProfileFavouriteTeam = ProfileFavouriteTeam;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = profile_favourite_leagues, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(profile_id, league_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(League, foreign_key = league_id))]
pub struct ProfileFavouriteLeague {
    pub profile_id: i64,
    pub league_id: i64,
    pub created_at: NaiveDateTime,
}

/// Key-only rows insert as they are read.
pub type NewProfileFavouriteLeague = ProfileFavouriteLeague;
