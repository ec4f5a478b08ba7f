//! `marqueectl import sports FILE`: leagues, teams, players, fixtures and results, match events
//! and highlights (see [`FORMATS_HELP`] for both layouts).
//!
//! Natural keys, so a re-run adds nothing: a league is its slug; a team (league, name); a player
//! (team, name); a match (league, home, away, kickoff); an event (match, kind, minute, stoppage
//! minute, team, player); a highlight (match, URL). Teams and leagues a record names must exist
//! (earlier in the file or in the database). Events are only ever added.
//!
//! A change of a stored match's status, score or minute and every new event go through the
//! server's own writes ([`marquee_server::live`]): the match and its `sports_updates` row in one
//! transaction, so a running server's tail task publishes them to live SSE clients. Values go
//! through the server's own rules ([`marquee_server::rules`]).

use std::path::PathBuf;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::{Match, NewMatch, NewMatchEvent};
use marquee_db::queries::sports as q;
use marquee_db::schema::{highlights, leagues, match_events, matches, players, teams};
use marquee_server::{live, rules};
use serde::Deserialize;

use super::{Common, Field, FileFormat, Position, Session, broken};
use crate::content::{self, RuleError};
use crate::context::Context;

pub const FORMATS_HELP: &str = "\
Formats (chosen by the extension, .csv or .jsonl, or by --format):

JSON Lines, one object per line with a \"type\":
  {\"type\": \"league\", \"slug\": \"premier-league\", \"name\": \"Premier League\", \"sport\": \"football\"}
  {\"type\": \"team\", \"league\": \"premier-league\", \"name\": \"Arsenal\", \"short_name\": \"ARS\"}
  {\"type\": \"player\", \"league\": \"premier-league\", \"team\": \"Arsenal\", \"name\": \"Bukayo Saka\",
   \"position\": \"FW\", \"shirt_number\": 7, \"birth_date\": \"2001-09-05\"}
  {\"type\": \"match\", \"league\": \"premier-league\", \"home\": \"Arsenal\", \"away\": \"Chelsea\",
   \"kickoff_at\": \"2026-11-28T15:00:00Z\", \"venue\": \"Emirates Stadium\", \"status\": \"finished\",
   \"home_score\": 2, \"away_score\": 1, \"minute\": 90}
  {\"type\": \"event\", \"match\": {\"league\": \"premier-league\", \"home\": \"Arsenal\", \"away\": \"Chelsea\",
   \"kickoff_at\": \"2026-11-28T15:00:00Z\"}, \"kind\": \"goal\", \"minute\": 23, \"team\": \"Arsenal\",
   \"player\": \"Bukayo Saka\"}
  {\"type\": \"highlight\", \"match\": {…as above…}, \"title\": \"All the goals\",
   \"url\": \"https://video.example/ars-che\", \"duration_seconds\": 240}
  Optional: logo_url (league, team), photo_url (player), extra_minute, secondary_player (the
  assist, or the player coming on), detail (event), thumbnail_url, published_at (highlight).

CSV, fixtures and results, one match per row:
  league,home,away,kickoff_at,venue,status,home_score,away_score,minute

league is a league's slug; teams and players are named as stored. kickoff_at is RFC 3339 (any
offset; stored in UTC). status: scheduled, live, half_time, finished, postponed, cancelled.
A changed status, score or minute of a stored match reaches a running server's live stream.";

const COLUMNS: [&str; 9] = [
    "league",
    "home",
    "away",
    "kickoff_at",
    "venue",
    "status",
    "home_score",
    "away_score",
    "minute",
];

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// The sports file (.jsonl, or .csv for fixtures and results)
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,

    /// The file's layout [default: from the extension]
    #[arg(long, value_enum)]
    format: Option<FileFormat>,

    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LeagueLine {
    slug: String,
    name: String,
    sport: String,
    #[serde(default)]
    logo_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamLine {
    league: String,
    name: String,
    #[serde(default)]
    short_name: Option<String>,
    #[serde(default)]
    logo_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlayerLine {
    league: String,
    team: String,
    name: String,
    #[serde(default)]
    position: Option<String>,
    #[serde(default)]
    shirt_number: Option<i16>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    photo_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchKeyLine {
    league: String,
    home: String,
    away: String,
    kickoff_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchLine {
    league: String,
    home: String,
    away: String,
    kickoff_at: String,
    #[serde(default)]
    venue: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    home_score: Option<i16>,
    #[serde(default)]
    away_score: Option<i16>,
    #[serde(default)]
    minute: Option<i16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventLine {
    #[serde(rename = "match")]
    of: MatchKeyLine,
    kind: String,
    #[serde(default)]
    minute: Option<i16>,
    #[serde(default)]
    extra_minute: Option<i16>,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    player: Option<String>,
    #[serde(default)]
    secondary_player: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HighlightLine {
    #[serde(rename = "match")]
    of: MatchKeyLine,
    title: String,
    url: String,
    #[serde(default)]
    thumbnail_url: Option<String>,
    #[serde(default)]
    duration_seconds: Option<i32>,
    #[serde(default)]
    published_at: Option<String>,
}

/// A match by its natural key, checked.
#[derive(Debug, Clone)]
struct MatchKey {
    league: String,
    home: String,
    away: String,
    kickoff_at: NaiveDateTime,
}

/// A checked record.
enum Item {
    League(LeagueLine),
    Team(TeamLine),
    Player(PlayerLine, Option<chrono::NaiveDate>),
    Match(MatchKey, MatchLine),
    // Boxed: the largest records, kept off the size of every other variant.
    Event(MatchKey, Box<EventLine>, Option<String>),
    Highlight(MatchKey, Box<HighlightLine>, String, Option<NaiveDateTime>),
}

impl Item {
    fn entity(&self) -> &'static str {
        match self {
            Item::League(_) => "leagues",
            Item::Team(_) => "teams",
            Item::Player(..) => "players",
            Item::Match(..) => "matches",
            Item::Event(..) => "events",
            Item::Highlight(..) => "highlights",
        }
    }
}

/// A rule broken at a JSON path (`match.kickoff_at`).
type Rejected = (String, RuleError);

fn check(path: &str, checked: rules::Checked<()>) -> Result<(), Rejected> {
    checked.map_err(|b| (path.to_owned(), broken(b)))
}

fn url(path: &str, value: Option<&str>) -> Result<(), Rejected> {
    match value {
        Some(u) => check(path, rules::http_url(u)),
        None => Ok(()),
    }
}

fn name(path: &str, value: &str) -> Result<String, Rejected> {
    rules::name(value).map_err(|b| (path.to_owned(), broken(b)))
}

fn match_key(prefix: &str, k: &MatchKeyLine) -> Result<MatchKey, Rejected> {
    let path = |f: &str| format!("{prefix}{f}");
    let home = name(&path("home"), &k.home)?;
    let away = name(&path("away"), &k.away)?;
    if home == away {
        return Err((
            path("away"),
            RuleError::new("same-team", "the away team must differ from the home team"),
        ));
    }
    Ok(MatchKey {
        league: k.league.trim().to_owned(),
        home,
        away,
        kickoff_at: content::utc_time(&k.kickoff_at, "kickoff_at")
            .map_err(|e| (path("kickoff_at"), e))?,
    })
}

fn live_values(
    status: Option<&str>,
    scores: [Option<i16>; 2],
    minute: Option<i16>,
) -> Result<(), Rejected> {
    if let Some(s) = status {
        check("status", rules::match_status(s))?;
    }
    for (field, v) in ["home_score", "away_score"].into_iter().zip(scores) {
        if let Some(v) = v {
            check(field, rules::score(v))?;
        }
    }
    if let Some(v) = minute {
        check("minute", rules::minute(v))?;
    }
    Ok(())
}

/// Applies every rule to one JSON Lines record (its `type` picks the shape).
fn checked_json(value: serde_json::Value) -> Result<Item, Rejected> {
    let mut value = value;
    let kind = match value.as_object_mut().map(|o| o.remove("type")) {
        None => {
            return Err((
                String::new(),
                RuleError::new("json", "each line must be a JSON object"),
            ));
        }
        Some(Some(serde_json::Value::String(t))) => t,
        Some(_) => {
            return Err((
                "type".to_owned(),
                RuleError::new(
                    "type-unknown",
                    "give \"type\": one of league, team, player, match, event, highlight",
                ),
            ));
        }
    };
    match kind.as_str() {
        "league" => {
            let l: LeagueLine = super::from_json(value)?;
            check("slug", rules::slug(&l.slug))?;
            let name = name("name", &l.name)?;
            check("sport", rules::sport(&l.sport))?;
            url("logo_url", l.logo_url.as_deref())?;
            Ok(Item::League(LeagueLine { name, ..l }))
        }
        "team" => {
            let t: TeamLine = super::from_json(value)?;
            let name = name("name", &t.name)?;
            url("logo_url", t.logo_url.as_deref())?;
            Ok(Item::Team(TeamLine { name, ..t }))
        }
        "player" => {
            let p: PlayerLine = super::from_json(value)?;
            let team = name("team", &p.team)?;
            let name = name("name", &p.name)?;
            if let Some(n) = p.shirt_number {
                check("shirt_number", rules::shirt_number(n))?;
            }
            url("photo_url", p.photo_url.as_deref())?;
            let birth = p
                .birth_date
                .as_deref()
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                        (
                            "birth_date".to_owned(),
                            RuleError::new(
                                "date-format",
                                format!("birth_date {d:?} is not a date such as 2001-09-05"),
                            ),
                        )
                    })
                })
                .transpose()?;
            Ok(Item::Player(PlayerLine { team, name, ..p }, birth))
        }
        "match" => {
            let m: MatchLine = super::from_json(value)?;
            checked_match(m)
        }
        "event" => {
            let e: EventLine = super::from_json(value)?;
            let key = match_key("match.", &e.of)?;
            check("kind", rules::event_kind(&e.kind))?;
            for (field, v) in [("minute", e.minute), ("extra_minute", e.extra_minute)] {
                if let Some(v) = v {
                    check(field, rules::minute(v))?;
                }
            }
            let detail =
                rules::detail(e.detail.as_deref()).map_err(|b| ("detail".to_owned(), broken(b)))?;
            Ok(Item::Event(key, Box::new(e), detail))
        }
        "highlight" => {
            let h: HighlightLine = super::from_json(value)?;
            let key = match_key("match.", &h.of)?;
            let title = rules::title(&h.title).map_err(|b| ("title".to_owned(), broken(b)))?;
            check("url", rules::http_url(&h.url))?;
            url("thumbnail_url", h.thumbnail_url.as_deref())?;
            if let Some(d) = h.duration_seconds {
                check("duration_seconds", rules::duration_seconds(d))?;
            }
            let published = h
                .published_at
                .as_deref()
                .map(|t| content::utc_time(t, "published_at"))
                .transpose()
                .map_err(|e| ("published_at".to_owned(), e))?;
            Ok(Item::Highlight(key, Box::new(h), title, published))
        }
        other => Err((
            "type".to_owned(),
            RuleError::new(
                "type-unknown",
                format!(
                    "unknown type `{other}`; accepted: league, team, player, match, event, \
                     highlight"
                ),
            ),
        )),
    }
}

fn checked_match(m: MatchLine) -> Result<Item, Rejected> {
    let key = match_key(
        "",
        &MatchKeyLine {
            league: m.league.clone(),
            home: m.home.clone(),
            away: m.away.clone(),
            kickoff_at: m.kickoff_at.clone(),
        },
    )?;
    live_values(m.status.as_deref(), [m.home_score, m.away_score], m.minute)?;
    Ok(Item::Match(key, m))
}

/// A CSV row (fixtures and results) as a match record.
fn csv_match(f: &csv::StringRecord) -> Result<Item, Rejected> {
    let text =
        |i: usize| Some(f.get(i).unwrap_or_default().trim().to_owned()).filter(|t| !t.is_empty());
    let small = |i: usize| -> Result<Option<i16>, Rejected> {
        text(i)
            .map(|t| {
                t.parse::<i16>().map_err(|_| {
                    (
                        COLUMNS[i].to_owned(),
                        RuleError::new(
                            "number-format",
                            format!("{} {t:?} is not a whole number", COLUMNS[i]),
                        ),
                    )
                })
            })
            .transpose()
    };
    checked_match(MatchLine {
        league: text(0).unwrap_or_default(),
        home: f.get(1).unwrap_or_default().to_owned(),
        away: f.get(2).unwrap_or_default().to_owned(),
        kickoff_at: f.get(3).unwrap_or_default().to_owned(),
        venue: text(4),
        status: text(5),
        home_score: small(6)?,
        away_score: small(7)?,
        minute: small(8)?,
    })
}

/// The CSV column of a JSON path of a match record.
fn column(path: &str) -> (usize, &'static str) {
    COLUMNS
        .iter()
        .position(|c| *c == path)
        .map_or((1, COLUMNS[0]), |i| (i + 1, COLUMNS[i]))
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let format = FileFormat::of(&opts.file, opts.format)?;
    let path = opts.file;
    super::execute(ctx, "sports", &opts.common, |conn, session| {
        let (name, items) = match format {
            FileFormat::Jsonl => super::read_json_lines(session, &path, "records", checked_json)?,
            FileFormat::Csv => {
                super::read_csv_records(session, &path, &COLUMNS, "matches", csv_match, column)?
            }
        };
        let csv = format == FileFormat::Csv;
        super::write_batches(conn, session, &name, &items, |conn, s, item| {
            match write(conn, s, &item.item)? {
                Ok(()) => Ok(()),
                Err((path, err)) => {
                    let field = if csv {
                        let (n, name) = column(&path);
                        Field::Column(n, name)
                    } else {
                        Field::Path(&path)
                    };
                    let at = Position {
                        file: &name,
                        line: item.line,
                        field: Some(field),
                    };
                    let record: Vec<&str> = item.record.iter().map(String::as_str).collect();
                    s.reject(item.item.entity(), &at, &err, &record)
                }
            }
        })
    })
}

/// A record a lookup rejected (unknown league, team, player or match).
type Written = anyhow::Result<Result<(), Rejected>>;

fn unknown(path: &str, rule: &'static str, message: String) -> Written {
    Ok(Err((path.to_owned(), RuleError::new(rule, message))))
}

fn league_id(conn: &mut DbConn, slug: &str) -> QueryResult<Option<i64>> {
    leagues::table
        .filter(leagues::slug.eq(slug))
        .select(leagues::id)
        .first(conn)
        .optional()
}

fn team_id(conn: &mut DbConn, league: i64, name: &str) -> QueryResult<Option<i64>> {
    teams::table
        .filter(teams::league_id.eq(league))
        .filter(teams::name.eq(name))
        .select(teams::id)
        .first(conn)
        .optional()
}

/// The stored match a key names, or why it cannot be found (the path of the field to blame).
fn find_match(
    conn: &mut DbConn,
    prefix: &str,
    key: &MatchKey,
) -> anyhow::Result<Result<Match, Rejected>> {
    let path = |f: &str| format!("{prefix}{f}");
    let Some(league) = league_id(conn, &key.league)? else {
        return Ok(Err((
            path("league"),
            RuleError::new(
                "unknown-league",
                format!(
                    "no league has the slug {:?}; add it first with a {{\"type\": \"league\"}} line",
                    key.league
                ),
            ),
        )));
    };
    let mut ids = [0i64; 2];
    for (i, (field, team)) in [("home", &key.home), ("away", &key.away)]
        .into_iter()
        .enumerate()
    {
        match team_id(conn, league, team)? {
            Some(id) => ids[i] = id,
            None => {
                return Ok(Err((
                    path(field),
                    RuleError::new(
                        "unknown-team",
                        format!(
                            "league {} has no team {team:?}; add it first with a {{\"type\": \
                             \"team\"}} line",
                            key.league
                        ),
                    ),
                )));
            }
        }
    }
    let found = matches::table
        .filter(matches::league_id.eq(league))
        .filter(matches::home_team_id.eq(ids[0]))
        .filter(matches::away_team_id.eq(ids[1]))
        .filter(matches::kickoff_at.eq(key.kickoff_at))
        .select(Match::as_select())
        .order(matches::id)
        .first(conn)
        .optional()?;
    Ok(match found {
        Some(m) => Ok(m),
        None => Err((
            path("kickoff_at"),
            RuleError::new(
                "unknown-match",
                format!(
                    "{} has no match {} v {} kicking off at {}Z; add it first with a \
                     {{\"type\": \"match\"}} line",
                    key.league, key.home, key.away, key.kickoff_at
                ),
            ),
        )),
    })
}

fn write(conn: &mut DbConn, s: &mut Session, item: &Item) -> Written {
    match item {
        Item::League(l) => {
            let found: Option<(i64, String, String, Option<String>)> = leagues::table
                .filter(leagues::slug.eq(&l.slug))
                .select((
                    leagues::id,
                    leagues::name,
                    leagues::sport,
                    leagues::logo_url,
                ))
                .first(conn)
                .optional()?;
            match found {
                Some((_, n, sp, logo)) if n == l.name && sp == l.sport && logo == l.logo_url => {
                    s.counts("leagues").skipped += 1;
                }
                Some((id, ..)) => {
                    diesel::update(leagues::table.find(id))
                        .set((
                            leagues::name.eq(&l.name),
                            leagues::sport.eq(&l.sport),
                            leagues::logo_url.eq(&l.logo_url),
                        ))
                        .execute(conn)?;
                    s.counts("leagues").updated += 1;
                }
                None => {
                    diesel::insert_into(leagues::table)
                        .values((
                            leagues::slug.eq(&l.slug),
                            leagues::name.eq(&l.name),
                            leagues::sport.eq(&l.sport),
                            leagues::logo_url.eq(&l.logo_url),
                        ))
                        .execute(conn)?;
                    s.counts("leagues").inserted += 1;
                }
            }
        }
        Item::Team(t) => {
            let Some(league) = league_id(conn, &t.league)? else {
                return unknown(
                    "league",
                    "unknown-league",
                    format!(
                        "no league has the slug {:?}; add it first with a {{\"type\": \"league\"}} line",
                        t.league
                    ),
                );
            };
            let found: Option<(i64, Option<String>, Option<String>)> = teams::table
                .filter(teams::league_id.eq(league))
                .filter(teams::name.eq(&t.name))
                .select((teams::id, teams::short_name, teams::logo_url))
                .first(conn)
                .optional()?;
            match found {
                Some((_, short, logo)) if short == t.short_name && logo == t.logo_url => {
                    s.counts("teams").skipped += 1;
                }
                Some((id, ..)) => {
                    diesel::update(teams::table.find(id))
                        .set((
                            teams::short_name.eq(&t.short_name),
                            teams::logo_url.eq(&t.logo_url),
                        ))
                        .execute(conn)?;
                    s.counts("teams").updated += 1;
                }
                None => {
                    diesel::insert_into(teams::table)
                        .values((
                            teams::league_id.eq(league),
                            teams::name.eq(&t.name),
                            teams::short_name.eq(&t.short_name),
                            teams::logo_url.eq(&t.logo_url),
                        ))
                        .execute(conn)?;
                    s.counts("teams").inserted += 1;
                }
            }
        }
        Item::Player(p, birth) => {
            let Some(league) = league_id(conn, &p.league)? else {
                return unknown(
                    "league",
                    "unknown-league",
                    format!("no league has the slug {:?}", p.league),
                );
            };
            let Some(team) = team_id(conn, league, &p.team)? else {
                return unknown(
                    "team",
                    "unknown-team",
                    format!(
                        "league {} has no team {:?}; add it first with a {{\"type\": \"team\"}} line",
                        p.league, p.team
                    ),
                );
            };
            type Stored = (
                i64,
                Option<String>,
                Option<i16>,
                Option<chrono::NaiveDate>,
                Option<String>,
            );
            let found: Option<Stored> = players::table
                .filter(players::team_id.eq(team))
                .filter(players::name.eq(&p.name))
                .select((
                    players::id,
                    players::position,
                    players::shirt_number,
                    players::birth_date,
                    players::photo_url,
                ))
                .order(players::id)
                .first(conn)
                .optional()?;
            let wanted = (
                p.position.clone(),
                p.shirt_number,
                *birth,
                p.photo_url.clone(),
            );
            match found {
                Some((_, pos, n, b, photo))
                    if pos == wanted.0 && n == wanted.1 && b == wanted.2 && photo == wanted.3 =>
                {
                    s.counts("players").skipped += 1;
                }
                Some((id, ..)) => {
                    diesel::update(players::table.find(id))
                        .set((
                            players::position.eq(&p.position),
                            players::shirt_number.eq(p.shirt_number),
                            players::birth_date.eq(*birth),
                            players::photo_url.eq(&p.photo_url),
                        ))
                        .execute(conn)?;
                    s.counts("players").updated += 1;
                }
                None => {
                    diesel::insert_into(players::table)
                        .values((
                            players::team_id.eq(team),
                            players::name.eq(&p.name),
                            players::position.eq(&p.position),
                            players::shirt_number.eq(p.shirt_number),
                            players::birth_date.eq(*birth),
                            players::photo_url.eq(&p.photo_url),
                        ))
                        .execute(conn)?;
                    s.counts("players").inserted += 1;
                }
            }
        }
        Item::Match(key, m) => return write_match(conn, s, key, m),
        Item::Event(key, e, detail) => return write_event(conn, s, key, e, detail.as_deref()),
        Item::Highlight(key, h, title, published) => {
            let m = match find_match(conn, "match.", key)? {
                Ok(m) => m,
                Err(rejected) => return Ok(Err(rejected)),
            };
            type Stored = (i64, String, Option<String>, Option<i32>, NaiveDateTime);
            let found: Option<Stored> = highlights::table
                .filter(highlights::match_id.eq(m.id))
                .filter(highlights::url.eq(&h.url))
                .select((
                    highlights::id,
                    highlights::title,
                    highlights::thumbnail_url,
                    highlights::duration_seconds,
                    highlights::published_at,
                ))
                .order(highlights::id)
                .first(conn)
                .optional()?;
            match found {
                Some((_, t, thumb, d, at))
                    if t == *title
                        && thumb == h.thumbnail_url
                        && d == h.duration_seconds
                        && published.is_none_or(|p| p == at) =>
                {
                    s.counts("highlights").skipped += 1;
                }
                Some((id, _, _, _, at)) => {
                    diesel::update(highlights::table.find(id))
                        .set((
                            highlights::title.eq(title),
                            highlights::thumbnail_url.eq(&h.thumbnail_url),
                            highlights::duration_seconds.eq(h.duration_seconds),
                            highlights::published_at.eq(published.unwrap_or(at)),
                        ))
                        .execute(conn)?;
                    s.counts("highlights").updated += 1;
                }
                None => {
                    q::insert_highlight(
                        conn,
                        &marquee_db::models::NewHighlight {
                            match_id: m.id,
                            title,
                            url: &h.url,
                            thumbnail_url: h.thumbnail_url.as_deref(),
                            duration_seconds: h.duration_seconds,
                            published_at: published.unwrap_or_else(marquee_db::now),
                        },
                    )?;
                    s.counts("highlights").inserted += 1;
                }
            }
        }
    }
    Ok(Ok(()))
}

fn write_match(conn: &mut DbConn, s: &mut Session, key: &MatchKey, m: &MatchLine) -> Written {
    let Some(league) = league_id(conn, &key.league)? else {
        return unknown(
            "league",
            "unknown-league",
            format!(
                "no league has the slug {:?}; add it first (a {{\"type\": \"league\"}} line of a \
                 JSON Lines import)",
                key.league
            ),
        );
    };
    let mut ids = [0i64; 2];
    for (i, (field, team)) in [("home", &key.home), ("away", &key.away)]
        .into_iter()
        .enumerate()
    {
        match team_id(conn, league, team)? {
            Some(id) => ids[i] = id,
            None => {
                return unknown(
                    field,
                    "unknown-team",
                    format!(
                        "league {} has no team {team:?}; add it first (a {{\"type\": \"team\"}} \
                         line of a JSON Lines import)",
                        key.league
                    ),
                );
            }
        }
    }
    let found = matches::table
        .filter(matches::league_id.eq(league))
        .filter(matches::home_team_id.eq(ids[0]))
        .filter(matches::away_team_id.eq(ids[1]))
        .filter(matches::kickoff_at.eq(key.kickoff_at))
        .select(Match::as_select())
        .order(matches::id)
        .first(conn)
        .optional()?;
    let Some(before) = found else {
        diesel::insert_into(matches::table)
            .values(&NewMatch {
                league_id: league,
                home_team_id: ids[0],
                away_team_id: ids[1],
                kickoff_at: key.kickoff_at,
                venue: m.venue.as_deref(),
                status: m.status.as_deref().unwrap_or("scheduled"),
                home_score: m.home_score,
                away_score: m.away_score,
                minute: m.minute,
                updated_at: marquee_db::now(),
            })
            .execute(conn)?;
        s.counts("matches").inserted += 1;
        return Ok(Ok(()));
    };
    let mut changed = false;
    if m.venue.is_some() && m.venue != before.venue {
        diesel::update(matches::table.find(before.id))
            .set(matches::venue.eq(&m.venue))
            .execute(conn)?;
        changed = true;
    }
    // Status, score and minute: the server's own write, with its feed row for live clients.
    let change = live::LiveChange {
        status: m.status.as_deref(),
        home_score: m.home_score,
        away_score: m.away_score,
        minute: m.minute,
    };
    let (_, entry) = live::change_match(conn, before, &change)?;
    if entry.is_some() {
        s.counts("live_updates").inserted += 1;
        changed = true;
    }
    if changed {
        s.counts("matches").updated += 1;
    } else {
        s.counts("matches").skipped += 1;
    }
    Ok(Ok(()))
}

fn write_event(
    conn: &mut DbConn,
    s: &mut Session,
    key: &MatchKey,
    e: &EventLine,
    detail: Option<&str>,
) -> Written {
    let m = match find_match(conn, "match.", key)? {
        Ok(m) => m,
        Err(rejected) => return Ok(Err(rejected)),
    };
    let team_id = match e.team.as_deref().map(str::trim) {
        None => None,
        Some(t) if t == key.home => Some(m.home_team_id),
        Some(t) if t == key.away => Some(m.away_team_id),
        Some(t) => {
            return unknown(
                "team",
                "team-not-in-match",
                format!("{t:?} is neither the home nor the away team of this match"),
            );
        }
    };
    // A player is looked up in the event's team, else in either team of the match.
    let squads = match team_id {
        Some(t) => vec![t],
        None => vec![m.home_team_id, m.away_team_id],
    };
    let mut player_ids = [None, None];
    for (i, (field, player)) in [
        ("player", &e.player),
        ("secondary_player", &e.secondary_player),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(player) = player.as_deref().map(str::trim) else {
            continue;
        };
        let found: Vec<i64> = players::table
            .filter(players::team_id.eq_any(&squads))
            .filter(players::name.eq(player))
            .select(players::id)
            .order(players::id)
            .load(conn)?;
        match found.first() {
            Some(id) => player_ids[i] = Some(*id),
            None => {
                return unknown(
                    field,
                    "unknown-player",
                    format!(
                        "no player {player:?} in {}; add them first with a {{\"type\": \
                         \"player\"}} line",
                        if team_id.is_some() {
                            "the event's team"
                        } else {
                            "either team"
                        }
                    ),
                );
            }
        }
    }
    type EventKey = (String, Option<i16>, Option<i16>, Option<i64>, Option<i64>);
    let stored: Vec<EventKey> = match_events::table
        .filter(match_events::match_id.eq(m.id))
        .select((
            match_events::kind,
            match_events::minute,
            match_events::extra_minute,
            match_events::team_id,
            match_events::player_id,
        ))
        .load(conn)?;
    let wanted: EventKey = (
        e.kind.clone(),
        e.minute,
        e.extra_minute,
        team_id,
        player_ids[0],
    );
    let exists = stored.contains(&wanted);
    if exists {
        s.counts("events").skipped += 1;
        return Ok(Ok(()));
    }
    let new = NewMatchEvent {
        match_id: m.id,
        minute: e.minute,
        extra_minute: e.extra_minute,
        kind: &e.kind,
        team_id,
        player_id: player_ids[0],
        secondary_player_id: player_ids[1],
        detail,
        created_at: marquee_db::now(),
    };
    live::record_event(conn, &m, &new)?;
    s.counts("events").inserted += 1;
    s.counts("live_updates").inserted += 1;
    Ok(Ok(()))
}
