//! Sports: match lists and profiles, favourites, admin updates and the persisted live feed.
//!
//! Lists load their leagues and teams with one `IN (…)` query each ([`context`]), never one per
//! match. A live change writes the match and its `sports_updates` row in the caller's write
//! transaction, so the feed never names a change that was rolled back.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::DbConn;
use crate::models::{
    Highlight, League, Match, MatchEvent, NewHighlight, NewMatchEvent, NewSportsUpdate, Player,
    ProfileFavouriteLeague, ProfileFavouriteTeam, SportsUpdate, Team,
};
use crate::schema::{
    highlights, leagues, match_events, matches, players, profile_favourite_leagues,
    profile_favourite_teams, profile_preferences, sports_updates, teams,
};

/// Statuses of a match being played.
pub const IN_PLAY: &[&str] = &["live", "half_time"];

/// Matches being played, earliest kickoff first.
pub fn in_play(conn: &mut DbConn) -> QueryResult<Vec<Match>> {
    matches::table
        .filter(matches::status.eq_any(IN_PLAY))
        .order((matches::kickoff_at, matches::id))
        .select(Match::as_select())
        .load(conn)
}

/// Matches kicking off in `[from, to)`, earliest first.
pub fn kicking_off(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Match>> {
    matches::table
        .filter(matches::kickoff_at.ge(from))
        .filter(matches::kickoff_at.lt(to))
        .order((matches::kickoff_at, matches::id))
        .select(Match::as_select())
        .load(conn)
}

pub fn find_match(conn: &mut DbConn, id: i64) -> QueryResult<Option<Match>> {
    matches::table
        .find(id)
        .select(Match::as_select())
        .first(conn)
        .optional()
}

/// The leagues and teams `rows` refer to, keyed by id: two statements whatever the count.
pub fn context(
    conn: &mut DbConn,
    rows: &[Match],
) -> QueryResult<(HashMap<i64, League>, HashMap<i64, Team>)> {
    let mut league_ids: Vec<i64> = rows.iter().map(|m| m.league_id).collect();
    league_ids.sort_unstable();
    league_ids.dedup();
    let mut team_ids: Vec<i64> = rows
        .iter()
        .flat_map(|m| [m.home_team_id, m.away_team_id])
        .collect();
    team_ids.sort_unstable();
    team_ids.dedup();
    let leagues = leagues::table
        .filter(leagues::id.eq_any(&league_ids))
        .select(League::as_select())
        .load(conn)?;
    let teams = teams::table
        .filter(teams::id.eq_any(&team_ids))
        .select(Team::as_select())
        .load(conn)?;
    Ok((
        leagues.into_iter().map(|l| (l.id, l)).collect(),
        teams.into_iter().map(|t| (t.id, t)).collect(),
    ))
}

/// The profile's stored IANA time zone, if any (the profile must already be checked as owned).
pub fn profile_time_zone(conn: &mut DbConn, profile_id: i64) -> QueryResult<Option<String>> {
    Ok(profile_preferences::table
        .find(profile_id)
        .select(profile_preferences::time_zone)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// (favourite team ids, favourite league ids), ascending.
pub fn favourites(conn: &mut DbConn, profile_id: i64) -> QueryResult<(Vec<i64>, Vec<i64>)> {
    let teams = profile_favourite_teams::table
        .filter(profile_favourite_teams::profile_id.eq(profile_id))
        .order(profile_favourite_teams::team_id)
        .select(profile_favourite_teams::team_id)
        .load(conn)?;
    let leagues = profile_favourite_leagues::table
        .filter(profile_favourite_leagues::profile_id.eq(profile_id))
        .order(profile_favourite_leagues::league_id)
        .select(profile_favourite_leagues::league_id)
        .load(conn)?;
    Ok((teams, leagues))
}

/// Replaces the profile's favourites (ids already checked with [`missing_ids`]).
pub fn set_favourites(
    conn: &mut DbConn,
    profile_id: i64,
    team_ids: &[i64],
    league_ids: &[i64],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        profile_favourite_teams::table.filter(profile_favourite_teams::profile_id.eq(profile_id)),
    )
    .execute(conn)?;
    diesel::delete(
        profile_favourite_leagues::table
            .filter(profile_favourite_leagues::profile_id.eq(profile_id)),
    )
    .execute(conn)?;
    // A handful of rows: one insert each keeps this portable (multi-row inserts differ).
    for &team_id in team_ids {
        diesel::insert_into(profile_favourite_teams::table)
            .values(&ProfileFavouriteTeam {
                profile_id,
                team_id,
                created_at: now,
            })
            .execute(conn)?;
    }
    for &league_id in league_ids {
        diesel::insert_into(profile_favourite_leagues::table)
            .values(&ProfileFavouriteLeague {
                profile_id,
                league_id,
                created_at: now,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Which of `team_ids` and `league_ids` do not exist.
pub fn missing_ids(
    conn: &mut DbConn,
    team_ids: &[i64],
    league_ids: &[i64],
) -> QueryResult<(Vec<i64>, Vec<i64>)> {
    let found_teams: Vec<i64> = teams::table
        .filter(teams::id.eq_any(team_ids))
        .select(teams::id)
        .load(conn)?;
    let found_leagues: Vec<i64> = leagues::table
        .filter(leagues::id.eq_any(league_ids))
        .select(leagues::id)
        .load(conn)?;
    Ok((
        team_ids
            .iter()
            .copied()
            .filter(|id| !found_teams.contains(id))
            .collect(),
        league_ids
            .iter()
            .copied()
            .filter(|id| !found_leagues.contains(id))
            .collect(),
    ))
}

/// A match's events in match order: minute, stoppage minute, then as recorded.
pub fn events_of(conn: &mut DbConn, match_id: i64) -> QueryResult<Vec<MatchEvent>> {
    match_events::table
        .filter(match_events::match_id.eq(match_id))
        .order((
            match_events::minute.asc(),
            match_events::extra_minute.asc(),
            match_events::id.asc(),
        ))
        .select(MatchEvent::as_select())
        .load(conn)
}

pub fn highlights_of(conn: &mut DbConn, match_id: i64) -> QueryResult<Vec<Highlight>> {
    highlights::table
        .filter(highlights::match_id.eq(match_id))
        .order((highlights::published_at.desc(), highlights::id.desc()))
        .select(Highlight::as_select())
        .load(conn)
}

/// Newest highlights first: (total, page).
pub fn highlights_page(
    conn: &mut DbConn,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<Highlight>)> {
    let total = highlights::table.select(count_star()).first(conn)?;
    let rows = highlights::table
        .order((highlights::published_at.desc(), highlights::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(Highlight::as_select())
        .load(conn)?;
    Ok((total, rows))
}

pub fn find_team(conn: &mut DbConn, id: i64) -> QueryResult<Option<Team>> {
    teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()
}

pub fn find_league(conn: &mut DbConn, id: i64) -> QueryResult<Option<League>> {
    leagues::table
        .find(id)
        .select(League::as_select())
        .first(conn)
        .optional()
}

pub fn find_player(conn: &mut DbConn, id: i64) -> QueryResult<Option<Player>> {
    players::table
        .find(id)
        .select(Player::as_select())
        .first(conn)
        .optional()
}

/// A team's squad by shirt number, then name.
pub fn players_of(conn: &mut DbConn, team_id: i64) -> QueryResult<Vec<Player>> {
    players::table
        .filter(players::team_id.eq(team_id))
        .order((players::shirt_number.asc(), players::name.asc()))
        .select(Player::as_select())
        .load(conn)
}

/// A team's finished matches, newest first.
pub fn team_recent(conn: &mut DbConn, team_id: i64, limit: i64) -> QueryResult<Vec<Match>> {
    matches::table
        .filter(
            matches::home_team_id
                .eq(team_id)
                .or(matches::away_team_id.eq(team_id)),
        )
        .filter(matches::status.eq("finished"))
        .order((matches::kickoff_at.desc(), matches::id.desc()))
        .limit(limit)
        .select(Match::as_select())
        .load(conn)
}

/// A team's matches not yet played (scheduled or postponed, or in play), soonest first.
pub fn team_upcoming(conn: &mut DbConn, team_id: i64, limit: i64) -> QueryResult<Vec<Match>> {
    matches::table
        .filter(
            matches::home_team_id
                .eq(team_id)
                .or(matches::away_team_id.eq(team_id)),
        )
        .filter(matches::status.eq_any(["scheduled", "postponed", "live", "half_time"]))
        .order((matches::kickoff_at.asc(), matches::id.asc()))
        .limit(limit)
        .select(Match::as_select())
        .load(conn)
}

/// A player's latest events (as scorer, carded or substituted player, assist or replacement).
pub fn player_events(
    conn: &mut DbConn,
    player_id: i64,
    limit: i64,
) -> QueryResult<Vec<MatchEvent>> {
    match_events::table
        .filter(
            match_events::player_id
                .eq(player_id)
                .or(match_events::secondary_player_id.eq(player_id)),
        )
        .order((match_events::created_at.desc(), match_events::id.desc()))
        .limit(limit)
        .select(MatchEvent::as_select())
        .load(conn)
}

/// The changes of an admin match update; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = matches)]
pub struct MatchChanges<'a> {
    pub status: Option<&'a str>,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Applies `changes` and returns the match as it now is.
pub fn update_match(conn: &mut DbConn, id: i64, changes: &MatchChanges<'_>) -> QueryResult<Match> {
    diesel::update(matches::table.find(id))
        .set(changes)
        .execute(conn)?;
    matches::table
        .find(id)
        .select(Match::as_select())
        .first(conn)
}

pub fn insert_event(conn: &mut DbConn, event: &NewMatchEvent<'_>) -> QueryResult<MatchEvent> {
    diesel::insert_into(match_events::table)
        .values(event)
        .returning(match_events::id)
        .get_result::<i64>(conn)
        .and_then(|id| {
            match_events::table
                .find(id)
                .select(MatchEvent::as_select())
                .first(conn)
        })
}

pub fn insert_highlight(conn: &mut DbConn, row: &NewHighlight<'_>) -> QueryResult<Highlight> {
    diesel::insert_into(highlights::table)
        .values(row)
        .returning(highlights::id)
        .get_result::<i64>(conn)
        .and_then(|id| {
            highlights::table
                .find(id)
                .select(Highlight::as_select())
                .first(conn)
        })
}

/// Appends to the live feed and returns the row (its id is the SSE event id). Run it in a write
/// transaction: feed inserts are serialised until commit, so rows of every writer (servers, the
/// CLI) commit in id order and a reader that has seen id n will never see a smaller id appear.
/// SQLite's write lock does that already; PostgreSQL assigns sequence values at insert, so the
/// table is locked against other inserters (readers are not blocked).
pub fn insert_update(conn: &mut DbConn, update: &NewSportsUpdate<'_>) -> QueryResult<SportsUpdate> {
    if let DbConn::Postgresql(pg) = conn {
        // SHARE ROW EXCLUSIVE conflicts with itself and with inserts, not with SELECTs.
        diesel::sql_query("LOCK TABLE sports_updates IN SHARE ROW EXCLUSIVE MODE").execute(pg)?;
    }
    diesel::insert_into(sports_updates::table)
        .values(update)
        .returning(sports_updates::id)
        .get_result::<i64>(conn)
        .and_then(|id| {
            sports_updates::table
                .find(id)
                .select(SportsUpdate::as_select())
                .first(conn)
        })
}

/// Feed rows after `after_id`, oldest first, at most `limit`.
pub fn updates_after(
    conn: &mut DbConn,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<SportsUpdate>> {
    sports_updates::table
        .filter(sports_updates::id.gt(after_id))
        .order(sports_updates::id)
        .limit(limit)
        .select(SportsUpdate::as_select())
        .load(conn)
}

/// The newest feed row's id.
pub fn latest_update_id(conn: &mut DbConn) -> QueryResult<Option<i64>> {
    sports_updates::table
        .select(diesel::dsl::max(sports_updates::id))
        .first(conn)
}

/// Which of these players exist, with their team (for checking an event's players).
pub fn players_teams(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Option<i64>>> {
    Ok(players::table
        .filter(players::id.eq_any(ids))
        .select((players::id, players::team_id))
        .load::<(i64, Option<i64>)>(conn)?
        .into_iter()
        .collect())
}
