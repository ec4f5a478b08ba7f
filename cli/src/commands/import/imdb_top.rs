//! `marqueectl import imdb-top FILE`: the Kaggle "IMDB top 1000" CSV.
//!
//! The file has no IMDb ids, so a record is matched to an existing movie on its title and year:
//! the same [`content::title_key`] (article first, letters and digits, lowercased; an alternative
//! title in parentheses ignored) and the same year. Importing MovieLens and then this file
//! therefore enriches "The Godfather" (1972) instead of adding it twice, and re-importing this
//! file matches the movies it created. When several movies share title and year the lowest id
//! wins. A matched movie keeps its title; overview, runtime, certificate and poster are set from
//! the file, and `movie_stats` gets the IMDb rating, votes, Metascore and gross.
//!
//! `Released_Year` is "PG" for Apollo 13 (a known quirk): a year that is not a number is imported
//! as unknown with a warning, and such a record matches a movie on its title alone when exactly
//! one movie has that title. Directors become crew credits (Directing / Director), Star1..4 cast
//! credits in that order; people are matched on their exact name.

use std::collections::HashMap;
use std::path::PathBuf;

use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::{NewMovie, NewMovieStats};
use marquee_db::schema::{credits, movie_stats, movies, people};

use super::movielens::{batches, field};
use super::store::{self, Lookups, TitleIndex};
use super::{Common, CsvFile, Session};
use crate::content;
use crate::context::Context;

const COLUMNS: [&str; 16] = [
    "Poster_Link",
    "Series_Title",
    "Released_Year",
    "Certificate",
    "Runtime",
    "Genre",
    "IMDB_Rating",
    "Overview",
    "Meta_score",
    "Director",
    "Star1",
    "Star2",
    "Star3",
    "Star4",
    "No_of_Votes",
    "Gross",
];

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// The imdb_top_1000.csv file
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,

    #[command(flatten)]
    common: Common,
}

struct Row {
    title: String,
    year: Option<i16>,
    certificate: Option<String>,
    runtime: i32,
    genres: Vec<String>,
    rating: Option<f64>,
    overview: Option<String>,
    metascore: Option<i16>,
    director: String,
    stars: Vec<String>,
    votes: Option<i32>,
    gross: Option<i64>,
    poster: Option<String>,
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let path = opts.file;
    super::execute(ctx, "imdb-top", &opts.common, |conn, session| {
        let file = CsvFile::open(&path, &COLUMNS)?;
        let mut index = TitleIndex::load(conn)?;
        let mut lookups = Lookups::default();
        let mut people_ids: HashMap<String, i64> = HashMap::new();
        let parse = |s: &mut Session, file: &str, line: u64, f: &csv::StringRecord| {
            let at = (file, line);
            let text = |i: usize| {
                Some(f.get(i).unwrap_or_default().trim().to_owned()).filter(|t| !t.is_empty())
            };
            let Some(title) = field(s, "movies", at, f, (1, "Series_Title"), |t| {
                content::name(t, "title-empty")
            })?
            else {
                return Ok(None);
            };
            let raw_year = f.get(2).unwrap_or_default().trim();
            let year = match content::year(raw_year) {
                Ok(y) => Some(y),
                Err(err) if err.rule == "year-format" => {
                    s.warn(format!(
                        "{file}:{line}: field 3 (Released_Year): {err}; imported without a year"
                    ));
                    None
                }
                Err(err) => {
                    field(s, "movies", at, f, (2, "Released_Year"), |_| {
                        Err::<(), _>(err)
                    })?;
                    return Ok(None);
                }
            };
            let Some(runtime) =
                field(s, "movies", at, f, (4, "Runtime"), content::runtime_minutes)?
            else {
                return Ok(None);
            };
            let Some(genres) = field(s, "movies", at, f, (5, "Genre"), |g| {
                g.split(',')
                    .map(|n| content::name(n, "genre-empty"))
                    .collect::<Result<Vec<_>, _>>()
            })?
            else {
                return Ok(None);
            };
            let Some(rating) = field(s, "movies", at, f, (6, "IMDB_Rating"), |t| {
                content::optional_number(t, "IMDB_Rating", 0.0..=10.0)
            })?
            else {
                return Ok(None);
            };
            let Some(metascore) = field(s, "movies", at, f, (8, "Meta_score"), |t| {
                content::optional_number(t, "Meta_score", 0..=100)
            })?
            else {
                return Ok(None);
            };
            let Some(director) = field(s, "movies", at, f, (9, "Director"), |t| {
                content::name(t, "director-empty")
            })?
            else {
                return Ok(None);
            };
            let Some(votes) = field(s, "movies", at, f, (14, "No_of_Votes"), |t| {
                content::optional_number(t, "No_of_Votes", 0..=i32::MAX)
            })?
            else {
                return Ok(None);
            };
            let Some(gross) = field(s, "movies", at, f, (15, "Gross"), content::gross_usd)? else {
                return Ok(None);
            };
            let stars = (10..=13).filter_map(text).collect();
            Ok(Some(Row {
                title,
                year,
                certificate: text(3),
                runtime,
                genres,
                rating,
                overview: text(7),
                metascore,
                director,
                stars,
                votes,
                gross,
                poster: text(0),
            }))
        };
        let each = |conn: &mut DbConn, s: &mut Session, rows: Vec<Row>| -> anyhow::Result<()> {
            for row in rows {
                write_row(conn, s, &mut index, &mut lookups, &mut people_ids, &row)?;
            }
            Ok(())
        };
        batches(conn, session, file, "movies", parse, each)
    })
}

fn write_row(
    conn: &mut DbConn,
    s: &mut Session,
    index: &mut TitleIndex,
    lookups: &mut Lookups,
    people_ids: &mut HashMap<String, i64>,
    row: &Row,
) -> anyhow::Result<()> {
    let now = marquee_db::now();
    let stats = NewMovieStats {
        movie_id: 0,
        rating_count: 0,
        rating_sum_half: 0,
        rating_avg: None,
        imdb_rating: row.rating,
        imdb_votes: row.votes,
        metascore: row.metascore,
        budget_usd: None,
        gross_usd: row.gross,
        updated_at: now,
    };
    let movie_id = match index.find(&row.title, row.year) {
        Some(id) => {
            let current: (Option<String>, Option<i32>, Option<String>, Option<String>) =
                movies::table
                    .find(id)
                    .select((
                        movies::overview,
                        movies::runtime_minutes,
                        movies::certificate,
                        movies::poster_url,
                    ))
                    .first(conn)?;
            let current_stats: (Option<f64>, Option<i32>, Option<i16>, Option<i64>) =
                movie_stats::table
                    .find(id)
                    .select((
                        movie_stats::imdb_rating,
                        movie_stats::imdb_votes,
                        movie_stats::metascore,
                        movie_stats::gross_usd,
                    ))
                    .first(conn)?;
            let wanted = (
                row.overview.clone(),
                Some(row.runtime),
                row.certificate.clone(),
                row.poster.clone(),
            );
            let wanted_stats = (row.rating, row.votes, row.metascore, row.gross);
            if current == wanted && current_stats == wanted_stats {
                s.counts("movies").skipped += 1;
            } else {
                diesel::update(movies::table.find(id))
                    .set((
                        movies::overview.eq(&row.overview),
                        movies::runtime_minutes.eq(row.runtime),
                        movies::certificate.eq(&row.certificate),
                        movies::poster_url.eq(&row.poster),
                        movies::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                diesel::update(movie_stats::table.find(id))
                    .set((
                        movie_stats::imdb_rating.eq(row.rating),
                        movie_stats::imdb_votes.eq(row.votes),
                        movie_stats::metascore.eq(row.metascore),
                        movie_stats::gross_usd.eq(row.gross),
                        movie_stats::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                s.counts("movies").updated += 1;
            }
            id
        }
        None => {
            let movie = NewMovie {
                title: &row.title,
                overview: row.overview.as_deref(),
                runtime_minutes: Some(row.runtime),
                certificate: row.certificate.as_deref(),
                poster_url: row.poster.as_deref(),
                ..super::movielens::new_movie(&row.title, row.year, now)
            };
            let id = store::insert_movie(conn, &movie, Some(&stats))?;
            index.add(id, &row.title, row.year);
            s.counts("movies").inserted += 1;
            id
        }
    };
    let mut genre_ids = Vec::new();
    for name in &row.genres {
        genre_ids.push(lookups.genre(conn, name, s.counts("genres"))?);
    }
    let linked = store::link_genres(conn, movie_id, &genre_ids)? as u64;
    s.counts("movie_genres").inserted += linked;
    s.counts("movie_genres").skipped += genre_ids.len() as u64 - linked;

    let existing: Vec<(i64, String, Option<String>)> = credits::table
        .filter(credits::movie_id.eq(movie_id))
        .select((credits::person_id, credits::kind, credits::job))
        .load(conn)?;
    let mut wanted = vec![(row.director.as_str(), "crew", None)];
    wanted.extend(
        row.stars
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), "cast", Some(i as i32))),
    );
    for (name, kind, order) in wanted {
        let person_id = person(conn, s, people_ids, name, now)?;
        let job = (kind == "crew").then(|| "Director".to_owned());
        if existing
            .iter()
            .any(|(p, k, j)| *p == person_id && k == kind && *j == job)
        {
            s.counts("credits").skipped += 1;
            continue;
        }
        diesel::insert_into(credits::table)
            .values((
                credits::movie_id.eq(movie_id),
                credits::person_id.eq(person_id),
                credits::kind.eq(kind),
                credits::cast_order.eq(order),
                credits::department.eq((kind == "crew").then_some("Directing")),
                credits::job.eq(job),
            ))
            .execute(conn)?;
        s.counts("credits").inserted += 1;
    }
    Ok(())
}

/// The person with this exact name (the lowest id if several), created when missing.
fn person(
    conn: &mut DbConn,
    s: &mut Session,
    cache: &mut HashMap<String, i64>,
    name: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    if let Some(id) = cache.get(name) {
        return Ok(*id);
    }
    let found: Option<i64> = people::table
        .filter(people::name.eq(name))
        .select(people::id)
        .order(people::id)
        .first(conn)
        .optional()?;
    let id = match found {
        Some(id) => {
            s.counts("people").skipped += 1;
            id
        }
        None => {
            s.counts("people").inserted += 1;
            diesel::insert_into(people::table)
                .values((
                    people::name.eq(name),
                    people::popularity.eq(0.0),
                    people::created_at.eq(now),
                    people::updated_at.eq(now),
                ))
                .returning(people::id)
                .get_result(conn)?
        }
    };
    cache.insert(name.to_owned(), id);
    Ok(id)
}
