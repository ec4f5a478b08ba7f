//! `marqueectl import tmdb FILE`: movies shaped like TMDB's movie details with `credits`
//! appended (`/movie/{id}?append_to_response=credits`), one object per line (JSON Lines) or all
//! in one JSON array.
//!
//! - A movie is keyed on its TMDB id (`movie_external_ids.tmdb_id`); a movie not yet known by
//!   its TMDB id is matched on its IMDb id, so a MovieLens import whose `links.csv` gave the ids
//!   is enriched, never duplicated. A record whose TMDB id and IMDb id name two different movies
//!   is rejected. Title, original title, tagline, overview, release date (and year), runtime,
//!   original language and popularity are set from the record; `vote_average`/`vote_count` are
//!   checked but not stored (the catalogue keeps IMDb's rating and its own).
//! - `genres` are matched by name, `production_countries` by ISO 3166-1 code (created when
//!   missing).
//! - `credits.cast` and `credits.crew` become people keyed on their TMDB id (a person without
//!   one and with exactly the credited name, e.g. from `import imdb-top`, is given it instead of
//!   being duplicated) and credits keyed on (movie, person, character) for cast and (movie,
//!   person, job) for crew; billing order and department are updated when they change.
//!
//! Fields TMDB sends that are not listed here are ignored.

use std::collections::HashMap;
use std::path::PathBuf;

use diesel::prelude::*;
use marquee_db::models::NewMovie;
use marquee_db::schema::{countries, credits, movie_countries, movie_external_ids, movies, people};
use marquee_db::{DbConn, per_backend};
use serde::Deserialize;

use super::store::{self, Lookups};
use super::{Common, Field, Located, Position, Session};
use crate::content::{self, RuleError};
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// A JSON Lines file (one TMDB movie per line) or a JSON array of TMDB movies
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,

    #[command(flatten)]
    common: Common,
}

/// A record as TMDB sends it (only the fields we read).
#[derive(Debug, Deserialize)]
struct Record {
    id: i64,
    #[serde(default)]
    imdb_id: Option<String>,
    title: String,
    #[serde(default)]
    original_title: Option<String>,
    #[serde(default)]
    original_language: Option<String>,
    #[serde(default)]
    overview: Option<String>,
    #[serde(default)]
    tagline: Option<String>,
    #[serde(default)]
    release_date: Option<String>,
    #[serde(default)]
    runtime: Option<i32>,
    #[serde(default)]
    genres: Vec<GenreRecord>,
    #[serde(default)]
    production_countries: Vec<CountryRecord>,
    #[serde(default)]
    vote_average: Option<f64>,
    #[serde(default)]
    vote_count: Option<i64>,
    #[serde(default)]
    popularity: Option<f64>,
    #[serde(default)]
    credits: CreditsRecord,
}

#[derive(Debug, Deserialize)]
struct GenreRecord {
    name: String,
}

#[derive(Debug, Deserialize)]
struct CountryRecord {
    iso_3166_1: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
struct CreditsRecord {
    #[serde(default)]
    cast: Vec<CastRecord>,
    #[serde(default)]
    crew: Vec<CrewRecord>,
}

#[derive(Debug, Deserialize)]
struct CastRecord {
    id: i64,
    name: String,
    #[serde(default)]
    character: Option<String>,
    #[serde(default)]
    order: Option<i32>,
}

#[derive(Debug, Deserialize)]
struct CrewRecord {
    id: i64,
    name: String,
    job: String,
    #[serde(default)]
    department: Option<String>,
}

/// A checked record, ready to write.
struct Movie {
    tmdb_id: i64,
    imdb_id: Option<String>,
    title: String,
    original_title: Option<String>,
    tagline: Option<String>,
    overview: Option<String>,
    release_date: Option<chrono::NaiveDate>,
    year: Option<i16>,
    runtime: Option<i32>,
    language: Option<String>,
    popularity: f64,
    genres: Vec<String>,
    countries: Vec<(String, String)>,
    credits: Vec<Credit>,
}

/// A person's credit on the movie.
struct Credit {
    tmdb_id: i64,
    name: String,
    kind: &'static str,
    character: Option<String>,
    order: Option<i32>,
    department: Option<String>,
    job: Option<String>,
}

type Rejected = (String, RuleError);

fn at(path: impl Into<String>) -> impl FnOnce(RuleError) -> Rejected {
    let path = path.into();
    move |err| (path, err)
}

/// Empty and whitespace-only text is no text.
fn text(value: Option<String>) -> Option<String> {
    value.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn checked(value: serde_json::Value) -> Result<Movie, Rejected> {
    let r: Record = super::from_json(value)?;
    let tmdb_id = content::positive_id(&r.id.to_string(), "id").map_err(at("id"))?;
    let imdb_id = text(r.imdb_id)
        .map(|i| content::imdb_id(&i))
        .transpose()
        .map_err(at("imdb_id"))?;
    let title = content::name(&r.title, "title-empty").map_err(at("title"))?;
    let release_date = match text(r.release_date) {
        None => None,
        Some(d) => Some(content::iso_date(&d).map_err(at("release_date"))?),
    };
    let year = match release_date {
        Some(d) => Some(content::year(&d.format("%Y").to_string()).map_err(at("release_date"))?),
        None => None,
    };
    let runtime = match r.runtime {
        // TMDB sends 0 for an unknown runtime.
        None | Some(0) => None,
        Some(m @ 1..=1500) => Some(m),
        Some(m) => {
            return Err((
                "runtime".to_owned(),
                RuleError::new(
                    "runtime-range",
                    format!("runtime {m} is not 1–1500 minutes"),
                ),
            ));
        }
    };
    let language = text(r.original_language);
    if let Some(code) = &language {
        marquee_server::rules::language_code(code)
            .map_err(|b| ("original_language".to_owned(), super::broken(b)))?;
    }
    let popularity = r.popularity.unwrap_or(0.0);
    if !(popularity.is_finite() && popularity >= 0.0) {
        return Err((
            "popularity".to_owned(),
            RuleError::new(
                "number-range",
                format!("popularity {popularity} is negative"),
            ),
        ));
    }
    if let Some(v) = r.vote_average
        && !(0.0..=10.0).contains(&v)
    {
        return Err((
            "vote_average".to_owned(),
            RuleError::new(
                "number-range",
                format!("vote_average {v} is outside 0..=10"),
            ),
        ));
    }
    if let Some(v) = r.vote_count
        && v < 0
    {
        return Err((
            "vote_count".to_owned(),
            RuleError::new("number-range", format!("vote_count {v} is negative")),
        ));
    }
    let genres = r
        .genres
        .iter()
        .enumerate()
        .map(|(i, g)| {
            content::name(&g.name, "genre-empty").map_err(at(format!("genres[{i}].name")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let countries = r
        .production_countries
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let code = c.iso_3166_1.trim().to_owned();
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err((
                    format!("production_countries[{i}].iso_3166_1"),
                    RuleError::new(
                        "country-format",
                        format!("country {code:?} is not an ISO 3166-1 code such as \"US\""),
                    ),
                ));
            }
            let name = content::name(&c.name, "country-empty")
                .map_err(at(format!("production_countries[{i}].name")))?;
            Ok((code, name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut credits = Vec::new();
    for (i, c) in r.credits.cast.into_iter().enumerate() {
        let path = |f: &str| format!("credits.cast[{i}].{f}");
        let tmdb_id = content::positive_id(&c.id.to_string(), "id").map_err(at(path("id")))?;
        let name = content::name(&c.name, "name-empty").map_err(at(path("name")))?;
        if let Some(o) = c.order
            && o < 0
        {
            return Err((
                path("order"),
                RuleError::new("number-range", format!("order {o} is negative")),
            ));
        }
        credits.push(Credit {
            tmdb_id,
            name,
            kind: "cast",
            character: text(c.character),
            order: c.order,
            department: None,
            job: None,
        });
    }
    for (i, c) in r.credits.crew.into_iter().enumerate() {
        let path = |f: &str| format!("credits.crew[{i}].{f}");
        let tmdb_id = content::positive_id(&c.id.to_string(), "id").map_err(at(path("id")))?;
        let name = content::name(&c.name, "name-empty").map_err(at(path("name")))?;
        let job = content::name(&c.job, "job-empty").map_err(at(path("job")))?;
        credits.push(Credit {
            tmdb_id,
            name,
            kind: "crew",
            character: None,
            order: None,
            department: text(c.department),
            job: Some(job),
        });
    }
    Ok(Movie {
        tmdb_id,
        imdb_id,
        title,
        original_title: text(r.original_title),
        tagline: text(r.tagline),
        overview: text(r.overview),
        release_date,
        year,
        runtime,
        language,
        popularity,
        genres,
        countries,
        credits,
    })
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let path = opts.file;
    super::execute(ctx, "tmdb", &opts.common, |conn, session| {
        let (file, items) = super::read_json_records(session, &path, "movies", checked)?;
        let mut lookups = Lookups::default();
        let mut people_ids: HashMap<i64, i64> = HashMap::new();
        let result = super::write_batches(conn, session, &file, &items, |conn, s, item| {
            write(conn, s, &file, &mut lookups, &mut people_ids, item)
        });
        if result.is_err() {
            lookups.clear();
        }
        result
    })
}

/// The movie row's fields a TMDB record sets, to tell an update from a skip.
type MovieFields = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<chrono::NaiveDate>,
    Option<i16>,
    Option<i32>,
    Option<i64>,
    f64,
);

fn write(
    conn: &mut DbConn,
    s: &mut Session,
    file: &str,
    lookups: &mut Lookups,
    people_ids: &mut HashMap<i64, i64>,
    item: &Located<Movie>,
) -> anyhow::Result<()> {
    let m = &item.item;
    let by_tmdb: Option<(i64, Option<String>)> = movie_external_ids::table
        .filter(movie_external_ids::tmdb_id.eq(m.tmdb_id))
        .select((movie_external_ids::movie_id, movie_external_ids::imdb_id))
        .first(conn)
        .optional()?;
    let by_imdb: Option<(i64, Option<i64>)> = match &m.imdb_id {
        Some(imdb) => movie_external_ids::table
            .filter(movie_external_ids::imdb_id.eq(imdb))
            .select((movie_external_ids::movie_id, movie_external_ids::tmdb_id))
            .first(conn)
            .optional()?,
        None => None,
    };
    let clash = match (&by_tmdb, &by_imdb) {
        (Some((a, _)), Some((b, _))) if a != b => Some(format!(
            "imdb_id {} belongs to another movie than TMDB id {}",
            m.imdb_id.as_deref().unwrap_or_default(),
            m.tmdb_id
        )),
        (None, Some((_, Some(other)))) => Some(format!(
            "imdb_id {} belongs to the movie with TMDB id {other}",
            m.imdb_id.as_deref().unwrap_or_default()
        )),
        _ => None,
    };
    if let Some(message) = clash {
        let at = Position {
            file,
            line: item.line,
            field: Some(Field::Path("imdb_id")),
        };
        let record: Vec<&str> = item.record.iter().map(String::as_str).collect();
        return s.reject(
            "movies",
            &at,
            &RuleError::new("duplicate-external-id", message),
            &record,
        );
    }
    let now = marquee_db::now();
    let language_id = match &m.language {
        Some(code) => Some(store::language(conn, s.counts("languages"), code)?),
        None => None,
    };
    let wanted: MovieFields = (
        m.title.clone(),
        m.original_title.clone(),
        m.tagline.clone(),
        m.overview.clone(),
        m.release_date,
        m.year,
        m.runtime,
        language_id,
        m.popularity,
    );
    let found = by_tmdb.map(|(id, _)| id).or(by_imdb.map(|(id, _)| id));
    let movie_id = match found {
        Some(id) => {
            let current: MovieFields = movies::table
                .find(id)
                .select((
                    movies::title,
                    movies::original_title,
                    movies::tagline,
                    movies::overview,
                    movies::release_date,
                    movies::year,
                    movies::runtime_minutes,
                    movies::original_language_id,
                    movies::popularity,
                ))
                .first(conn)?;
            let ids: (Option<String>, Option<i64>) = movie_external_ids::table
                .find(id)
                .select((movie_external_ids::imdb_id, movie_external_ids::tmdb_id))
                .first(conn)?;
            let wanted_ids = (m.imdb_id.clone().or(ids.0.clone()), Some(m.tmdb_id));
            if current == wanted && ids == wanted_ids {
                s.counts("movies").skipped += 1;
            } else {
                diesel::update(movies::table.find(id))
                    .set((
                        movies::title.eq(&m.title),
                        movies::original_title.eq(&m.original_title),
                        movies::tagline.eq(&m.tagline),
                        movies::overview.eq(&m.overview),
                        movies::release_date.eq(m.release_date),
                        movies::year.eq(m.year),
                        movies::runtime_minutes.eq(m.runtime),
                        movies::original_language_id.eq(language_id),
                        movies::popularity.eq(m.popularity),
                        movies::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                diesel::update(movie_external_ids::table.find(id))
                    .set((
                        movie_external_ids::imdb_id.eq(&wanted_ids.0),
                        movie_external_ids::tmdb_id.eq(wanted_ids.1),
                    ))
                    .execute(conn)?;
                s.counts("movies").updated += 1;
            }
            id
        }
        None => {
            let movie = NewMovie {
                title: &m.title,
                original_title: m.original_title.as_deref(),
                tagline: m.tagline.as_deref(),
                overview: m.overview.as_deref(),
                release_date: m.release_date,
                year: m.year,
                runtime_minutes: m.runtime,
                original_language_id: language_id,
                popularity: m.popularity,
                ..super::movielens::new_movie(&m.title, m.year, now)
            };
            let id = store::insert_movie(conn, &movie, None)?;
            diesel::insert_into(movie_external_ids::table)
                .values((
                    movie_external_ids::movie_id.eq(id),
                    movie_external_ids::tmdb_id.eq(m.tmdb_id),
                    movie_external_ids::imdb_id.eq(&m.imdb_id),
                ))
                .execute(conn)?;
            s.counts("movies").inserted += 1;
            id
        }
    };
    super::movielens::link_genres(conn, s, lookups, movie_id, &m.genres)?;
    link_countries(conn, s, movie_id, &m.countries)?;
    write_credits(conn, s, people_ids, movie_id, &m.credits, now)
}

fn link_countries(
    conn: &mut DbConn,
    s: &mut Session,
    movie_id: i64,
    wanted: &[(String, String)],
) -> anyhow::Result<()> {
    for (code, name) in wanted {
        let found: Option<i64> = countries::table
            .filter(countries::code.eq(code))
            .select(countries::id)
            .first(conn)
            .optional()?;
        let country_id = match found {
            Some(id) => id,
            None => {
                s.counts("countries").inserted += 1;
                diesel::insert_into(countries::table)
                    .values((countries::code.eq(code), countries::name.eq(name)))
                    .returning(countries::id)
                    .get_result(conn)?
            }
        };
        let linked = per_backend!(conn, |c| diesel::insert_into(movie_countries::table)
            .values((
                movie_countries::movie_id.eq(movie_id),
                movie_countries::country_id.eq(country_id),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
        let counts = s.counts("movie_countries");
        if linked == 1 {
            counts.inserted += 1;
        } else {
            counts.skipped += 1;
        }
    }
    Ok(())
}

/// A person by TMDB id; else the one person of that exact name without a TMDB id, given it;
/// else a new person.
fn person(
    conn: &mut DbConn,
    s: &mut Session,
    cache: &mut HashMap<i64, i64>,
    credit: &Credit,
    now: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    if let Some(id) = cache.get(&credit.tmdb_id) {
        return Ok(*id);
    }
    let by_tmdb: Option<i64> = people::table
        .filter(people::tmdb_id.eq(credit.tmdb_id))
        .select(people::id)
        .first(conn)
        .optional()?;
    let id = match by_tmdb {
        Some(id) => {
            s.counts("people").skipped += 1;
            id
        }
        None => {
            let by_name: Vec<i64> = people::table
                .filter(people::name.eq(&credit.name))
                .filter(people::tmdb_id.is_null())
                .select(people::id)
                .limit(2)
                .load(conn)?;
            match by_name.as_slice() {
                [only] => {
                    diesel::update(people::table.find(*only))
                        .set((
                            people::tmdb_id.eq(credit.tmdb_id),
                            people::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    s.counts("people").updated += 1;
                    *only
                }
                _ => {
                    s.counts("people").inserted += 1;
                    diesel::insert_into(people::table)
                        .values((
                            people::name.eq(&credit.name),
                            people::tmdb_id.eq(credit.tmdb_id),
                            people::popularity.eq(0.0),
                            people::created_at.eq(now),
                            people::updated_at.eq(now),
                        ))
                        .returning(people::id)
                        .get_result(conn)?
                }
            }
        }
    };
    cache.insert(credit.tmdb_id, id);
    Ok(id)
}

/// A credit row as stored: id, person, kind, character, order, department, job.
type CreditRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
);

fn write_credits(
    conn: &mut DbConn,
    s: &mut Session,
    people_ids: &mut HashMap<i64, i64>,
    movie_id: i64,
    wanted: &[Credit],
    now: chrono::NaiveDateTime,
) -> anyhow::Result<()> {
    let mut existing: Vec<CreditRow> = credits::table
        .filter(credits::movie_id.eq(movie_id))
        .select((
            credits::id,
            credits::person_id,
            credits::kind,
            credits::character_name,
            credits::cast_order,
            credits::department,
            credits::job,
        ))
        .order(credits::id)
        .load(conn)?;
    for credit in wanted {
        let person_id = person(conn, s, people_ids, credit, now)?;
        let same_key = |row: &&CreditRow| {
            row.1 == person_id
                && row.2 == credit.kind
                && if credit.kind == "cast" {
                    row.3 == credit.character
                } else {
                    row.6 == credit.job
                }
        };
        match existing.iter().find(same_key) {
            Some(row) if row.4 == credit.order && row.5 == credit.department => {
                s.counts("credits").skipped += 1;
            }
            Some(row) => {
                diesel::update(credits::table.find(row.0))
                    .set((
                        credits::cast_order.eq(credit.order),
                        credits::department.eq(&credit.department),
                    ))
                    .execute(conn)?;
                s.counts("credits").updated += 1;
            }
            None => {
                let id = diesel::insert_into(credits::table)
                    .values((
                        credits::movie_id.eq(movie_id),
                        credits::person_id.eq(person_id),
                        credits::kind.eq(credit.kind),
                        credits::character_name.eq(&credit.character),
                        credits::cast_order.eq(credit.order),
                        credits::department.eq(&credit.department),
                        credits::job.eq(&credit.job),
                    ))
                    .returning(credits::id)
                    .get_result(conn)?;
                s.counts("credits").inserted += 1;
                // A record listing the same credit twice writes it once.
                existing.push((
                    id,
                    person_id,
                    credit.kind.to_owned(),
                    credit.character.clone(),
                    credit.order,
                    credit.department.clone(),
                    credit.job.clone(),
                ));
            }
        }
    }
    Ok(())
}
