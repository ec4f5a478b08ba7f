//! Sports: leagues, teams, players, matches with their events and highlights, and the live feed.
//!
//! Times are UTC (`kickoff_at`); lists that answer "when" in the caller's time zone also carry
//! `kickoff_local` with its UTC offset (IANA rules, so DST changes are applied).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Sports a league can be of (the `leagues.sport` check).
pub const SPORTS: &[&str] = &[
    "football",
    "basketball",
    "tennis",
    "ice_hockey",
    "american_football",
    "baseball",
    "rugby",
    "cricket",
    "volleyball",
    "handball",
    "motorsport",
];

/// Match statuses (the `matches.status` check).
pub const MATCH_STATUSES: &[&str] = &[
    "scheduled",
    "live",
    "half_time",
    "finished",
    "postponed",
    "cancelled",
];

/// Match event kinds (the `match_events.kind` check).
pub const EVENT_KINDS: &[&str] = &[
    "kickoff",
    "goal",
    "own_goal",
    "penalty_goal",
    "penalty_missed",
    "yellow_card",
    "second_yellow",
    "red_card",
    "substitution",
    "var_decision",
    "half_time",
    "full_time",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LeagueRef {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub sport: String,
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub logo_url: Option<String>,
}

/// A match as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MatchSummary {
    pub id: i64,
    pub league: LeagueRef,
    pub home: TeamRef,
    pub away: TeamRef,
    pub kickoff_at: DateTime<Utc>,
    /// The kickoff in the response's `time_zone`.
    pub kickoff_local: DateTime<FixedOffset>,
    pub venue: Option<String>,
    pub status: String,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
    /// A favourite team plays, or the league is a favourite, of the profile asked about.
    pub favourite: bool,
}

/// `GET /sports/live` and `GET /sports/upcoming`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MatchList {
    /// The IANA zone `kickoff_local` is given in.
    pub time_zone: String,
    pub data: Vec<MatchSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlayerRef {
    pub id: i64,
    pub name: String,
    pub position: Option<String>,
    pub shirt_number: Option<i16>,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MatchEvent {
    pub id: i64,
    pub match_id: i64,
    pub kind: String,
    pub minute: Option<i16>,
    pub extra_minute: Option<i16>,
    pub team_id: Option<i64>,
    pub player_id: Option<i64>,
    pub secondary_player_id: Option<i64>,
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Highlight {
    pub id: i64,
    pub match_id: i64,
    pub title: String,
    pub url: String,
    pub thumbnail_url: Option<String>,
    pub duration_seconds: Option<i32>,
    pub published_at: DateTime<Utc>,
}

/// `GET /sports/matches/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MatchDetail {
    #[serde(rename = "match")]
    pub summary: MatchSummary,
    /// In match order (minute, stoppage minute, then as recorded).
    pub events: Vec<MatchEvent>,
    pub highlights: Vec<Highlight>,
}

/// `GET /sports/teams/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamProfile {
    pub team: TeamRef,
    pub league: LeagueRef,
    pub players: Vec<PlayerRef>,
    /// Finished matches, newest first.
    pub recent: Vec<MatchSummary>,
    /// Matches not yet played, soonest first.
    pub upcoming: Vec<MatchSummary>,
}

/// `GET /sports/players/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlayerProfile {
    pub player: PlayerRef,
    pub team: Option<TeamRef>,
    pub birth_date: Option<NaiveDate>,
    /// The player's latest match events, newest first.
    pub recent_events: Vec<MatchEvent>,
}

/// `GET/PUT /profiles/{pid}/sports/favourites`: what lists put first for this profile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Favourites {
    #[serde(default)]
    pub team_ids: Vec<i64>,
    #[serde(default)]
    pub league_ids: Vec<i64>,
}

/// `PATCH /admin/sports/matches/{id}`: any subset; each change is published live.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchPatch {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub home_score: Option<i16>,
    #[serde(default)]
    pub away_score: Option<i16>,
    #[serde(default)]
    pub minute: Option<i16>,
}

/// `POST /admin/sports/matches/{id}/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMatchEvent {
    pub kind: String,
    #[serde(default)]
    pub minute: Option<i16>,
    #[serde(default)]
    pub extra_minute: Option<i16>,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    pub player_id: Option<i64>,
    #[serde(default)]
    pub secondary_player_id: Option<i64>,
    #[serde(default)]
    pub detail: Option<String>,
}

/// `POST /admin/sports/matches/{id}/highlights`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHighlight {
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    #[serde(default)]
    pub duration_seconds: Option<i32>,
}

/// One message of `GET /sports/live/stream` (the SSE `data:` line; the SSE `id:` is the feed
/// position to resume from with `Last-Event-ID`, the SSE `event:` is `kind`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LiveUpdate {
    pub match_id: i64,
    /// `score`, `status`, `minute` or `event`.
    pub kind: String,
    pub status: String,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
    /// The match event, for `kind: event`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<MatchEvent>,
    pub at: DateTime<Utc>,
}
