//! Recommendation inputs and outputs: every profile's interactions and every movie's content for
//! training, one profile's history and exclusions for scoring, "not interested" feedback, and
//! the stored For You rows (`recommendation_rows` / `recommendation_items`), replaced as a whole.
//!
//! Reads ratings, watches, watchlists and progress directly; the profile-data handlers own the
//! writes to those tables.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max};
use diesel::prelude::*;

use crate::DbConn;
use crate::schema::{
    credits, genres, keywords, languages, movie_genres, movie_keywords, movies, not_interested,
    people, playback_progress, profile_preferences, profiles, ratings, recommendation_items,
    recommendation_rows, watch_history, watchlist_items,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    /// `value`: the rating in half stars (1–10).
    Rating,
    /// `value`: 1 when completed, 0 otherwise.
    Watch,
    /// `value`: always 1.
    WatchlistAdd,
}

/// One interaction of one profile with one movie.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub kind: SignalKind,
    pub profile_id: i64,
    pub movie_id: i64,
    pub value: i32,
    pub at: NaiveDateTime,
}

fn signals(conn: &mut DbConn, profile: Option<i64>) -> QueryResult<Vec<Signal>> {
    let mut r = ratings::table
        .select((
            ratings::profile_id,
            ratings::movie_id,
            ratings::rating_half,
            ratings::updated_at,
        ))
        .into_boxed();
    let mut w = watch_history::table
        .select((
            watch_history::profile_id,
            watch_history::movie_id,
            watch_history::completed,
            watch_history::watched_at,
        ))
        .into_boxed();
    let mut l = watchlist_items::table
        .select((
            watchlist_items::profile_id,
            watchlist_items::movie_id,
            watchlist_items::added_at,
        ))
        .into_boxed();
    if let Some(p) = profile {
        r = r.filter(ratings::profile_id.eq(p));
        w = w.filter(watch_history::profile_id.eq(p));
        l = l.filter(watchlist_items::profile_id.eq(p));
    }
    let rated: Vec<(i64, i64, i16, NaiveDateTime)> = r.load(conn)?;
    let watched: Vec<(i64, i64, bool, NaiveDateTime)> = w.load(conn)?;
    let listed: Vec<(i64, i64, NaiveDateTime)> = l.load(conn)?;
    let mut out = Vec::with_capacity(rated.len() + watched.len() + listed.len());
    out.extend(rated.into_iter().map(|(p, m, v, at)| Signal {
        kind: SignalKind::Rating,
        profile_id: p,
        movie_id: m,
        value: i32::from(v),
        at,
    }));
    out.extend(watched.into_iter().map(|(p, m, c, at)| Signal {
        kind: SignalKind::Watch,
        profile_id: p,
        movie_id: m,
        value: i32::from(c),
        at,
    }));
    out.extend(listed.into_iter().map(|(p, m, at)| Signal {
        kind: SignalKind::WatchlistAdd,
        profile_id: p,
        movie_id: m,
        value: 1,
        at,
    }));
    Ok(out)
}

/// Every profile's ratings, watches and watchlist adds (training input): three statements.
pub fn all_signals(conn: &mut DbConn) -> QueryResult<Vec<Signal>> {
    signals(conn, None)
}

/// One profile's ratings, watches and watchlist adds: three statements.
pub fn profile_signals(conn: &mut DbConn, profile_id: i64) -> QueryResult<Vec<Signal>> {
    signals(conn, Some(profile_id))
}

/// What the content model knows about a movie.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MovieContent {
    pub id: i64,
    pub title: String,
    pub year: Option<i16>,
    pub min_age: Option<i16>,
    pub language: Option<String>,
    pub overview: String,
    pub popularity: f64,
    /// Genre display names and slugs (same order).
    pub genres: Vec<String>,
    pub genre_slugs: Vec<String>,
    pub keywords: Vec<String>,
    /// Directors and the top-billed cast: (person id, name).
    pub people: Vec<(i64, String)>,
    /// The ids of `people` who directed it.
    pub directors: Vec<i64>,
}

/// Cast members counted as content (by billing order).
const TOP_CAST: i32 = 5;

/// Every movie with its genres, keywords and main people: four statements.
pub fn all_content(conn: &mut DbConn) -> QueryResult<Vec<MovieContent>> {
    type MovieTuple = (
        i64,
        String,
        Option<i16>,
        Option<i16>,
        Option<String>,
        Option<String>,
        f64,
    );
    let rows: Vec<MovieTuple> = movies::table
        .left_join(languages::table)
        .order(movies::id.asc())
        .select((
            movies::id,
            movies::title,
            movies::year,
            movies::min_age,
            languages::code.nullable(),
            movies::overview,
            movies::popularity,
        ))
        .load(conn)?;
    let mut by_id: HashMap<i64, MovieContent> = HashMap::with_capacity(rows.len());
    let mut order = Vec::with_capacity(rows.len());
    for (id, title, year, min_age, language, overview, popularity) in rows {
        order.push(id);
        by_id.insert(
            id,
            MovieContent {
                id,
                title,
                year,
                min_age,
                language,
                overview: overview.unwrap_or_default(),
                popularity,
                ..MovieContent::default()
            },
        );
    }
    let genre_rows: Vec<(i64, String, String)> = movie_genres::table
        .inner_join(genres::table)
        .order((movie_genres::movie_id, genres::name))
        .select((movie_genres::movie_id, genres::name, genres::slug))
        .load(conn)?;
    for (m, g, slug) in genre_rows {
        if let Some(c) = by_id.get_mut(&m) {
            c.genres.push(g);
            c.genre_slugs.push(slug);
        }
    }
    let keyword_rows: Vec<(i64, String)> = movie_keywords::table
        .inner_join(keywords::table)
        .order((movie_keywords::movie_id, keywords::name))
        .select((movie_keywords::movie_id, keywords::name))
        .load(conn)?;
    for (m, k) in keyword_rows {
        if let Some(c) = by_id.get_mut(&m) {
            c.keywords.push(k);
        }
    }
    type CreditTuple = (i64, i64, String, String, Option<i32>, Option<String>);
    let people_rows: Vec<CreditTuple> = credits::table
        .inner_join(people::table)
        .order((credits::movie_id, credits::id))
        .select((
            credits::movie_id,
            people::id,
            people::name,
            credits::kind,
            credits::cast_order,
            credits::job,
        ))
        .load(conn)?;
    for (m, pid, name, kind, order, job) in people_rows {
        let director = kind != "cast" && job.as_deref() == Some("Director");
        let main = director || (kind == "cast" && order.is_none_or(|o| o < TOP_CAST));
        if main && let Some(c) = by_id.get_mut(&m) {
            if director && !c.directors.contains(&pid) {
                c.directors.push(pid);
            }
            if !c.people.iter().any(|(p, _)| *p == pid) {
                c.people.push((pid, name));
            }
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect())
}

/// What scoring one profile needs besides its signals.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileContext {
    pub maturity_limit: Option<i16>,
    pub not_interested: Vec<i64>,
    /// Movies started but not finished: (movie id, position, duration), latest first.
    pub in_progress: Vec<(i64, i32, i32)>,
}

pub fn profile_context(conn: &mut DbConn, profile_id: i64) -> QueryResult<ProfileContext> {
    let maturity_limit: Option<i16> = profiles::table
        .find(profile_id)
        .select(profiles::maturity_limit)
        .first::<Option<i16>>(conn)
        .optional()?
        .flatten();
    let not_interested = not_interested::table
        .filter(not_interested::profile_id.eq(profile_id))
        .order(not_interested::movie_id)
        .select(not_interested::movie_id)
        .load(conn)?;
    let in_progress = playback_progress::table
        .filter(playback_progress::profile_id.eq(profile_id))
        .order((
            playback_progress::updated_at.desc(),
            playback_progress::id.desc(),
        ))
        .select((
            playback_progress::movie_id,
            playback_progress::position_seconds,
            playback_progress::duration_seconds,
        ))
        .load(conn)?;
    Ok(ProfileContext {
        maturity_limit,
        not_interested,
        in_progress,
    })
}

/// A summary of everything a profile's For You depends on: when it differs from the one stored
/// with the rows, they are stale (a rating, a watch, "not interested", new preferences…).
pub fn fingerprint(conn: &mut DbConn, profile_id: i64) -> QueryResult<String> {
    macro_rules! part {
        ($table:ident, $at:expr) => {{
            let (n, at): (i64, Option<NaiveDateTime>) = $table::table
                .filter($table::profile_id.eq(profile_id))
                .select((count_star(), max($at)))
                .first(conn)?;
            format!("{n}@{}", at.map_or(0, |t| t.and_utc().timestamp_micros()))
        }};
    }
    let parts = [
        part!(ratings, ratings::updated_at),
        part!(watch_history, watch_history::watched_at),
        part!(watchlist_items, watchlist_items::added_at),
        part!(not_interested, not_interested::created_at),
        part!(playback_progress, playback_progress::updated_at),
    ];
    let profile_at: Option<NaiveDateTime> = profiles::table
        .find(profile_id)
        .select(profiles::updated_at)
        .first(conn)
        .optional()?;
    let prefs_at: Option<NaiveDateTime> = profile_preferences::table
        .find(profile_id)
        .select(profile_preferences::updated_at)
        .first(conn)
        .optional()?;
    let micros = |t: Option<NaiveDateTime>| t.map_or(0, |t| t.and_utc().timestamp_micros());
    Ok(format!(
        "{}|{}|{}",
        parts.join(","),
        micros(profile_at),
        micros(prefs_at)
    ))
}

pub fn movie_exists(conn: &mut DbConn, movie_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(movies::table.find(movie_id))).get_result(conn)
}

/// Records "not interested" (idempotent). Returns whether a row was added.
pub fn add_not_interested(conn: &mut DbConn, profile_id: i64, movie_id: i64) -> QueryResult<bool> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        not_interested::table
            .filter(not_interested::profile_id.eq(profile_id))
            .filter(not_interested::movie_id.eq(movie_id)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(not_interested::table)
        .values((
            not_interested::profile_id.eq(profile_id),
            not_interested::movie_id.eq(movie_id),
            not_interested::created_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn remove_not_interested(
    conn: &mut DbConn,
    profile_id: i64,
    movie_id: i64,
) -> QueryResult<usize> {
    diesel::delete(
        not_interested::table
            .filter(not_interested::profile_id.eq(profile_id))
            .filter(not_interested::movie_id.eq(movie_id)),
    )
    .execute(conn)
}

/// One stored For You row.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRow {
    pub kind: String,
    pub title: String,
    pub items: Vec<StoredItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub movie_id: i64,
    pub score: f64,
    pub reason_kind: String,
    pub reason_movie_id: Option<i64>,
    pub reason_person_id: Option<i64>,
    pub reason_text: Option<String>,
}

/// Replaces a profile's stored rows (run it in a [`crate::write_transaction`]).
///
/// Two servers may store the same profile's rows at once (both precompute For You when they
/// start). On PostgreSQL the profile's row is locked first, so the second waits for the first to
/// commit and then replaces its rows, instead of both deleting nothing and the second's insert
/// failing on the first's uncommitted rows. SQLite's write transaction already holds the
/// database's one write lock.
pub fn replace_rows(
    conn: &mut DbConn,
    profile_id: i64,
    rows: &[StoredRow],
    version: &str,
    generated_at: NaiveDateTime,
) -> QueryResult<()> {
    if let DbConn::Postgresql(c) = conn {
        crate::schema::profiles::table
            .find(profile_id)
            .select(crate::schema::profiles::id)
            .for_update()
            .load::<i64>(c)?;
    }
    let old = recommendation_rows::table
        .filter(recommendation_rows::profile_id.eq(profile_id))
        .select(recommendation_rows::id);
    diesel::delete(recommendation_items::table.filter(recommendation_items::row_id.eq_any(old)))
        .execute(conn)?;
    diesel::delete(
        recommendation_rows::table.filter(recommendation_rows::profile_id.eq(profile_id)),
    )
    .execute(conn)?;
    for (position, row) in rows.iter().enumerate() {
        let row_id: i64 = diesel::insert_into(recommendation_rows::table)
            .values((
                recommendation_rows::profile_id.eq(profile_id),
                recommendation_rows::row_kind.eq(&row.kind),
                recommendation_rows::title.eq(&row.title),
                recommendation_rows::position.eq(position as i32),
                recommendation_rows::generated_at.eq(generated_at),
                recommendation_rows::model_version.eq(version),
            ))
            .returning(recommendation_rows::id)
            .get_result(conn)?;
        for (position, item) in row.items.iter().enumerate() {
            diesel::insert_into(recommendation_items::table)
                .values((
                    recommendation_items::row_id.eq(row_id),
                    recommendation_items::movie_id.eq(item.movie_id),
                    recommendation_items::position.eq(position as i32),
                    recommendation_items::score.eq(item.score),
                    recommendation_items::reason_kind.eq(&item.reason_kind),
                    recommendation_items::reason_movie_id.eq(item.reason_movie_id),
                    recommendation_items::reason_person_id.eq(item.reason_person_id),
                    recommendation_items::reason_text.eq(&item.reason_text),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A profile's stored rows with their version and time, if any: two statements.
pub fn stored_rows(
    conn: &mut DbConn,
    profile_id: i64,
) -> QueryResult<Option<(String, NaiveDateTime, Vec<StoredRow>)>> {
    let rows: Vec<(i64, String, String, NaiveDateTime, String)> = recommendation_rows::table
        .filter(recommendation_rows::profile_id.eq(profile_id))
        .order(recommendation_rows::position.asc())
        .select((
            recommendation_rows::id,
            recommendation_rows::row_kind,
            recommendation_rows::title,
            recommendation_rows::generated_at,
            recommendation_rows::model_version,
        ))
        .load(conn)?;
    let Some((_, _, _, generated_at, version)) = rows.first().cloned() else {
        return Ok(None);
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    type ItemTuple = (
        i64,
        i64,
        f64,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let items: Vec<ItemTuple> = recommendation_items::table
        .filter(recommendation_items::row_id.eq_any(ids))
        .order((recommendation_items::row_id, recommendation_items::position))
        .select((
            recommendation_items::row_id,
            recommendation_items::movie_id,
            recommendation_items::score,
            recommendation_items::reason_kind,
            recommendation_items::reason_movie_id,
            recommendation_items::reason_person_id,
            recommendation_items::reason_text,
        ))
        .load(conn)?;
    let mut by_row: HashMap<i64, Vec<StoredItem>> = HashMap::new();
    for (row_id, movie_id, score, kind, rm, rp, text) in items {
        by_row.entry(row_id).or_default().push(StoredItem {
            movie_id,
            score,
            reason_kind: kind,
            reason_movie_id: rm,
            reason_person_id: rp,
            reason_text: text,
        });
    }
    let out = rows
        .into_iter()
        .map(|(id, kind, title, _, _)| StoredRow {
            kind,
            title,
            items: by_row.remove(&id).unwrap_or_default(),
        })
        .collect();
    Ok(Some((version, generated_at, out)))
}

/// Profiles with any rating, watch or watchlist add since `since` (for the precompute).
pub fn active_profiles(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<i64>> {
    let mut ids: Vec<i64> = ratings::table
        .filter(ratings::updated_at.ge(since))
        .select(ratings::profile_id)
        .distinct()
        .load(conn)?;
    ids.extend(
        watch_history::table
            .filter(watch_history::watched_at.ge(since))
            .select(watch_history::profile_id)
            .distinct()
            .load::<i64>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
