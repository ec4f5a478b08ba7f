//! `marqueectl import movielens DIR`: the ml-latest-small / ml-25m CSV layout.
//!
//! - `movies.csv` (movieId,title,genres) → `movies` keyed on `movie_external_ids.movielens_id`.
//!   The "(1995)" suffix becomes `year`; a trailing article moves to the front ("Godfather, The"
//!   → "The Godfather") so titles read naturally and match other catalogues. "(no genres listed)"
//!   means no genres.
//! - `links.csv` (movieId,imdbId,tmdbId) → `imdb_id` ("tt0114709") and `tmdb_id`. An id already
//!   held by another movie is rejected (MovieLens has a few duplicates).
//! - `tags.csv` (userId,movieId,tag,timestamp) → lowercased `keywords` and `movie_keywords`
//!   (source `movielens`, weight = how many times the tag was applied to the movie).
//! - `ratings.csv` (userId,movieId,rating,timestamp) → one account per MovieLens user
//!   (`movielens-<id>@import.invalid`, a password hash that never verifies) with one profile
//!   "MovieLens", and `ratings` in half-stars with the file's timestamp.
//!
//! links, tags and ratings are optional files; a missing movies.csv is an error.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use diesel::prelude::*;
use marquee_db::models::{NewMovie, NewRating};
use marquee_db::schema::{movie_external_ids, movie_keywords, movies};
use marquee_db::{DbConn, per_backend};

use super::store::{self, Lookups};
use super::{Common, CsvFile, Field, Position, Record, Session};
use crate::content::{self, RuleError};
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// Folder holding movies.csv and optionally links.csv, tags.csv and ratings.csv
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    dir: PathBuf,

    #[command(flatten)]
    common: Common,
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let dir = opts.dir;
    super::execute(ctx, "movielens", &opts.common, |conn, session| {
        let mut lookups = Lookups::default();
        movies_csv(conn, session, &mut lookups, &dir)?;
        let movies = store::movielens_movies(conn)?;
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.exists());
        if let Some(path) = optional("links.csv") {
            links_csv(
                conn,
                session,
                &movies,
                CsvFile::open(&path, &["movieId", "imdbId", "tmdbId"])?,
            )?;
        }
        if let Some(path) = optional("tags.csv") {
            let file = CsvFile::open(&path, &["userId", "movieId", "tag", "timestamp"])?;
            tags_csv(conn, session, &mut lookups, &movies, file)?;
        }
        if let Some(path) = optional("ratings.csv") {
            let file = CsvFile::open(&path, &["userId", "movieId", "rating", "timestamp"])?;
            ratings_csv(conn, session, &movies, file)?;
        }
        Ok(())
    })
}

/// Reads records, rejecting unreadable ones, and hands the rest to `each` in batches of
/// `--batch-size`, each batch in one transaction.
pub(super) fn batches<T>(
    conn: &mut DbConn,
    session: &mut Session,
    mut file: CsvFile,
    entity: &'static str,
    mut parse: impl FnMut(&mut Session, &str, u64, &csv::StringRecord) -> anyhow::Result<Option<T>>,
    mut each: impl FnMut(&mut DbConn, &mut Session, Vec<T>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = file.name.clone();
    session.progress().phase(&name);
    let mut batch = Vec::with_capacity(session.batch_size());
    let mut done = 0u64;
    let mut flush = |conn: &mut DbConn, session: &mut Session, batch: Vec<T>, done: &mut u64| {
        let n = batch.len() as u64;
        marquee_db::write_transaction(conn, |conn| each(conn, session, batch))?;
        *done += n;
        session.progress().batch(&name, *done);
        anyhow::Ok(())
    };
    while let Some(record) = file.next_record()? {
        match record {
            Record::Broken { line, error } => {
                let at = Position {
                    file: &file.name,
                    line,
                    field: None,
                };
                session.reject(entity, &at, &error, &[])?;
            }
            Record::Ok { line, fields } => {
                if let Some(row) = parse(session, &file.name, line, &fields)? {
                    batch.push(row);
                }
            }
        }
        if batch.len() >= session.batch_size() {
            flush(conn, session, std::mem::take(&mut batch), &mut done)?;
        }
    }
    if !batch.is_empty() {
        flush(conn, session, batch, &mut done)?;
    }
    Ok(())
}

/// Applies `rule` to field `index` (0-based) of `fields`, rejecting the record when it fails.
pub(super) fn field<T>(
    session: &mut Session,
    entity: &'static str,
    at: (&str, u64),
    fields: &csv::StringRecord,
    (index, name): (usize, &str),
    rule: impl FnOnce(&str) -> Result<T, RuleError>,
) -> anyhow::Result<Option<T>> {
    match rule(fields.get(index).unwrap_or_default()) {
        Ok(value) => Ok(Some(value)),
        Err(err) => {
            let position = Position {
                file: at.0,
                line: at.1,
                field: Some(Field::Column(index + 1, name)),
            };
            session.reject(entity, &position, &err, &fields.iter().collect::<Vec<_>>())?;
            Ok(None)
        }
    }
}

struct MovieRow {
    movielens_id: i64,
    title: String,
    year: Option<i16>,
    genres: Vec<String>,
}

fn movies_csv(
    conn: &mut DbConn,
    session: &mut Session,
    lookups: &mut Lookups,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    let file = CsvFile::open(&dir.join("movies.csv"), &["movieId", "title", "genres"])?;
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let Some(movielens_id) = field(s, "movies", at, f, (0, "movieId"), |t| {
            content::positive_id(t, "movieId")
        })?
        else {
            return Ok(None);
        };
        let Some((title, year)) =
            field(s, "movies", at, f, (1, "title"), content::movielens_title)?
        else {
            return Ok(None);
        };
        let Some(genres) = field(s, "movies", at, f, (2, "genres"), |g| {
            if g.trim() == "(no genres listed)" || g.trim().is_empty() {
                return Ok(Vec::new());
            }
            g.split('|')
                .map(|n| content::name(n, "genre-empty"))
                .collect()
        })?
        else {
            return Ok(None);
        };
        Ok(Some(MovieRow {
            movielens_id,
            title,
            year,
            genres,
        }))
    };
    let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<MovieRow>| -> anyhow::Result<()> {
        let ids: Vec<i64> = rows.iter().map(|r| r.movielens_id).collect();
        let existing: HashMap<i64, (i64, String, Option<i16>)> = movie_external_ids::table
            .inner_join(movies::table)
            .filter(movie_external_ids::movielens_id.eq_any(&ids))
            .select((
                movie_external_ids::movielens_id,
                movies::id,
                movies::title,
                movies::year,
            ))
            .load::<(Option<i64>, i64, String, Option<i16>)>(conn)?
            .into_iter()
            .filter_map(|(ml, id, t, y)| Some((ml?, (id, t, y))))
            .collect();
        let now = marquee_db::now();
        for row in rows {
            let mut genre_ids = Vec::with_capacity(row.genres.len());
            for name in &row.genres {
                genre_ids.push(lookups.genre(conn, name, s.counts("genres"))?);
            }
            let movie_id = match existing.get(&row.movielens_id) {
                Some((id, title, year)) if *title == row.title && *year == row.year => {
                    s.counts("movies").skipped += 1;
                    *id
                }
                Some((id, _, _)) => {
                    diesel::update(movies::table.find(*id))
                        .set((
                            movies::title.eq(&row.title),
                            movies::year.eq(row.year),
                            movies::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    s.counts("movies").updated += 1;
                    *id
                }
                None => {
                    let id =
                        store::insert_movie(conn, &new_movie(&row.title, row.year, now), None)?;
                    diesel::insert_into(movie_external_ids::table)
                        .values((
                            movie_external_ids::movie_id.eq(id),
                            movie_external_ids::movielens_id.eq(row.movielens_id),
                        ))
                        .execute(conn)?;
                    s.counts("movies").inserted += 1;
                    id
                }
            };
            let linked = store::link_genres(conn, movie_id, &genre_ids)? as u64;
            let counts = s.counts("movie_genres");
            counts.inserted += linked;
            counts.skipped += genre_ids.len() as u64 - linked;
        }
        Ok(())
    };
    let result = batches(conn, session, file, "movies", parse, each);
    if result.is_err() {
        lookups.clear();
    }
    result
}

/// A movie with only what MovieLens knows.
pub fn new_movie(title: &str, year: Option<i16>, now: chrono::NaiveDateTime) -> NewMovie<'_> {
    NewMovie {
        title,
        original_title: None,
        tagline: None,
        overview: None,
        release_date: None,
        year,
        runtime_minutes: None,
        original_language_id: None,
        certificate: None,
        min_age: None,
        poster_url: None,
        backdrop_url: None,
        popularity: 0.0,
        created_at: now,
        updated_at: now,
    }
}

struct LinkRow {
    at: (String, u64),
    record: Vec<String>,
    movie_id: i64,
    imdb_id: Option<String>,
    tmdb_id: Option<i64>,
}

fn links_csv(
    conn: &mut DbConn,
    session: &mut Session,
    movies: &HashMap<i64, i64>,
    file: CsvFile,
) -> anyhow::Result<()> {
    // Every external id already taken, to reject duplicates before the unique index would.
    let taken: Vec<(i64, Option<String>, Option<i64>)> = movie_external_ids::table
        .select((
            movie_external_ids::movie_id,
            movie_external_ids::imdb_id,
            movie_external_ids::tmdb_id,
        ))
        .load(conn)?;
    let mut current: HashMap<i64, (Option<String>, Option<i64>)> = HashMap::new();
    let mut imdb_owner: HashMap<String, i64> = HashMap::new();
    let mut tmdb_owner: HashMap<i64, i64> = HashMap::new();
    for (movie, imdb, tmdb) in taken {
        if let Some(i) = &imdb {
            imdb_owner.insert(i.clone(), movie);
        }
        if let Some(t) = tmdb {
            tmdb_owner.insert(t, movie);
        }
        current.insert(movie, (imdb, tmdb));
    }
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let Some(movie_id) = field(s, "links", at, f, (0, "movieId"), |t| {
            let ml = content::positive_id(t, "movieId")?;
            movies.get(&ml).copied().ok_or_else(|| {
                RuleError::new(
                    "unknown-movie",
                    format!("movieId {ml} is not in movies.csv"),
                )
            })
        })?
        else {
            return Ok(None);
        };
        let Some(imdb_id) = field(s, "links", at, f, (1, "imdbId"), |t| {
            if t.trim().is_empty() {
                Ok(None)
            } else {
                content::imdb_id(t).map(Some)
            }
        })?
        else {
            return Ok(None);
        };
        let Some(tmdb_id) = field(s, "links", at, f, (2, "tmdbId"), |t| {
            if t.trim().is_empty() {
                Ok(None)
            } else {
                content::positive_id(t, "tmdbId").map(Some)
            }
        })?
        else {
            return Ok(None);
        };
        let record = f.iter().map(str::to_owned).collect();
        Ok(Some(LinkRow {
            at: (file.to_owned(), line),
            record,
            movie_id,
            imdb_id,
            tmdb_id,
        }))
    };
    let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<LinkRow>| -> anyhow::Result<()> {
        for row in rows {
            let record: Vec<&str> = row.record.iter().map(String::as_str).collect();
            let clash = match (&row.imdb_id, row.tmdb_id) {
                (Some(i), _) if imdb_owner.get(i).is_some_and(|m| *m != row.movie_id) => Some((
                    (2, "imdbId"),
                    format!("imdbId {i} already belongs to another movie"),
                )),
                (_, Some(t)) if tmdb_owner.get(&t).is_some_and(|m| *m != row.movie_id) => Some((
                    (3, "tmdbId"),
                    format!("tmdbId {t} already belongs to another movie"),
                )),
                _ => None,
            };
            if let Some((field, message)) = clash {
                let at = Position {
                    file: &row.at.0,
                    line: row.at.1,
                    field: Some(Field::Column(field.0, field.1)),
                };
                s.reject(
                    "links",
                    &at,
                    &RuleError::new("duplicate-external-id", message),
                    &record,
                )?;
                continue;
            }
            let wanted = (row.imdb_id.clone(), row.tmdb_id);
            if current.get(&row.movie_id) == Some(&wanted) {
                s.counts("links").skipped += 1;
                continue;
            }
            diesel::update(movie_external_ids::table.find(row.movie_id))
                .set((
                    movie_external_ids::imdb_id.eq(&row.imdb_id),
                    movie_external_ids::tmdb_id.eq(row.tmdb_id),
                ))
                .execute(conn)?;
            s.counts("links").updated += 1;
            if let Some((old_imdb, old_tmdb)) = current.insert(row.movie_id, wanted) {
                old_imdb.map(|i| imdb_owner.remove(&i));
                old_tmdb.map(|t| tmdb_owner.remove(&t));
            }
            if let Some(i) = row.imdb_id {
                imdb_owner.insert(i, row.movie_id);
            }
            if let Some(t) = row.tmdb_id {
                tmdb_owner.insert(t, row.movie_id);
            }
        }
        Ok(())
    };
    batches(conn, session, file, "links", parse, each)
}

fn tags_csv(
    conn: &mut DbConn,
    session: &mut Session,
    lookups: &mut Lookups,
    movies: &HashMap<i64, i64>,
    file: CsvFile,
) -> anyhow::Result<()> {
    // The weight is a count over the whole file, so tags are tallied first and written after.
    let mut tally: BTreeMap<(i64, String), u32> = BTreeMap::new();
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let known = |t: &str| {
            let ml = content::positive_id(t, "movieId")?;
            movies.get(&ml).copied().ok_or_else(|| {
                RuleError::new(
                    "unknown-movie",
                    format!("movieId {ml} is not in movies.csv"),
                )
            })
        };
        let (Some(_), Some(movie_id), Some(tag), Some(_)) = (
            field(s, "tags", at, f, (0, "userId"), |t| {
                content::positive_id(t, "userId")
            })?,
            field(s, "tags", at, f, (1, "movieId"), known)?,
            field(s, "tags", at, f, (2, "tag"), content::keyword)?,
            field(s, "tags", at, f, (3, "timestamp"), content::unix_time)?,
        ) else {
            return Ok(None);
        };
        Ok(Some((movie_id, tag)))
    };
    // One batch transaction per `--batch-size` records only tallies; writing happens below.
    batches(
        conn,
        session,
        file,
        "tags",
        parse,
        |_, _, rows: Vec<(i64, String)>| {
            for key in rows {
                *tally.entry(key).or_default() += 1;
            }
            Ok(())
        },
    )?;
    let tally: Vec<_> = tally.into_iter().collect();
    for chunk in tally.chunks(session.batch_size()) {
        marquee_db::write_transaction(conn, |conn| -> anyhow::Result<()> {
            let movie_ids: Vec<i64> = chunk.iter().map(|((m, _), _)| *m).collect();
            let existing: HashMap<(i64, i64), f64> = movie_keywords::table
                .filter(movie_keywords::movie_id.eq_any(&movie_ids))
                .filter(movie_keywords::source.eq("movielens"))
                .select((
                    movie_keywords::movie_id,
                    movie_keywords::keyword_id,
                    movie_keywords::weight,
                ))
                .load::<(i64, i64, f64)>(conn)?
                .into_iter()
                .map(|(m, k, w)| ((m, k), w))
                .collect();
            for ((movie_id, tag), count) in chunk {
                let keyword_id = lookups.keyword(conn, tag, session.counts("keywords"))?;
                let weight = f64::from(*count);
                match existing.get(&(*movie_id, keyword_id)) {
                    Some(w) if *w == weight => session.counts("movie_keywords").skipped += 1,
                    Some(_) => {
                        diesel::update(movie_keywords::table.find((
                            *movie_id,
                            keyword_id,
                            "movielens",
                        )))
                        .set(movie_keywords::weight.eq(weight))
                        .execute(conn)?;
                        session.counts("movie_keywords").updated += 1;
                    }
                    None => {
                        per_backend!(conn, |c| diesel::insert_into(movie_keywords::table)
                            .values((
                                movie_keywords::movie_id.eq(*movie_id),
                                movie_keywords::keyword_id.eq(keyword_id),
                                movie_keywords::source.eq("movielens"),
                                movie_keywords::weight.eq(weight),
                            ))
                            .execute(c))?;
                        session.counts("movie_keywords").inserted += 1;
                    }
                }
            }
            Ok(())
        })
        .inspect_err(|_| lookups.clear())?;
    }
    Ok(())
}

struct RatingRow {
    user: i64,
    movie_id: i64,
    half: i16,
    at: chrono::NaiveDateTime,
}

fn ratings_csv(
    conn: &mut DbConn,
    session: &mut Session,
    movies: &HashMap<i64, i64>,
    file: CsvFile,
) -> anyhow::Result<()> {
    let mut profiles: HashMap<i64, i64> = HashMap::new();
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let known = |t: &str| {
            let ml = content::positive_id(t, "movieId")?;
            movies.get(&ml).copied().ok_or_else(|| {
                RuleError::new(
                    "unknown-movie",
                    format!("movieId {ml} is not in movies.csv"),
                )
            })
        };
        let Some(user) = field(s, "ratings", at, f, (0, "userId"), |t| {
            content::positive_id(t, "userId")
        })?
        else {
            return Ok(None);
        };
        let Some(movie_id) = field(s, "ratings", at, f, (1, "movieId"), known)? else {
            return Ok(None);
        };
        let Some(half) = field(s, "ratings", at, f, (2, "rating"), content::rating_half)? else {
            return Ok(None);
        };
        let Some(at) = field(s, "ratings", at, f, (3, "timestamp"), content::unix_time)? else {
            return Ok(None);
        };
        Ok(Some(RatingRow {
            user,
            movie_id,
            half,
            at,
        }))
    };
    let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<RatingRow>| -> anyhow::Result<()> {
        let mut missing: Vec<i64> = rows
            .iter()
            .map(|r| r.user)
            .filter(|u| !profiles.contains_key(u))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let accounts: Vec<(String, String)> = missing
                .iter()
                .map(|u| (store::movielens_email(*u), format!("MovieLens user {u}")))
                .collect();
            let found = store::ensure_profiles(
                conn,
                &accounts,
                "MovieLens",
                s.counts("users"),
                marquee_db::now(),
            )?;
            for u in missing {
                if let Some(p) = found.get(&store::movielens_email(u)) {
                    profiles.insert(u, *p);
                }
            }
        }
        let new: Vec<NewRating> = rows
            .iter()
            .filter_map(|r| {
                Some(NewRating {
                    profile_id: *profiles.get(&r.user)?,
                    movie_id: r.movie_id,
                    rating_half: r.half,
                    created_at: r.at,
                    updated_at: r.at,
                })
            })
            .collect();
        store::upsert_ratings(conn, &new, s.counts("ratings"))?;
        Ok(())
    };
    batches(conn, session, file, "ratings", parse, each)?;
    marquee_db::write_transaction(conn, store::refresh_rating_stats)?;
    Ok(())
}
