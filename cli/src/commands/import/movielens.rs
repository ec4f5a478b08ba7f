//! `marqueectl import movielens DIR`: the MovieLens layouts, told apart by the files in DIR.
//!
//! **ml-latest-small / ml-25m** (`movies.csv`):
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
//! links, tags and ratings are optional files.
//!
//! **ml-1m** (`movies.dat`, `ratings.dat`, `users.dat`; `::`-separated, Latin-1): movie ids are
//! MovieLens ids, so movies are keyed on `movielens_id` as above and enrich an ml-latest import.
//! **ml-100k** (`u.item`, `u.data`, `u.user`; `|`- and tab-separated, Latin-1): its item ids are
//! its own numbering (GoldenEye is 2 there, 10 in ml-latest), so an item is matched on title and
//! year ([`TitleIndex`]) and its release date ("01-Jan-1995") is kept; ml-100k's few duplicate
//! items (one film under two ids) become one movie. `u.item`'s 19 genre flags name the genres
//! (the flag "unknown" is no genre).
//!
//! The users of each dataset are different people with ids of their own, so each becomes an
//! account of its own (`movielens-100k-<id>@…`, `movielens-1m-<id>@…`) with the same "MovieLens"
//! profile; `u.user`/`users.dat` list them (their demographics are validated, not stored), so
//! users without ratings get an account too. Old ratings are whole stars 1–5.
//!
//! A folder with none of `movies.csv`, `movies.dat` or `u.item` is an error.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::Datelike as _;

use diesel::prelude::*;
use marquee_db::models::{NewMovie, NewRating};
use marquee_db::schema::{movie_external_ids, movie_keywords, movies};
use marquee_db::{DbConn, per_backend};

use super::store::{self, Lookups, TitleIndex};
use super::{Common, CsvFile, DelimitedFile, Field, Position, Record, Records, Session};
use crate::content::{self, RuleError};
use crate::context::Context;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// Folder of one MovieLens layout: movies.csv (+ links.csv, tags.csv, ratings.csv) for
    /// ml-latest-small/ml-25m, movies.dat (+ ratings.dat, users.dat) for ml-1m, u.item (+ u.data,
    /// u.user) for ml-100k
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    dir: PathBuf,

    #[command(flatten)]
    common: Common,
}

/// Which MovieLens layout a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// ml-latest-small, ml-25m: `movies.csv` …
    Latest,
    /// ml-1m: `movies.dat` …
    OneMillion,
    /// ml-100k: `u.item` …
    HundredK,
}

impl Layout {
    fn detect(dir: &Path) -> anyhow::Result<Layout> {
        for (file, layout) in [
            ("movies.csv", Layout::Latest),
            ("movies.dat", Layout::OneMillion),
            ("u.item", Layout::HundredK),
        ] {
            if dir.join(file).is_file() {
                return Ok(layout);
            }
        }
        Err(report::hinted(
            anyhow::anyhow!("{} holds no MovieLens movie list", dir.display()),
            "point at a MovieLens folder: movies.csv (ml-latest-small, ml-25m), movies.dat \
             (ml-1m) or u.item (ml-100k)",
        ))
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let dir = opts.dir;
    let layout = Layout::detect(&dir)?;
    super::execute(ctx, "movielens", &opts.common, |conn, session| {
        let mut lookups = Lookups::default();
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.exists());
        match layout {
            Layout::Latest => {
                let file = CsvFile::open(&dir.join("movies.csv"), &["movieId", "title", "genres"])?;
                movies_csv(conn, session, &mut lookups, file)?;
                let movies = store::movielens_movies(conn)?;
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
                    ratings(conn, session, &movies, file, &LATEST)?;
                }
            }
            Layout::OneMillion => {
                let file = DelimitedFile::open(&dir.join("movies.dat"), "::", 3)?;
                movies_csv(conn, session, &mut lookups, file)?;
                let movies = store::movielens_movies(conn)?;
                if let Some(path) = optional("users.dat") {
                    users(
                        conn,
                        session,
                        DelimitedFile::open(&path, "::", 5)?,
                        &ONE_MILLION,
                    )?;
                }
                if let Some(path) = optional("ratings.dat") {
                    let file = DelimitedFile::open(&path, "::", 4)?;
                    ratings(conn, session, &movies, file, &ONE_MILLION)?;
                }
            }
            Layout::HundredK => {
                let file = DelimitedFile::open(&dir.join("u.item"), "|", 5 + GENRES_100K.len())?;
                let movies = u_item(conn, session, &mut lookups, file)?;
                if let Some(path) = optional("u.user") {
                    users(
                        conn,
                        session,
                        DelimitedFile::open(&path, "|", 5)?,
                        &HUNDRED_K,
                    )?;
                }
                if let Some(path) = optional("u.data") {
                    let file = DelimitedFile::open(&path, "\t", 4)?;
                    ratings(conn, session, &movies, file, &HUNDRED_K)?;
                }
            }
        }
        Ok(())
    })
}

/// What differs between the layouts' user and rating files: column names, the account a user
/// id becomes, how a rating is written.
struct Dialect {
    /// Where movie ids are defined, for "not in …" rejects.
    movies_file: &'static str,
    /// user, movie, rating, timestamp
    rating_columns: [&'static str; 4],
    /// The columns of the user file (ml-100k: user id, age, gender, occupation, zip code).
    user_columns: [&'static str; 5],
    /// The 0-based columns of age and gender in the user file.
    age_gender: (usize, usize),
    email: fn(i64) -> String,
    user_name: fn(i64) -> String,
    rating: fn(&str) -> Result<i16, RuleError>,
}

const LATEST: Dialect = Dialect {
    movies_file: "movies.csv",
    rating_columns: ["userId", "movieId", "rating", "timestamp"],
    user_columns: ["", "", "", "", ""],
    age_gender: (0, 0),
    email: store::movielens_email,
    user_name: |u| format!("MovieLens user {u}"),
    rating: content::rating_half,
};

const ONE_MILLION: Dialect = Dialect {
    movies_file: "movies.dat",
    rating_columns: ["UserID", "MovieID", "Rating", "Timestamp"],
    user_columns: ["UserID", "Gender", "Age", "Occupation", "Zip-code"],
    age_gender: (2, 1),
    email: |u| format!("movielens-1m-{u}@import.invalid"),
    user_name: |u| format!("MovieLens 1M user {u}"),
    rating: content::whole_stars,
};

const HUNDRED_K: Dialect = Dialect {
    movies_file: "u.item",
    rating_columns: ["user id", "item id", "rating", "timestamp"],
    user_columns: ["user id", "age", "gender", "occupation", "zip code"],
    age_gender: (1, 2),
    email: |u| format!("movielens-100k-{u}@import.invalid"),
    user_name: |u| format!("MovieLens 100K user {u}"),
    rating: content::whole_stars,
};

/// Reads records, rejecting unreadable ones, and hands the rest to `each` in batches of
/// `--batch-size`, each batch in one transaction.
pub(super) fn batches<T>(
    conn: &mut DbConn,
    session: &mut Session,
    mut file: impl Records,
    entity: &'static str,
    mut parse: impl FnMut(&mut Session, &str, u64, &csv::StringRecord) -> anyhow::Result<Option<T>>,
    mut each: impl FnMut(&mut DbConn, &mut Session, Vec<T>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = file.name().to_owned();
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
                    file: &name,
                    line,
                    field: None,
                };
                session.reject(entity, &at, &error, &[])?;
            }
            Record::Ok { line, fields } => {
                if let Some(row) = parse(session, &name, line, &fields)? {
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

/// `movies.csv` or `movies.dat`: movieId, title, genres (`|`-separated).
fn movies_csv(
    conn: &mut DbConn,
    session: &mut Session,
    lookups: &mut Lookups,
    file: impl Records,
) -> anyhow::Result<()> {
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
        // Each movie's id and genres, in file order; new movies are written together below.
        let mut linked: Vec<(Option<i64>, &[String])> = Vec::with_capacity(rows.len());
        let mut fresh: Vec<&MovieRow> = Vec::new();
        for row in &rows {
            let movie_id = match existing.get(&row.movielens_id) {
                Some((id, title, year)) if *title == row.title && *year == row.year => {
                    s.counts("movies").skipped += 1;
                    Some(*id)
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
                    Some(*id)
                }
                None => {
                    fresh.push(row);
                    None
                }
            };
            linked.push((movie_id, &row.genres));
        }
        // Multi-row inserts returning ids: a few statements a batch rather than four a movie
        // (on PostgreSQL each statement is a round trip).
        let new_movies: Vec<NewMovie> = fresh
            .iter()
            .map(|r| new_movie(&r.title, r.year, now))
            .collect();
        let new_ids = store::insert_movies(conn, &new_movies)?;
        let external: Vec<_> = fresh
            .iter()
            .zip(&new_ids)
            .map(|(r, id)| {
                (
                    movie_external_ids::movie_id.eq(*id),
                    movie_external_ids::movielens_id.eq(r.movielens_id),
                )
            })
            .collect();
        for chunk in external.chunks(1000) {
            per_backend!(conn, |c| diesel::insert_into(movie_external_ids::table)
                .values(chunk)
                .execute(c))?;
        }
        s.counts("movies").inserted += new_ids.len() as u64;
        let mut new_ids = new_ids.into_iter();
        let mut links = Vec::new();
        for (movie_id, genres) in linked {
            let Some(movie_id) = movie_id.or_else(|| new_ids.next()) else {
                continue;
            };
            for name in genres {
                links.push((movie_id, lookups.genre(conn, name, s.counts("genres"))?));
            }
        }
        let new_links = store::link_movie_genres(conn, &links)? as u64;
        let counts = s.counts("movie_genres");
        counts.inserted += new_links;
        counts.skipped += links.len() as u64 - new_links;
        Ok(())
    };
    let result = batches(conn, session, file, "movies", parse, each);
    if result.is_err() {
        lookups.clear();
    }
    result
}

/// Links a movie to its genres (created when missing), counting new and existing links.
pub(super) fn link_genres(
    conn: &mut DbConn,
    s: &mut Session,
    lookups: &mut Lookups,
    movie_id: i64,
    genres: &[String],
) -> anyhow::Result<()> {
    let mut genre_ids = Vec::with_capacity(genres.len());
    for name in genres {
        genre_ids.push(lookups.genre(conn, name, s.counts("genres"))?);
    }
    let linked = store::link_genres(conn, movie_id, &genre_ids)? as u64;
    let counts = s.counts("movie_genres");
    counts.inserted += linked;
    counts.skipped += genre_ids.len() as u64 - linked;
    Ok(())
}

/// `u.item`'s genre flags, in column order (ml-100k's `u.genre`); "unknown" is no genre.
const GENRES_100K: [&str; 19] = [
    "unknown",
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
];

struct ItemRow {
    item: i64,
    title: String,
    year: Option<i16>,
    release_date: Option<chrono::NaiveDate>,
    genres: Vec<String>,
}

/// ml-100k's `u.item`: movie id | title | release date | video release date | IMDb URL | 19
/// genre flags. Movies are matched on title and year; returns item id → movie id.
fn u_item(
    conn: &mut DbConn,
    session: &mut Session,
    lookups: &mut Lookups,
    file: DelimitedFile,
) -> anyhow::Result<HashMap<i64, i64>> {
    let mut index = TitleIndex::load(conn)?;
    let mut items: HashMap<i64, i64> = HashMap::new();
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let Some(item) = field(s, "movies", at, f, (0, "movie id"), |t| {
            content::positive_id(t, "movie id")
        })?
        else {
            return Ok(None);
        };
        let Some((title, year)) = field(
            s,
            "movies",
            at,
            f,
            (1, "movie title"),
            content::movielens_title,
        )?
        else {
            return Ok(None);
        };
        let Some(release_date) = field(
            s,
            "movies",
            at,
            f,
            (2, "release date"),
            content::day_month_year,
        )?
        else {
            return Ok(None);
        };
        let mut genres = Vec::new();
        for (i, name) in GENRES_100K.iter().enumerate() {
            let Some(flag) = field(s, "movies", at, f, (5 + i, name), |t| match t.trim() {
                "0" => Ok(false),
                "1" => Ok(true),
                other => Err(RuleError::new(
                    "genre-flag",
                    format!("genre flag {other:?} is not 0 or 1"),
                )),
            })?
            else {
                return Ok(None);
            };
            if flag && i > 0 {
                genres.push((*name).to_owned());
            }
        }
        let year = year.or_else(|| release_date.map(|d| d.year() as i16));
        Ok(Some(ItemRow {
            item,
            title,
            year,
            release_date,
            genres,
        }))
    };
    let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<ItemRow>| -> anyhow::Result<()> {
        let now = marquee_db::now();
        for row in rows {
            let movie_id = match index.find(&row.title, row.year) {
                Some(id) => {
                    let current: Option<chrono::NaiveDate> = movies::table
                        .find(id)
                        .select(movies::release_date)
                        .first(conn)?;
                    if row.release_date.is_none() || current == row.release_date {
                        s.counts("movies").skipped += 1;
                    } else {
                        diesel::update(movies::table.find(id))
                            .set((
                                movies::release_date.eq(row.release_date),
                                movies::updated_at.eq(now),
                            ))
                            .execute(conn)?;
                        s.counts("movies").updated += 1;
                    }
                    id
                }
                None => {
                    let movie = NewMovie {
                        release_date: row.release_date,
                        ..new_movie(&row.title, row.year, now)
                    };
                    let id = store::insert_movie(conn, &movie, None)?;
                    index.add(id, &row.title, row.year);
                    s.counts("movies").inserted += 1;
                    id
                }
            };
            link_genres(conn, s, lookups, movie_id, &row.genres)?;
            items.insert(row.item, movie_id);
        }
        Ok(())
    };
    let result = batches(conn, session, file, "movies", parse, each);
    if result.is_err() {
        lookups.clear();
    }
    result?;
    Ok(items)
}

/// `u.user` / `users.dat`: one account with a "MovieLens" profile per listed user. The
/// demographics are checked (a malformed line is rejected) but not stored.
fn users(
    conn: &mut DbConn,
    session: &mut Session,
    file: DelimitedFile,
    dialect: &Dialect,
) -> anyhow::Result<()> {
    let columns = dialect.user_columns;
    let (age, gender) = dialect.age_gender;
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let Some(user) = field(s, "users", at, f, (0, columns[0]), |t| {
            content::positive_id(t, columns[0])
        })?
        else {
            return Ok(None);
        };
        if field(s, "users", at, f, (age, columns[age]), |t| {
            content::positive_id(t, columns[age])
        })?
        .is_none()
        {
            return Ok(None);
        }
        let gender = field(s, "users", at, f, (gender, columns[gender]), |t| {
            match t.trim() {
                "M" | "F" => Ok(()),
                other => Err(RuleError::new(
                    "gender-format",
                    format!("gender {other:?} is not M or F"),
                )),
            }
        })?;
        Ok(gender.map(|()| user))
    };
    let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<i64>| -> anyhow::Result<()> {
        let accounts: Vec<(String, String)> = rows
            .iter()
            .map(|u| ((dialect.email)(*u), (dialect.user_name)(*u)))
            .collect();
        store::ensure_profiles(
            conn,
            &accounts,
            "MovieLens",
            s.counts("users"),
            marquee_db::now(),
        )?;
        Ok(())
    };
    batches(conn, session, file, "users", parse, each)
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
        let mut updates = Vec::new();
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
            updates.push((row.movie_id, row.imdb_id.clone(), row.tmdb_id));
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
        // Every movie has its row (created with the movie), so these upserts only update, in
        // file order like one `UPDATE` a link would, in a few statements rather than one a
        // link. A movie named twice starts a new statement (PostgreSQL refuses to update a row
        // twice in one).
        let mut start = 0;
        while start < updates.len() {
            let mut seen = HashSet::new();
            let end = updates[start..]
                .iter()
                .take(1000)
                .position(|(movie, _, _)| !seen.insert(*movie))
                .map_or((start + 1000).min(updates.len()), |n| start + n);
            let rows: Vec<_> = updates[start..end]
                .iter()
                .map(|(movie, imdb, tmdb)| {
                    (
                        movie_external_ids::movie_id.eq(*movie),
                        movie_external_ids::imdb_id.eq(imdb.as_deref()),
                        movie_external_ids::tmdb_id.eq(*tmdb),
                    )
                })
                .collect();
            per_backend!(conn, |c| diesel::insert_into(movie_external_ids::table)
                .values(&rows)
                .on_conflict(movie_external_ids::movie_id)
                .do_update()
                .set((
                    movie_external_ids::imdb_id
                        .eq(diesel::upsert::excluded(movie_external_ids::imdb_id)),
                    movie_external_ids::tmdb_id
                        .eq(diesel::upsert::excluded(movie_external_ids::tmdb_id)),
                ))
                .execute(c))?;
            start = end;
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

fn ratings(
    conn: &mut DbConn,
    session: &mut Session,
    movies: &HashMap<i64, i64>,
    file: impl Records,
    dialect: &Dialect,
) -> anyhow::Result<()> {
    let mut profiles: HashMap<i64, i64> = HashMap::new();
    let [user_col, movie_col, rating_col, time_col] = dialect.rating_columns;
    let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
        let at = (file, line);
        let known = |t: &str| {
            let ml = content::positive_id(t, movie_col)?;
            movies.get(&ml).copied().ok_or_else(|| {
                RuleError::new(
                    "unknown-movie",
                    format!("{movie_col} {ml} is not in {}", dialect.movies_file),
                )
            })
        };
        let Some(user) = field(s, "ratings", at, f, (0, user_col), |t| {
            content::positive_id(t, user_col)
        })?
        else {
            return Ok(None);
        };
        let Some(movie_id) = field(s, "ratings", at, f, (1, movie_col), known)? else {
            return Ok(None);
        };
        let Some(half) = field(s, "ratings", at, f, (2, rating_col), dialect.rating)? else {
            return Ok(None);
        };
        let Some(at) = field(s, "ratings", at, f, (3, time_col), content::unix_time)? else {
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
                .map(|u| ((dialect.email)(*u), (dialect.user_name)(*u)))
                .collect();
            let found = store::ensure_profiles(
                conn,
                &accounts,
                "MovieLens",
                s.counts("users"),
                marquee_db::now(),
            )?;
            for u in missing {
                if let Some(p) = found.get(&(dialect.email)(u)) {
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
