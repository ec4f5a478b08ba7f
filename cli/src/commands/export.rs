//! `marqueectl export`: the catalogue, accounts and ratings as JSON Lines, one record per line
//! with a `"type"`, in a stable order, so that `marqueectl import jsonl` restores them and an
//! export of the restored database is byte-identical to the original export.
//!
//! The record shapes are [`crate::commands::import::jsonl`]'s. Order: genres (by name), people,
//! movies, credits, accounts with their profiles (each by id; credits by movie, then id) and
//! ratings (by profile, then movie). Password hashes, sessions and tokens are never exported.
//! Large tables are read in pages, so memory stays flat whatever the size.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::schema::{
    countries, credits, genres, keywords, languages, movie_countries, movie_external_ids,
    movie_genres, movie_keywords, movie_stats, movies, people, profiles, ratings, users,
};

use super::import::jsonl::{
    AccountRecord, CountryRecord, CreditRecord, GenreRecord, KeywordRecord, MovieRecord,
    PersonRecord, ProfileRecord, RatingRecord, Record, date_text, time_text,
};
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// Write to this file instead of stdout
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: Option<PathBuf>,

    /// Only these kinds of records (comma-separated) [default: all]
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    only: Vec<Kind>,
}

/// A kind of exported record, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Kind {
    /// Genres (name, slug)
    Genres,
    /// People with their external ids
    People,
    /// Movies with external ids, genres, countries, keywords and IMDb figures
    Movies,
    /// Cast and crew credits
    Credits,
    /// Accounts (e-mail, name, role; never the password) with their profiles
    Accounts,
    /// Ratings by profile and movie
    Ratings,
}

/// Rows read per query.
const PAGE: i64 = 10_000;

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    let mut conn = ctx.connect_migrated(&url)?;
    let mut kinds = if opts.only.is_empty() {
        vec![
            Kind::Genres,
            Kind::People,
            Kind::Movies,
            Kind::Credits,
            Kind::Accounts,
            Kind::Ratings,
        ]
    } else {
        opts.only
    };
    kinds.sort_unstable();
    kinds.dedup();
    let out: Box<dyn Write> = match &opts.file {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = Writer {
        out: std::io::BufWriter::new(out),
        line: Vec::new(),
    };
    // One read-only transaction, so every page sees the same database (a deferred transaction
    // on SQLite: it takes no write lock).
    diesel::Connection::transaction(&mut conn, |conn| -> anyhow::Result<()> {
        if let DbConn::Postgresql(c) = conn {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(c)?;
        }
        for kind in &kinds {
            match kind {
                Kind::Genres => export_genres(conn, &mut out)?,
                Kind::People => export_people(conn, &mut out)?,
                Kind::Movies => export_movies(conn, &mut out)?,
                Kind::Credits => export_credits(conn, &mut out)?,
                Kind::Accounts => export_accounts(conn, &mut out)?,
                Kind::Ratings => export_ratings(conn, &mut out)?,
            }
        }
        Ok(())
    })?;
    out.out.flush().context("cannot write the export")?;
    Ok(())
}

struct Writer {
    out: std::io::BufWriter<Box<dyn Write>>,
    line: Vec<u8>,
}

impl Writer {
    fn record(&mut self, record: &Record) -> anyhow::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, record)?;
        self.line.push(b'\n');
        // An io::Error in the chain, so a closed pipe (`| head`) ends quietly.
        self.out
            .write_all(&self.line)
            .context("cannot write the export")?;
        Ok(())
    }
}

fn export_genres(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let rows: Vec<(String, String)> = genres::table
        .select((genres::name, genres::slug))
        .order(genres::name)
        .load(conn)?;
    for (name, slug) in rows {
        out.record(&Record::Genre(GenreRecord { name, slug }))?;
    }
    Ok(())
}

type PersonRow = (
    i64,
    String,
    Option<String>,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
    Option<String>,
    Option<String>,
    Option<String>,
    f64,
    Option<String>,
    Option<i64>,
);

fn export_people(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let mut after = 0i64;
    loop {
        let rows: Vec<PersonRow> = people::table
            .filter(people::id.gt(after))
            .select((
                people::id,
                people::name,
                people::biography,
                people::birth_date,
                people::death_date,
                people::place_of_birth,
                people::known_for_department,
                people::profile_url,
                people::popularity,
                people::imdb_id,
                people::tmdb_id,
            ))
            .order(people::id)
            .limit(PAGE)
            .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.0;
        for r in rows {
            out.record(&Record::Person(PersonRecord {
                id: r.0,
                name: r.1,
                biography: r.2,
                birth_date: r.3.map(date_text),
                death_date: r.4.map(date_text),
                place_of_birth: r.5,
                known_for_department: r.6,
                profile_url: r.7,
                popularity: r.8,
                imdb_id: r.9,
                tmdb_id: r.10,
            }))?;
        }
    }
}

type MovieRow = (
    (
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDate>,
        Option<i16>,
        Option<i32>,
        Option<String>,
        Option<String>,
        Option<i16>,
        Option<String>,
    ),
    (Option<String>, f64),
    Option<(Option<i64>, Option<String>, Option<i64>)>,
    Option<(
        Option<f64>,
        Option<i32>,
        Option<i16>,
        Option<i64>,
        Option<i64>,
    )>,
);

/// `(movie, value)` pairs of one relation → value lists by movie, in the query's order.
fn group<T>(rows: Vec<(i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for (movie, value) in rows {
        out.entry(movie).or_default().push(value);
    }
    out
}

fn export_movies(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let mut after = 0i64;
    loop {
        let rows: Vec<MovieRow> = movies::table
            .left_join(languages::table)
            .left_join(movie_external_ids::table)
            .left_join(movie_stats::table)
            .filter(movies::id.gt(after))
            .select((
                (
                    movies::id,
                    movies::title,
                    movies::original_title,
                    movies::tagline,
                    movies::overview,
                    movies::release_date,
                    movies::year,
                    movies::runtime_minutes,
                    languages::code.nullable(),
                    movies::certificate,
                    movies::min_age,
                    movies::poster_url,
                ),
                (movies::backdrop_url, movies::popularity),
                (
                    movie_external_ids::movielens_id,
                    movie_external_ids::imdb_id,
                    movie_external_ids::tmdb_id,
                )
                    .nullable(),
                (
                    movie_stats::imdb_rating,
                    movie_stats::imdb_votes,
                    movie_stats::metascore,
                    movie_stats::budget_usd,
                    movie_stats::gross_usd,
                )
                    .nullable(),
            ))
            .order(movies::id)
            .limit(PAGE)
            .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        let (first, last) = (rows[0].0.0, last.0.0);
        after = last;
        let mut genres = group(
            movie_genres::table
                .inner_join(genres::table)
                .filter(movie_genres::movie_id.between(first, last))
                .select((movie_genres::movie_id, genres::name))
                .order((movie_genres::movie_id, genres::name))
                .load::<(i64, String)>(conn)?,
        );
        let mut countries = group(
            movie_countries::table
                .inner_join(countries::table)
                .filter(movie_countries::movie_id.between(first, last))
                .select((
                    movie_countries::movie_id,
                    (countries::code, countries::name),
                ))
                .order((movie_countries::movie_id, countries::code))
                .load::<(i64, (String, String))>(conn)?,
        );
        let mut keywords = group(
            movie_keywords::table
                .inner_join(keywords::table)
                .filter(movie_keywords::movie_id.between(first, last))
                .select((
                    movie_keywords::movie_id,
                    (
                        keywords::name,
                        movie_keywords::source,
                        movie_keywords::weight,
                    ),
                ))
                .order((
                    movie_keywords::movie_id,
                    keywords::name,
                    movie_keywords::source,
                ))
                .load::<(i64, (String, String, f64))>(conn)?,
        );
        for (m, (backdrop_url, popularity), ids, stats) in rows {
            let (movielens_id, imdb_id, tmdb_id) = ids.unwrap_or_default();
            let (imdb_rating, imdb_votes, metascore, budget_usd, gross_usd) =
                stats.unwrap_or_default();
            out.record(&Record::Movie(Box::new(MovieRecord {
                id: m.0,
                title: m.1,
                original_title: m.2,
                tagline: m.3,
                overview: m.4,
                release_date: m.5.map(date_text),
                year: m.6,
                runtime: m.7,
                original_language: m.8,
                certificate: m.9,
                min_age: m.10,
                poster_url: m.11,
                backdrop_url,
                popularity,
                movielens_id,
                imdb_id,
                tmdb_id,
                genres: genres.remove(&m.0).unwrap_or_default(),
                countries: countries
                    .remove(&m.0)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(code, name)| CountryRecord { code, name })
                    .collect(),
                keywords: keywords
                    .remove(&m.0)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, source, weight)| KeywordRecord {
                        name,
                        source,
                        weight,
                    })
                    .collect(),
                imdb_rating,
                imdb_votes,
                metascore,
                budget_usd,
                gross_usd,
            })))?;
        }
    }
}

type CreditRow = (
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
);

fn export_credits(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let (mut after_movie, mut after_id) = (0i64, 0i64);
    loop {
        let rows: Vec<CreditRow> = credits::table
            .filter(
                credits::movie_id.gt(after_movie).or(credits::movie_id
                    .eq(after_movie)
                    .and(credits::id.gt(after_id))),
            )
            .select((
                credits::id,
                credits::movie_id,
                credits::person_id,
                credits::kind,
                credits::character_name,
                credits::cast_order,
                credits::department,
                credits::job,
            ))
            .order((credits::movie_id, credits::id))
            .limit(PAGE)
            .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        (after_movie, after_id) = (last.1, last.0);
        for r in rows {
            out.record(&Record::Credit(CreditRecord {
                movie: r.1,
                person: r.2,
                kind: r.3,
                character: r.4,
                order: r.5,
                department: r.6,
                job: r.7,
            }))?;
        }
    }
}

fn export_accounts(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String, String)> = users::table
            .filter(users::id.gt(after))
            .select((users::id, users::email, users::name, users::role))
            .order(users::id)
            .limit(PAGE)
            .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        let (first, last) = (rows[0].0, last.0);
        after = last;
        let mut profiles = group(
            profiles::table
                .filter(profiles::user_id.between(first, last))
                .select((
                    profiles::user_id,
                    (
                        profiles::id,
                        profiles::name,
                        profiles::avatar,
                        profiles::is_kids,
                        profiles::maturity_limit,
                    ),
                ))
                .order((profiles::user_id, profiles::id))
                .load::<(i64, (i64, String, Option<String>, bool, Option<i16>))>(conn)?,
        );
        for (id, email, name, role) in rows {
            let profiles = profiles
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(
                    |(id, name, avatar, is_kids, maturity_limit)| ProfileRecord {
                        id,
                        name,
                        avatar,
                        is_kids,
                        maturity_limit,
                    },
                )
                .collect();
            out.record(&Record::Account(AccountRecord {
                id,
                email,
                name,
                role,
                profiles,
            }))?;
        }
    }
}

fn export_ratings(conn: &mut DbConn, out: &mut Writer) -> anyhow::Result<()> {
    let (mut after_profile, mut after_movie) = (0i64, 0i64);
    loop {
        let rows: Vec<(i64, i64, i16, chrono::NaiveDateTime, chrono::NaiveDateTime)> =
            ratings::table
                .filter(
                    ratings::profile_id.gt(after_profile).or(ratings::profile_id
                        .eq(after_profile)
                        .and(ratings::movie_id.gt(after_movie))),
                )
                .select((
                    ratings::profile_id,
                    ratings::movie_id,
                    ratings::rating_half,
                    ratings::created_at,
                    ratings::updated_at,
                ))
                .order((ratings::profile_id, ratings::movie_id))
                .limit(PAGE * 5)
                .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        (after_profile, after_movie) = (last.0, last.1);
        for (profile, movie, rating_half, created_at, updated_at) in rows {
            out.record(&Record::Rating(RatingRecord {
                profile,
                movie,
                rating_half,
                created_at: time_text(created_at),
                updated_at: time_text(updated_at),
            }))?;
        }
    }
}
