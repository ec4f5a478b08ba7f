//! Sports: live and upcoming matches in the caller's time zone, highlights, match, team and
//! player profiles, a profile's favourites, admin updates, and the live SSE stream.
//!
//! Lists take `tz` (an IANA name; chrono-tz applies its DST rules) and `profile_id` (the
//! caller's own profile: its favourite teams and leagues come first, and its stored time zone is
//! the default). Without either the zone is UTC.
//!
//! Admin changes to a match are written with their `sports_updates` row in one transaction and
//! published after commit, under the feed's writer lock (see [`crate::live`]).

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use http::StatusCode;
use marquee_api::sports::{
    self as wire, Favourites, LeagueRef, MatchDetail, MatchList, MatchPatch, MatchSummary,
    PlayerProfile, PlayerRef, TeamProfile, TeamRef,
};
use marquee_api::{Page, Pagination};
use marquee_db::DbConn;
use marquee_db::models::{self as rows, League, Match, NewHighlight, NewMatchEvent, Team};
use marquee_db::queries::{profiles, sports as q};
use tokio::sync::broadcast::error::RecvError;
use warp::Reply;
use warp::reply::Response;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::{Errors, Params, offset, paging};
use crate::live::{self, FeedEntry, event_wire as event};
use crate::rules;
use crate::state::AppState;

/// Matches listed per team profile section.
const TEAM_MATCHES: i64 = 10;
/// Events listed on a player profile.
const PLAYER_EVENTS: i64 = 20;
/// Feed rows read per catch-up query of a resuming stream.
const CATCH_UP_PAGE: i64 = 500;

// ---------------------------------------------------------------------------------------------
// Who is asking: time zone and favourites

struct Viewer {
    tz: Tz,
    teams: Vec<i64>,
    leagues: Vec<i64>,
}

impl Viewer {
    fn favourite(&self, m: &Match) -> bool {
        self.teams.contains(&m.home_team_id)
            || self.teams.contains(&m.away_team_id)
            || self.leagues.contains(&m.league_id)
    }
}

/// `tz` and `profile_id` from the query string (plus `extra` accepted names). An unknown zone
/// is a 400 naming it; a `profile_id` needs the caller's own profile (401/404 otherwise).
async fn viewer(
    state: &AppState,
    principal: ApiResult<Principal>,
    params: &Params,
    extra: &[&str],
) -> ApiResult<(Viewer, Errors)> {
    let mut errors = Errors::default();
    let mut accepted = vec!["tz", "profile_id"];
    accepted.extend_from_slice(extra);
    params.check_names(&accepted, &mut errors);
    let tz = match params.one("tz") {
        None => None,
        Some(name) => match name.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                errors.add(
                    "tz",
                    format!(
                        "unknown time zone `{name}`; use an IANA name such as Europe/London or America/New_York"
                    ),
                );
                None
            }
        },
    };
    let profile_id = params.profile_id(&mut errors);
    let Some(profile_id) = profile_id else {
        return Ok((
            Viewer {
                tz: tz.unwrap_or(Tz::UTC),
                teams: Vec::new(),
                leagues: Vec::new(),
            },
            errors,
        ));
    };
    let me = principal?;
    let (stored_tz, teams, leagues) = state
        .db(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            let (teams, leagues) = q::favourites(conn, profile_id)?;
            Ok((q::profile_time_zone(conn, profile_id)?, teams, leagues))
        })
        .await?;
    let tz = tz
        .or_else(|| stored_tz.and_then(|name| name.parse::<Tz>().ok()))
        .unwrap_or(Tz::UTC);
    Ok((Viewer { tz, teams, leagues }, errors))
}

fn owned(conn: &mut DbConn, user_id: i64, profile_id: i64) -> ApiResult<()> {
    profiles::find_owned(conn, user_id, profile_id)?
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("profile"))
}

// ---------------------------------------------------------------------------------------------
// Row → wire mapping

fn league_ref(l: &League) -> LeagueRef {
    LeagueRef {
        id: l.id,
        name: l.name.clone(),
        slug: l.slug.clone(),
        sport: l.sport.clone(),
        logo_url: l.logo_url.clone(),
    }
}

fn team_ref(t: &Team) -> TeamRef {
    TeamRef {
        id: t.id,
        name: t.name.clone(),
        short_name: t.short_name.clone(),
        logo_url: t.logo_url.clone(),
    }
}

fn player_ref(p: &rows::Player) -> PlayerRef {
    PlayerRef {
        id: p.id,
        name: p.name.clone(),
        position: p.position.clone(),
        shirt_number: p.shirt_number,
        photo_url: p.photo_url.clone(),
    }
}

fn highlight(h: rows::Highlight) -> wire::Highlight {
    wire::Highlight {
        id: h.id,
        match_id: h.match_id,
        title: h.title,
        url: h.url,
        thumbnail_url: h.thumbnail_url,
        duration_seconds: h.duration_seconds,
        published_at: h.published_at.and_utc(),
    }
}

/// Matches with their league and teams (loaded by [`q::context`]).
struct Listed {
    rows: Vec<Match>,
    leagues: HashMap<i64, League>,
    teams: HashMap<i64, Team>,
}

fn listed(conn: &mut DbConn, rows: Vec<Match>) -> ApiResult<Listed> {
    let (leagues, teams) = q::context(conn, &rows)?;
    Ok(Listed {
        rows,
        leagues,
        teams,
    })
}

impl Listed {
    fn summaries(self, viewer: &Viewer) -> Vec<MatchSummary> {
        self.rows
            .iter()
            .filter_map(|m| {
                Some(MatchSummary {
                    id: m.id,
                    league: league_ref(self.leagues.get(&m.league_id)?),
                    home: team_ref(self.teams.get(&m.home_team_id)?),
                    away: team_ref(self.teams.get(&m.away_team_id)?),
                    kickoff_at: m.kickoff_at.and_utc(),
                    kickoff_local: viewer.tz.from_utc_datetime(&m.kickoff_at).fixed_offset(),
                    venue: m.venue.clone(),
                    status: m.status.clone(),
                    home_score: m.home_score,
                    away_score: m.away_score,
                    minute: m.minute,
                    favourite: viewer.favourite(m),
                })
            })
            .collect()
    }
}

/// Favourites first, each group in the order given (kickoff).
fn favourites_first(mut list: Vec<MatchSummary>) -> Vec<MatchSummary> {
    list.sort_by_key(|m| !m.favourite);
    list
}

fn match_list(viewer: &Viewer, data: Vec<MatchSummary>) -> Response {
    warp::reply::json(&MatchList {
        time_zone: viewer.tz.name().to_owned(),
        data,
    })
    .into_response()
}

// ---------------------------------------------------------------------------------------------
// Public reads

/// `GET /sports/live`: matches in play, then the rest of today's (the caller's local day),
/// each group with favourites first, then by kickoff.
#[utoipa::path(
    get,
    path = "/api/v1/sports/live",
    tag = "sports",
    summary = "Matches in play, then the rest of today's (favourites first in each group)",
    params(("tz" = Option<String>, Query, description = "IANA time zone for `kickoff_local` (`Europe/London`); default: the profile's, else UTC; an unknown zone is a 400 naming it"), ("profile_id" = Option<i64>, Query, description = "The caller's profile: its favourite teams and leagues first, its time zone by default; needs the bearer token")),
    responses(
        (status = 200, description = "Matches", body = marquee_api::sports::MatchList),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: `profile_id` is not the caller's", body = marquee_api::ErrorBody),
    ),
)]
pub async fn live(
    state: AppState,
    principal: ApiResult<Principal>,
    raw: String,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let (viewer, errors) = viewer(&state, principal, &params, &[]).await?;
    errors.into_result()?;
    let (day_start, day_end) = local_day(viewer.tz, Utc::now());
    let (playing, today) = state
        .db(move |conn| {
            let playing = q::in_play(conn)?;
            let playing = listed(conn, playing)?;
            let mut today = q::kicking_off(conn, day_start, day_end)?;
            today.retain(|m| !q::IN_PLAY.contains(&m.status.as_str()));
            Ok((playing, listed(conn, today)?))
        })
        .await?;
    let mut data = favourites_first(playing.summaries(&viewer));
    data.extend(favourites_first(today.summaries(&viewer)));
    Ok(match_list(&viewer, data))
}

/// The UTC bounds of the local calendar day holding `now` in `tz` (23 or 25 hours long on a
/// DST change).
fn local_day(tz: Tz, now: DateTime<Utc>) -> (NaiveDateTime, NaiveDateTime) {
    let date = now.with_timezone(&tz).date_naive();
    let start_of = |d: chrono::NaiveDate| {
        // Midnight may not exist (a DST jump at 00:00): take the first instant of the day.
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        (0..=120)
            .find_map(|m| {
                tz.from_local_datetime(&(midnight + TimeDelta::minutes(m)))
                    .earliest()
            })
            .map(|t| t.naive_utc())
            .unwrap_or(midnight)
    };
    let next = date.succ_opt().unwrap_or(date);
    (start_of(date), start_of(next))
}

/// `GET /sports/upcoming?tz=&profile_id=&from=`: matches kicking off in the 24 hours from `from`
/// (RFC 3339, default now), favourites first, times also in the caller's zone.
#[utoipa::path(
    get,
    path = "/api/v1/sports/upcoming",
    tag = "sports",
    summary = "Matches kicking off in the next 24 hours, times in the caller's zone (DST applied)",
    params(("tz" = Option<String>, Query, description = "IANA time zone for `kickoff_local` (`Europe/London`); default: the profile's, else UTC; an unknown zone is a 400 naming it"), ("profile_id" = Option<i64>, Query, description = "The caller's profile: its favourite teams and leagues first, its time zone by default; needs the bearer token"), ("from" = Option<String>, Query, description = "Start of the 24-hour window (RFC 3339); default now")),
    responses(
        (status = 200, description = "Matches", body = marquee_api::sports::MatchList),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: `profile_id` is not the caller's", body = marquee_api::ErrorBody),
    ),
)]
pub async fn upcoming(
    state: AppState,
    principal: ApiResult<Principal>,
    raw: String,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let (viewer, mut errors) = viewer(&state, principal, &params, &["from"]).await?;
    let from = match params.one("from").map(DateTime::parse_from_rfc3339) {
        None => Utc::now(),
        Some(Ok(t)) => t.with_timezone(&Utc),
        Some(Err(_)) => {
            errors.add(
                "from",
                "must be an RFC 3339 time such as 2027-03-28T00:00:00Z",
            );
            Utc::now()
        }
    };
    errors.into_result()?;
    let start = from.naive_utc();
    let end = start + TimeDelta::hours(24);
    let list = state
        .db(move |conn| {
            let rows = q::kicking_off(conn, start, end)?;
            listed(conn, rows)
        })
        .await?;
    Ok(match_list(
        &viewer,
        favourites_first(list.summaries(&viewer)),
    ))
}

/// `GET /sports/highlights`: newest first, paged.
#[utoipa::path(
    get,
    path = "/api/v1/sports/highlights",
    tag = "sports",
    summary = "Highlights, newest first",
    params(crate::openapi::PageParams),
    responses(
        (status = 200, description = "Highlights", body = marquee_api::Page<marquee_api::sports::Highlight>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn highlights(state: AppState, raw: String) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["page", "per_page"], &mut errors);
    let (page, per_page) = paging(&params, &mut errors);
    errors.into_result()?;
    let (total, rows) = state
        .db(move |conn| {
            Ok(q::highlights_page(
                conn,
                offset(page, per_page),
                i64::from(per_page),
            )?)
        })
        .await?;
    Ok(warp::reply::json(&Page {
        data: rows.into_iter().map(highlight).collect::<Vec<_>>(),
        pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    })
    .into_response())
}

/// `GET /sports/matches/{id}?tz=`: the match with its events and highlights.
#[utoipa::path(
    get,
    path = "/api/v1/sports/matches/{id}",
    tag = "sports",
    summary = "A match with its events and highlights",
    params(("id" = i64, Path, description = "Match id"), ("tz" = Option<String>, Query, description = "IANA time zone for `kickoff_local` (`Europe/London`); default: the profile's, else UTC; an unknown zone is a 400 naming it"), ("profile_id" = Option<i64>, Query, description = "The caller's profile: its favourite teams and leagues first, its time zone by default; needs the bearer token")),
    responses(
        (status = 200, description = "The match", body = marquee_api::sports::MatchDetail),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such match", body = marquee_api::ErrorBody),
    ),
)]
pub async fn match_detail(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    raw: String,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let (viewer, errors) = viewer(&state, principal, &params, &[]).await?;
    errors.into_result()?;
    let (list, events, highlights) = state
        .db(move |conn| {
            let m = q::find_match(conn, id)?.ok_or_else(|| ApiError::not_found("match"))?;
            Ok((
                listed(conn, vec![m])?,
                q::events_of(conn, id)?,
                q::highlights_of(conn, id)?,
            ))
        })
        .await?;
    let summary = list
        .summaries(&viewer)
        .pop()
        .ok_or_else(|| ApiError::not_found("match"))?;
    Ok(warp::reply::json(&MatchDetail {
        summary,
        events: events.into_iter().map(event).collect(),
        highlights: highlights.into_iter().map(highlight).collect(),
    })
    .into_response())
}

/// `GET /sports/teams/{id}?tz=`: the team, its league and squad, recent and coming matches.
#[utoipa::path(
    get,
    path = "/api/v1/sports/teams/{id}",
    tag = "sports",
    summary = "A team: league, squad, recent and coming matches",
    params(("id" = i64, Path, description = "Team id"), ("tz" = Option<String>, Query, description = "IANA time zone for `kickoff_local` (`Europe/London`); default: the profile's, else UTC; an unknown zone is a 400 naming it"), ("profile_id" = Option<i64>, Query, description = "The caller's profile: its favourite teams and leagues first, its time zone by default; needs the bearer token")),
    responses(
        (status = 200, description = "The team", body = marquee_api::sports::TeamProfile),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such team", body = marquee_api::ErrorBody),
    ),
)]
pub async fn team(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    raw: String,
) -> ApiResult<Response> {
    let params = Params::parse(&raw);
    let (viewer, errors) = viewer(&state, principal, &params, &[]).await?;
    errors.into_result()?;
    let (team, league, players, recent, upcoming) = state
        .db(move |conn| {
            let team = q::find_team(conn, id)?.ok_or_else(|| ApiError::not_found("team"))?;
            let league = q::find_league(conn, team.league_id)?
                .ok_or_else(|| ApiError::not_found("league"))?;
            let players = q::players_of(conn, id)?;
            let recent = q::team_recent(conn, id, TEAM_MATCHES)?;
            let recent = listed(conn, recent)?;
            let upcoming = q::team_upcoming(conn, id, TEAM_MATCHES)?;
            let upcoming = listed(conn, upcoming)?;
            Ok((team, league, players, recent, upcoming))
        })
        .await?;
    Ok(warp::reply::json(&TeamProfile {
        team: team_ref(&team),
        league: league_ref(&league),
        players: players.iter().map(player_ref).collect(),
        recent: recent.summaries(&viewer),
        upcoming: upcoming.summaries(&viewer),
    })
    .into_response())
}

/// `GET /sports/players/{id}`: the player, their team and latest match events.
#[utoipa::path(
    get,
    path = "/api/v1/sports/players/{id}",
    tag = "sports",
    summary = "A player: team and latest match events",
    params(("id" = i64, Path, description = "Player id")),
    responses(
        (status = 200, description = "The player", body = marquee_api::sports::PlayerProfile),
        (status = 404, description = "`not_found`: no such player", body = marquee_api::ErrorBody),
    ),
)]
pub async fn player(state: AppState, id: i64) -> ApiResult<Response> {
    let (player, team, events) = state
        .db(move |conn| {
            let player = q::find_player(conn, id)?.ok_or_else(|| ApiError::not_found("player"))?;
            let team = match player.team_id {
                Some(team_id) => q::find_team(conn, team_id)?,
                None => None,
            };
            Ok((player, team, q::player_events(conn, id, PLAYER_EVENTS)?))
        })
        .await?;
    Ok(warp::reply::json(&PlayerProfile {
        player: player_ref(&player),
        team: team.as_ref().map(team_ref),
        birth_date: player.birth_date,
        recent_events: events.into_iter().map(event).collect(),
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// A profile's favourites

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/sports/favourites",
    tag = "sports",
    summary = "The profile's favourite teams and leagues",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    responses(
        (status = 200, description = "Favourites", body = marquee_api::sports::Favourites),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn favourites(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
) -> ApiResult<Response> {
    let me = principal?;
    let (team_ids, league_ids) = state
        .db(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            Ok(q::favourites(conn, profile_id)?)
        })
        .await?;
    Ok(warp::reply::json(&Favourites {
        team_ids,
        league_ids,
    })
    .into_response())
}

/// `PUT /profiles/{pid}/sports/favourites`: replaces both lists; unknown ids are a 400 naming
/// them.
#[utoipa::path(
    put,
    path = "/api/v1/profiles/{pid}/sports/favourites",
    tag = "sports",
    summary = "Replace the profile's favourite teams and leagues",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    request_body = marquee_api::sports::Favourites,
    responses(
        (status = 200, description = "Saved", body = marquee_api::sports::Favourites),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn put_favourites(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    body: Favourites,
) -> ApiResult<Response> {
    let me = principal?;
    let mut team_ids = body.team_ids;
    team_ids.sort_unstable();
    team_ids.dedup();
    let mut league_ids = body.league_ids;
    league_ids.sort_unstable();
    league_ids.dedup();
    let saved = Favourites {
        team_ids: team_ids.clone(),
        league_ids: league_ids.clone(),
    };
    state
        .write(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            let (missing_teams, missing_leagues) = q::missing_ids(conn, &team_ids, &league_ids)?;
            let mut errors = Errors::default();
            let list = |ids: &[i64]| {
                ids.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !missing_teams.is_empty() {
                errors.add(
                    "team_ids",
                    format!("no such team: {}", list(&missing_teams)),
                );
            }
            if !missing_leagues.is_empty() {
                errors.add(
                    "league_ids",
                    format!("no such league: {}", list(&missing_leagues)),
                );
            }
            errors.into_result()?;
            q::set_favourites(conn, profile_id, &team_ids, &league_ids, marquee_db::now())?;
            Ok(())
        })
        .await?;
    Ok(warp::reply::json(&saved).into_response())
}

// ---------------------------------------------------------------------------------------------
// Admin updates, published live

/// `PATCH /admin/sports/matches/{id}`: status, score and minute. A real change is published
/// as one feed entry whose kind is the most significant change (score, then status, then
/// minute); a patch that changes nothing publishes nothing.
#[utoipa::path(
    patch,
    path = "/api/v1/admin/sports/matches/{id}",
    tag = "sports",
    summary = "Admin: change status, score or minute; published on the live stream",
    params(("id" = i64, Path, description = "Match id")),
    request_body = marquee_api::sports::MatchPatch,
    responses(
        (status = 200, description = "The match as it now is", body = marquee_api::sports::MatchSummary),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such match", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn patch_match(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: MatchPatch,
) -> ApiResult<Response> {
    principal?.require_admin()?;
    let mut errors = Errors::default();
    if body.status.is_none()
        && body.home_score.is_none()
        && body.away_score.is_none()
        && body.minute.is_none()
    {
        errors.add(
            "body",
            "give at least one of status, home_score, away_score, minute",
        );
    }
    if let Some(s) = &body.status {
        errors.check("status", rules::match_status(s));
    }
    for (field, value) in [
        ("home_score", body.home_score),
        ("away_score", body.away_score),
    ] {
        if let Some(v) = value {
            errors.check(field, rules::score(v));
        }
    }
    if let Some(v) = body.minute {
        errors.check("minute", rules::minute(v));
    }
    errors.into_result()?;
    let sports = state.sports();
    let mut published = sports.writer().await;
    let (m, entry) = state
        .write(move |conn| {
            let before = q::find_match(conn, id)?.ok_or_else(|| ApiError::not_found("match"))?;
            let change = live::LiveChange {
                status: body.status.as_deref(),
                home_score: body.home_score,
                away_score: body.away_score,
                minute: body.minute,
            };
            Ok(live::change_match(conn, before, &change)?)
        })
        .await?;
    if let Some(entry) = entry {
        live::publish_own(&state, &mut published, entry).await;
    }
    drop(published);
    let viewer = Viewer {
        tz: Tz::UTC,
        teams: Vec::new(),
        leagues: Vec::new(),
    };
    let list = state.db(move |conn| listed(conn, vec![m])).await?;
    let summary = list
        .summaries(&viewer)
        .pop()
        .ok_or_else(|| ApiError::not_found("match"))?;
    Ok(warp::reply::json(&summary).into_response())
}

/// `POST /admin/sports/matches/{id}/events`: records a goal, card, substitution… and publishes
/// it. The team must be one of the match's; players must exist.
#[utoipa::path(
    post,
    path = "/api/v1/admin/sports/matches/{id}/events",
    tag = "sports",
    summary = "Admin: record a match event; published on the live stream",
    params(("id" = i64, Path, description = "Match id")),
    request_body = marquee_api::sports::NewMatchEvent,
    responses(
        (status = 201, description = "Recorded", body = marquee_api::sports::MatchEvent),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such match", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn add_event(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: wire::NewMatchEvent,
) -> ApiResult<Response> {
    principal?.require_admin()?;
    let mut errors = Errors::default();
    errors.check("kind", rules::event_kind(&body.kind));
    for (field, value) in [("minute", body.minute), ("extra_minute", body.extra_minute)] {
        if let Some(v) = value {
            errors.check(field, rules::minute(v));
        }
    }
    let detail = errors
        .check("detail", rules::detail(body.detail.as_deref()))
        .flatten();
    let sports = state.sports();
    let mut published = sports.writer().await;
    let (saved, entry) = state
        .write(move |conn| {
            let m = q::find_match(conn, id)?.ok_or_else(|| ApiError::not_found("match"))?;
            if body
                .team_id
                .is_some_and(|t| t != m.home_team_id && t != m.away_team_id)
            {
                errors.add("team_id", "must be the home or the away team of this match");
            }
            let ids: Vec<i64> = [body.player_id, body.secondary_player_id]
                .into_iter()
                .flatten()
                .collect();
            let known = q::players_teams(conn, &ids)?;
            for (field, value) in [
                ("player_id", body.player_id),
                ("secondary_player_id", body.secondary_player_id),
            ] {
                if value.is_some_and(|p| !known.contains_key(&p)) {
                    errors.add(field, "no such player");
                }
            }
            errors.into_result()?;
            let new = NewMatchEvent {
                match_id: id,
                minute: body.minute,
                extra_minute: body.extra_minute,
                kind: &body.kind,
                team_id: body.team_id,
                player_id: body.player_id,
                secondary_player_id: body.secondary_player_id,
                detail: detail.as_deref(),
                created_at: marquee_db::now(),
            };
            Ok(live::record_event(conn, &m, &new)?)
        })
        .await?;
    live::publish_own(&state, &mut published, entry).await;
    drop(published);
    Ok(warp::reply::with_status(warp::reply::json(&saved), StatusCode::CREATED).into_response())
}

/// `POST /admin/sports/matches/{id}/highlights`.
#[utoipa::path(
    post,
    path = "/api/v1/admin/sports/matches/{id}/highlights",
    tag = "sports",
    summary = "Admin: add a highlight to a match",
    params(("id" = i64, Path, description = "Match id")),
    request_body = marquee_api::sports::NewHighlight,
    responses(
        (status = 201, description = "Added", body = marquee_api::sports::Highlight),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such match", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn add_highlight(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: wire::NewHighlight,
) -> ApiResult<Response> {
    principal?.require_admin()?;
    let mut errors = Errors::default();
    let title = errors.check("title", rules::title(&body.title));
    errors.check("url", rules::http_url(&body.url));
    if let Some(u) = &body.thumbnail_url {
        errors.check("thumbnail_url", rules::http_url(u));
    }
    if let Some(d) = body.duration_seconds {
        errors.check("duration_seconds", rules::duration_seconds(d));
    }
    errors.into_result()?;
    let title = title.unwrap_or_default();
    let saved = state
        .write(move |conn| {
            q::find_match(conn, id)?.ok_or_else(|| ApiError::not_found("match"))?;
            Ok(q::insert_highlight(
                conn,
                &NewHighlight {
                    match_id: id,
                    title: &title,
                    url: &body.url,
                    thumbnail_url: body.thumbnail_url.as_deref(),
                    duration_seconds: body.duration_seconds,
                    published_at: marquee_db::now(),
                },
            )?)
        })
        .await?;
    Ok(
        warp::reply::with_status(warp::reply::json(&highlight(saved)), StatusCode::CREATED)
            .into_response(),
    )
}

// ---------------------------------------------------------------------------------------------
// The live stream

/// `GET /sports/live/stream`: every feed entry from now on as SSE (`id`, `event`, `data`), with
/// heartbeat comments. With `Last-Event-ID: n`, first every stored entry after `n`. A client that
/// falls behind the broadcast buffer catches up from the table, so it misses nothing either.
#[utoipa::path(
    get,
    path = "/api/v1/sports/live/stream",
    tag = "sports",
    summary = "Server-Sent Events: score, status, minute and match-event changes as they happen",
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id: every stored change since is sent first")),
    responses(
        (status = 200, description = "`text/event-stream`: `id` (resume point), `event` (`score`, `status`, `minute`, `event`), `data` (a LiveUpdate as JSON); `:heartbeat` comments while idle", content_type = "text/event-stream", body = String),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
    ),
)]
pub async fn live_stream(state: AppState, last_event_id: Option<String>) -> ApiResult<Response> {
    let after = match last_event_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) if id >= 0 => Some(id),
            _ => {
                return Err(ApiError::validation([(
                    "Last-Event-ID".to_owned(),
                    "must be the id of an event this stream sent (a whole number)".to_owned(),
                )]));
            }
        },
    };
    // Subscribe before reading the table: an entry committed in between is then seen at least
    // once (the id check drops the second copy).
    let receiver = state.sports().feed().subscribe();
    let (last, catching_up) = match after {
        Some(id) => (id, true),
        // A fresh client starts at the newest entry (so a lag later catches up from there).
        None => (state.db(|conn| Ok(latest_id(conn)?)).await?, false),
    };
    let cursor = Cursor {
        _client: state.metrics().sse_client(),
        state: state.clone(),
        receiver,
        last,
        backlog: VecDeque::new(),
        catching_up,
    };
    let events = futures_util::stream::unfold(cursor, Cursor::next);
    let heartbeat = state.config().sports.heartbeat;
    Ok(warp::sse::reply(
        warp::sse::keep_alive()
            .interval(heartbeat)
            .text("heartbeat")
            .stream(events),
    )
    .into_response())
}

fn latest_id(conn: &mut DbConn) -> diesel::QueryResult<i64> {
    q::latest_update_id(conn).map(|id| id.unwrap_or(0))
}

struct Cursor {
    /// Counts this stream in the SSE clients gauge until the stream is dropped.
    _client: crate::metrics::InFlight,
    state: AppState,
    receiver: tokio::sync::broadcast::Receiver<Arc<FeedEntry>>,
    /// The id of the last entry sent (or the resume point).
    last: i64,
    backlog: VecDeque<FeedEntry>,
    /// Reading the table until it has nothing newer than `last`.
    catching_up: bool,
}

impl Cursor {
    async fn next(mut self) -> Option<(Result<warp::sse::Event, Infallible>, Cursor)> {
        loop {
            if let Some(entry) = self.backlog.pop_front() {
                if let Some(event) = self.send(&entry) {
                    return Some((Ok(event), self));
                }
                continue;
            }
            if self.catching_up {
                let last = self.last;
                let rows = self
                    .state
                    .db(move |conn| Ok(q::updates_after(conn, last, CATCH_UP_PAGE)?))
                    .await
                    // The client reconnects with Last-Event-ID and resumes from `last`.
                    .ok()?;
                self.catching_up = i64::try_from(rows.len()).unwrap_or(0) == CATCH_UP_PAGE;
                self.backlog.extend(rows.into_iter().map(|r| FeedEntry {
                    id: r.id,
                    kind: r.kind,
                    data: r.payload,
                }));
                continue;
            }
            match self.receiver.recv().await {
                Ok(entry) => {
                    if let Some(event) = self.send(&entry) {
                        return Some((Ok(event), self));
                    }
                }
                Err(RecvError::Lagged(_)) => self.catching_up = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// The SSE event for `entry`, unless it was already sent.
    fn send(&mut self, entry: &FeedEntry) -> Option<warp::sse::Event> {
        if entry.id <= self.last {
            return None;
        }
        self.last = entry.id;
        Some(
            warp::sse::Event::default()
                .id(entry.id.to_string())
                .event(entry.kind.clone())
                .data(entry.data.clone()),
        )
    }
}
