//! `marqueectl import jsonl FILE`: reads back what `marqueectl export` wrote (the record shapes
//! are defined here, once, for both directions).
//!
//! An export is a restore: people, movies, accounts and profiles keep their ids, so credits and
//! ratings (which name them by id) land on the same rows, and an export of the restored database
//! is byte-identical to the original. Re-importing changes nothing. Rows are keyed on: genres by
//! name; people, movies, accounts and profiles by id; credits by all their fields (a synthetic
//! cast may bill one person twice); ratings by (profile, movie). An id already held by something
//! else — a movie with another title, a person with another name, an account with another
//! e-mail, a profile of another account — is rejected (`id-conflict`), as is an external id or
//! e-mail held by another row. Accounts are created without a usable password (exports never
//! hold one): the account holder sets one through the password reset
//! (`POST /api/v1/auth/password-reset`). Records are written as they are read, in batches; only
//! the ids of movies, people and profiles are kept in memory.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use diesel::prelude::*;
use marquee_db::models::NewRating;
use marquee_db::queries::users::normalize_email;
use marquee_db::schema::{
    countries, credits, movie_countries, movie_external_ids, movie_keywords, movie_stats, movies,
    people, profiles, users,
};
use marquee_db::{DbConn, per_backend};
use serde::{Deserialize, Serialize};

use super::store::{self, Lookups};
use super::{Common, Field, JsonLines, Located, Position, Session};
use crate::content::{self, RuleError};
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// A file written by `marqueectl export`
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,

    #[command(flatten)]
    common: Common,
}

/// One line of an export.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Genre(GenreRecord),
    Person(PersonRecord),
    Movie(Box<MovieRecord>),
    Credit(CreditRecord),
    Account(AccountRecord),
    Rating(RatingRecord),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenreRecord {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub id: i64,
    pub name: String,
    pub biography: Option<String>,
    pub birth_date: Option<String>,
    pub death_date: Option<String>,
    pub place_of_birth: Option<String>,
    pub known_for_department: Option<String>,
    pub profile_url: Option<String>,
    #[serde(serialize_with = "digits15")]
    pub popularity: f64,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovieRecord {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub tagline: Option<String>,
    pub overview: Option<String>,
    pub release_date: Option<String>,
    pub year: Option<i16>,
    pub runtime: Option<i32>,
    pub original_language: Option<String>,
    pub certificate: Option<String>,
    pub min_age: Option<i16>,
    pub poster_url: Option<String>,
    pub backdrop_url: Option<String>,
    #[serde(serialize_with = "digits15")]
    pub popularity: f64,
    pub movielens_id: Option<i64>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
    pub genres: Vec<String>,
    pub countries: Vec<CountryRecord>,
    pub keywords: Vec<KeywordRecord>,
    #[serde(serialize_with = "digits15_option")]
    pub imdb_rating: Option<f64>,
    pub imdb_votes: Option<i32>,
    pub metascore: Option<i16>,
    pub budget_usd: Option<i64>,
    pub gross_usd: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRecord {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeywordRecord {
    pub name: String,
    pub source: String,
    #[serde(serialize_with = "digits15")]
    pub weight: f64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRecord {
    pub movie: i64,
    pub person: i64,
    pub kind: String,
    pub character: Option<String>,
    pub order: Option<i32>,
    pub department: Option<String>,
    pub job: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub profiles: Vec<ProfileRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRecord {
    pub id: i64,
    pub name: String,
    pub avatar: Option<String>,
    pub is_kids: bool,
    pub maturity_limit: Option<i16>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRecord {
    pub profile: i64,
    pub movie: i64,
    pub rating_half: i16,
    pub created_at: String,
    pub updated_at: String,
}

/// Writes a float rounded to 15 significant digits. serde_json (without its `float_roundtrip`
/// feature, which would rebuild half the workspace) reads 16–17-digit numbers up to one unit in
/// the last place off, while any 15-digit number it reads exactly: so a restored database
/// exports the same bytes, and a value differs from the original by under 1e-15 of itself.
fn digits15<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(*value);
    s.serialize_f64(rounded)
}

fn digits15_option<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => digits15(v, s),
        None => s.serialize_none(),
    }
}

/// How dates are written: `1995-10-30`.
pub fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// How timestamps are written: `2020-01-01T00:00:00.000000` (UTC, microseconds as stored).
pub fn time_text(time: chrono::NaiveDateTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

fn time(text: &str) -> Result<chrono::NaiveDateTime, RuleError> {
    chrono::NaiveDateTime::parse_from_str(text, TIME_FORMAT).map_err(|_| {
        RuleError::new(
            "time-format",
            format!("time {text:?} is not like 2020-01-01T00:00:00.000000"),
        )
    })
}

fn date(text: Option<&String>) -> Result<Option<chrono::NaiveDate>, RuleError> {
    text.map(|t| content::iso_date(t)).transpose()
}

type Rejected = (String, RuleError);

fn at(path: &'static str) -> impl FnOnce(RuleError) -> Rejected {
    move |err| (path.to_owned(), err)
}

/// The checks a record passes before it is written: the rules the other imports apply to the
/// same columns (the database's CHECKs would otherwise fail the whole batch).
fn checked(value: serde_json::Value) -> Result<Record, Rejected> {
    let record: Record = super::from_json(value)?;
    match &record {
        Record::Genre(g) => {
            content::name(&g.name, "genre-empty").map_err(at("name"))?;
        }
        Record::Person(p) => {
            content::name(&p.name, "name-empty").map_err(at("name"))?;
            date(p.birth_date.as_ref()).map_err(at("birth_date"))?;
            date(p.death_date.as_ref()).map_err(at("death_date"))?;
            non_negative(p.popularity).map_err(at("popularity"))?;
        }
        Record::Movie(m) => {
            content::name(&m.title, "title-empty").map_err(at("title"))?;
            date(m.release_date.as_ref()).map_err(at("release_date"))?;
            if let Some(y) = m.year {
                content::year(&y.to_string()).map_err(at("year"))?;
            }
            if let Some(code) = &m.original_language {
                marquee_server::rules::language_code(code)
                    .map_err(|b| ("original_language".to_owned(), super::broken(b)))?;
            }
            non_negative(m.popularity).map_err(at("popularity"))?;
            if let Some(r) = m.runtime
                && r <= 0
            {
                return Err((
                    "runtime".to_owned(),
                    RuleError::new("runtime-range", format!("runtime {r} is not positive")),
                ));
            }
        }
        Record::Credit(c) => {
            let ok = match c.kind.as_str() {
                "cast" => c.job.is_none() && c.department.is_none(),
                "crew" => c.job.is_some() && c.character.is_none() && c.order.is_none(),
                _ => false,
            };
            if !ok {
                return Err((
                    "kind".to_owned(),
                    RuleError::new(
                        "credit-kind",
                        "a cast credit has a character and order, a crew credit a job and \
                         department",
                    ),
                ));
            }
        }
        Record::Account(a) => {
            if !a.email.contains('@') {
                return Err((
                    "email".to_owned(),
                    RuleError::new(
                        "email-format",
                        format!("{:?} is not an e-mail address", a.email),
                    ),
                ));
            }
            if ![
                marquee_server::auth::ROLE_USER,
                marquee_server::auth::ROLE_ADMIN,
            ]
            .contains(&a.role.as_str())
            {
                return Err((
                    "role".to_owned(),
                    RuleError::new("role", format!("role {:?} is not user or admin", a.role)),
                ));
            }
        }
        Record::Rating(r) => {
            if !(1..=10).contains(&r.rating_half) {
                return Err((
                    "rating_half".to_owned(),
                    RuleError::new(
                        "rating-range",
                        format!("rating_half {} is not 1..=10", r.rating_half),
                    ),
                ));
            }
            time(&r.created_at).map_err(at("created_at"))?;
            time(&r.updated_at).map_err(at("updated_at"))?;
        }
    }
    Ok(record)
}

fn non_negative(value: f64) -> Result<(), RuleError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(RuleError::new(
            "number-range",
            format!("{value} is not a number ≥ 0"),
        ))
    }
}

/// What the import knows exists, to reject references to missing rows before the database's
/// foreign keys would fail the batch.
#[derive(Default)]
struct Known {
    movies: HashSet<i64>,
    people: HashSet<i64>,
    profiles: HashSet<i64>,
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let path = opts.file;
    super::execute(ctx, "jsonl", &opts.common, |conn, session| {
        let mut known = Known {
            movies: movies::table
                .select(movies::id)
                .load::<i64>(conn)?
                .into_iter()
                .collect(),
            people: people::table
                .select(people::id)
                .load::<i64>(conn)?
                .into_iter()
                .collect(),
            profiles: profiles::table
                .select(profiles::id)
                .load::<i64>(conn)?
                .into_iter()
                .collect(),
        };
        let mut lookups = Lookups::default();
        let mut file = JsonLines::open(&path)?;
        let name = file.name.clone();
        session.progress().phase(&name);
        let mut batch: Vec<Located<Record>> = Vec::with_capacity(session.batch_size());
        let mut done = 0u64;
        let mut flush = |conn: &mut DbConn, s: &mut Session, batch: &mut Vec<Located<Record>>| {
            let result = marquee_db::write_transaction(conn, |conn| {
                write_batch(conn, s, &name, &mut known, &mut lookups, batch)
            });
            if result.is_err() {
                lookups.clear();
            }
            done += batch.len() as u64;
            batch.clear();
            s.progress().batch(&name, done);
            result
        };
        while let Some((line, text)) = file.next_line()? {
            match super::json_line(&text)
                .map_err(|e| (String::new(), e))
                .and_then(checked)
            {
                Ok(item) => batch.push(Located {
                    line,
                    record: vec![text],
                    item,
                }),
                Err((field, err)) => {
                    let at = Position {
                        file: &file.name,
                        line,
                        field: (!field.is_empty()).then_some(Field::Path(&field)),
                    };
                    session.reject("records", &at, &err, &[text.as_str()])?;
                }
            }
            if batch.len() >= session.batch_size() {
                flush(conn, session, &mut batch)?;
            }
        }
        if !batch.is_empty() {
            flush(conn, session, &mut batch)?;
        }
        marquee_db::write_transaction(conn, store::refresh_rating_stats)?;
        store::sync_id_sequences(conn, &["people", "movies", "users", "profiles"])?;
        Ok(())
    })
}

/// Writes one batch in order; ratings are gathered and upserted together at its end (they only
/// name rows written before them).
fn write_batch(
    conn: &mut DbConn,
    s: &mut Session,
    file: &str,
    known: &mut Known,
    lookups: &mut Lookups,
    batch: &[Located<Record>],
) -> anyhow::Result<()> {
    let mut ratings = Vec::new();
    for item in batch {
        let reject = |s: &mut Session, field: &str, err: RuleError| {
            let at = Position {
                file,
                line: item.line,
                field: Some(Field::Path(field)),
            };
            let entity = match item.item {
                Record::Genre(_) => "genres",
                Record::Person(_) => "people",
                Record::Movie(_) => "movies",
                Record::Credit(_) => "credits",
                Record::Account(_) => "users",
                Record::Rating(_) => "ratings",
            };
            s.reject(entity, &at, &err, &[item.record[0].as_str()])
        };
        let problem = match &item.item {
            Record::Genre(g) => {
                lookups.genre(conn, &g.name, s.counts("genres"))?;
                None
            }
            Record::Person(p) => write_person(conn, s, known, p)?,
            Record::Movie(m) => write_movie(conn, s, known, lookups, m)?,
            Record::Credit(c) => write_credit(conn, s, known, c)?,
            Record::Account(a) => write_account(conn, s, known, a)?,
            Record::Rating(r) => {
                if !known.profiles.contains(&r.profile) {
                    Some(("profile", unknown("profile", r.profile)))
                } else if !known.movies.contains(&r.movie) {
                    Some(("movie", unknown("movie", r.movie)))
                } else {
                    ratings.push(NewRating {
                        profile_id: r.profile,
                        movie_id: r.movie,
                        rating_half: r.rating_half,
                        created_at: time(&r.created_at)?,
                        updated_at: time(&r.updated_at)?,
                    });
                    None
                }
            }
        };
        if let Some((field, err)) = problem {
            reject(s, field, err)?;
        }
    }
    store::upsert_ratings(conn, &ratings, s.counts("ratings"))?;
    Ok(())
}

fn unknown(what: &str, id: i64) -> RuleError {
    RuleError::new(
        "unknown-reference",
        format!("{what} {id} is neither in the database nor earlier in the file"),
    )
}

fn conflict(message: String) -> RuleError {
    RuleError::new("id-conflict", message)
}

type Problem = Option<(&'static str, RuleError)>;

type PersonFields = (
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

fn write_person(
    conn: &mut DbConn,
    s: &mut Session,
    known: &mut Known,
    p: &PersonRecord,
) -> anyhow::Result<Problem> {
    let wanted: PersonFields = (
        p.name.clone(),
        p.biography.clone(),
        date(p.birth_date.as_ref())?,
        date(p.death_date.as_ref())?,
        p.place_of_birth.clone(),
        p.known_for_department.clone(),
        p.profile_url.clone(),
        p.popularity,
        p.imdb_id.clone(),
        p.tmdb_id,
    );
    let taken: Option<i64> = people::table
        .filter(people::id.ne(p.id))
        .filter(
            people::imdb_id
                .eq(&p.imdb_id)
                .or(people::tmdb_id.eq(p.tmdb_id)),
        )
        .select(people::id)
        .first(conn)
        .optional()?;
    if let Some(other) = taken {
        return Ok(Some((
            "imdb_id",
            RuleError::new(
                "duplicate-external-id",
                format!("person {other} already has this IMDb or TMDB id"),
            ),
        )));
    }
    let fields = (
        people::name.eq(&wanted.0),
        people::biography.eq(&wanted.1),
        people::birth_date.eq(wanted.2),
        people::death_date.eq(wanted.3),
        people::place_of_birth.eq(&wanted.4),
        people::known_for_department.eq(&wanted.5),
        people::profile_url.eq(&wanted.6),
        people::popularity.eq(wanted.7),
        people::imdb_id.eq(&wanted.8),
        people::tmdb_id.eq(wanted.9),
    );
    let now = marquee_db::now();
    let current: Option<PersonFields> = people::table
        .find(p.id)
        .select((
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
        .first(conn)
        .optional()?;
    match current {
        Some(c) if c.0 != p.name => {
            return Ok(Some((
                "id",
                conflict(format!("person {} is {:?} here", p.id, c.0)),
            )));
        }
        Some(c) if c == wanted => s.counts("people").skipped += 1,
        Some(_) => {
            diesel::update(people::table.find(p.id))
                .set((fields, people::updated_at.eq(now)))
                .execute(conn)?;
            s.counts("people").updated += 1;
        }
        None => {
            diesel::insert_into(people::table)
                .values((
                    people::id.eq(p.id),
                    fields,
                    people::created_at.eq(now),
                    people::updated_at.eq(now),
                ))
                .execute(conn)?;
            s.counts("people").inserted += 1;
            known.people.insert(p.id);
        }
    }
    Ok(None)
}

type MovieFields = (
    (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDate>,
        Option<i16>,
        Option<i32>,
        Option<i64>,
    ),
    (
        Option<String>,
        Option<i16>,
        Option<String>,
        Option<String>,
        f64,
    ),
);

type StatsFields = (
    Option<f64>,
    Option<i32>,
    Option<i16>,
    Option<i64>,
    Option<i64>,
);

type ExternalIds = (Option<i64>, Option<String>, Option<i64>);

fn write_movie(
    conn: &mut DbConn,
    s: &mut Session,
    known: &mut Known,
    lookups: &mut Lookups,
    m: &MovieRecord,
) -> anyhow::Result<Problem> {
    let ids: ExternalIds = (m.movielens_id, m.imdb_id.clone(), m.tmdb_id);
    let taken: Option<i64> = movie_external_ids::table
        .filter(movie_external_ids::movie_id.ne(m.id))
        .filter(
            movie_external_ids::movielens_id
                .eq(ids.0)
                .or(movie_external_ids::imdb_id.eq(&ids.1))
                .or(movie_external_ids::tmdb_id.eq(ids.2)),
        )
        .select(movie_external_ids::movie_id)
        .first(conn)
        .optional()?;
    if let Some(other) = taken {
        return Ok(Some((
            "id",
            RuleError::new(
                "duplicate-external-id",
                format!("movie {other} already has one of this movie's external ids"),
            ),
        )));
    }
    let language_id = match &m.original_language {
        Some(code) => Some(store::language(conn, s.counts("languages"), code)?),
        None => None,
    };
    let wanted: MovieFields = (
        (
            m.title.clone(),
            m.original_title.clone(),
            m.tagline.clone(),
            m.overview.clone(),
            date(m.release_date.as_ref())?,
            m.year,
            m.runtime,
            language_id,
        ),
        (
            m.certificate.clone(),
            m.min_age,
            m.poster_url.clone(),
            m.backdrop_url.clone(),
            m.popularity,
        ),
    );
    let stats: StatsFields = (
        m.imdb_rating,
        m.imdb_votes,
        m.metascore,
        m.budget_usd,
        m.gross_usd,
    );
    let fields = (
        (
            movies::title.eq(&wanted.0.0),
            movies::original_title.eq(&wanted.0.1),
            movies::tagline.eq(&wanted.0.2),
            movies::overview.eq(&wanted.0.3),
            movies::release_date.eq(wanted.0.4),
            movies::year.eq(wanted.0.5),
            movies::runtime_minutes.eq(wanted.0.6),
            movies::original_language_id.eq(wanted.0.7),
        ),
        (
            movies::certificate.eq(&wanted.1.0),
            movies::min_age.eq(wanted.1.1),
            movies::poster_url.eq(&wanted.1.2),
            movies::backdrop_url.eq(&wanted.1.3),
            movies::popularity.eq(wanted.1.4),
        ),
    );
    let stats_fields = (
        movie_stats::imdb_rating.eq(stats.0),
        movie_stats::imdb_votes.eq(stats.1),
        movie_stats::metascore.eq(stats.2),
        movie_stats::budget_usd.eq(stats.3),
        movie_stats::gross_usd.eq(stats.4),
    );
    let now = marquee_db::now();
    let current: Option<MovieFields> = movies::table
        .find(m.id)
        .select((
            (
                movies::title,
                movies::original_title,
                movies::tagline,
                movies::overview,
                movies::release_date,
                movies::year,
                movies::runtime_minutes,
                movies::original_language_id,
            ),
            (
                movies::certificate,
                movies::min_age,
                movies::poster_url,
                movies::backdrop_url,
                movies::popularity,
            ),
        ))
        .first(conn)
        .optional()?;
    match current {
        Some(c) if content::title_key(&c.0.0) != content::title_key(&m.title) => {
            return Ok(Some((
                "id",
                conflict(format!("movie {} is {:?} here", m.id, c.0.0)),
            )));
        }
        Some(c) => {
            let current_stats: StatsFields = movie_stats::table
                .find(m.id)
                .select((
                    movie_stats::imdb_rating,
                    movie_stats::imdb_votes,
                    movie_stats::metascore,
                    movie_stats::budget_usd,
                    movie_stats::gross_usd,
                ))
                .first(conn)?;
            let current_ids: Option<ExternalIds> = movie_external_ids::table
                .find(m.id)
                .select((
                    movie_external_ids::movielens_id,
                    movie_external_ids::imdb_id,
                    movie_external_ids::tmdb_id,
                ))
                .first(conn)
                .optional()?;
            let ids_same = current_ids.clone().unwrap_or_default() == ids;
            if c == wanted && current_stats == stats && ids_same {
                s.counts("movies").skipped += 1;
            } else {
                diesel::update(movies::table.find(m.id))
                    .set((fields, movies::updated_at.eq(now)))
                    .execute(conn)?;
                diesel::update(movie_stats::table.find(m.id))
                    .set((stats_fields, movie_stats::updated_at.eq(now)))
                    .execute(conn)?;
                if !ids_same {
                    write_external_ids(conn, m.id, &ids, current_ids.is_some())?;
                }
                s.counts("movies").updated += 1;
            }
        }
        None => {
            diesel::insert_into(movies::table)
                .values((
                    movies::id.eq(m.id),
                    fields,
                    movies::created_at.eq(now),
                    movies::updated_at.eq(now),
                ))
                .execute(conn)?;
            diesel::insert_into(movie_stats::table)
                .values((
                    movie_stats::movie_id.eq(m.id),
                    stats_fields,
                    movie_stats::updated_at.eq(now),
                ))
                .execute(conn)?;
            write_external_ids(conn, m.id, &ids, false)?;
            s.counts("movies").inserted += 1;
            known.movies.insert(m.id);
        }
    }
    super::movielens::link_genres(conn, s, lookups, m.id, &m.genres)?;
    for country in &m.countries {
        let found: Option<i64> = countries::table
            .filter(countries::code.eq(&country.code))
            .select(countries::id)
            .first(conn)
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                s.counts("countries").inserted += 1;
                diesel::insert_into(countries::table)
                    .values((
                        countries::code.eq(&country.code),
                        countries::name.eq(&country.name),
                    ))
                    .returning(countries::id)
                    .get_result(conn)?
            }
        };
        per_backend!(conn, |c| diesel::insert_into(movie_countries::table)
            .values((
                movie_countries::movie_id.eq(m.id),
                movie_countries::country_id.eq(id),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    for keyword in &m.keywords {
        let id = lookups.keyword(conn, &keyword.name, s.counts("keywords"))?;
        let current: Option<f64> = movie_keywords::table
            .find((m.id, id, &keyword.source))
            .select(movie_keywords::weight)
            .first(conn)
            .optional()?;
        match current {
            Some(w) if w == keyword.weight => {}
            Some(_) => {
                diesel::update(movie_keywords::table.find((m.id, id, &keyword.source)))
                    .set(movie_keywords::weight.eq(keyword.weight))
                    .execute(conn)?;
            }
            None => {
                diesel::insert_into(movie_keywords::table)
                    .values((
                        movie_keywords::movie_id.eq(m.id),
                        movie_keywords::keyword_id.eq(id),
                        movie_keywords::source.eq(&keyword.source),
                        movie_keywords::weight.eq(keyword.weight),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(None)
}

fn write_external_ids(
    conn: &mut DbConn,
    movie_id: i64,
    ids: &ExternalIds,
    exists: bool,
) -> QueryResult<()> {
    let values = (
        movie_external_ids::movielens_id.eq(ids.0),
        movie_external_ids::imdb_id.eq(&ids.1),
        movie_external_ids::tmdb_id.eq(ids.2),
    );
    if exists {
        diesel::update(movie_external_ids::table.find(movie_id))
            .set(values)
            .execute(conn)?;
    } else if *ids != ExternalIds::default() {
        diesel::insert_into(movie_external_ids::table)
            .values((movie_external_ids::movie_id.eq(movie_id), values))
            .execute(conn)?;
    }
    Ok(())
}

/// A credit's character, billing order, department and job.
type CreditFields = (Option<String>, Option<i32>, Option<String>, Option<String>);

fn write_credit(
    conn: &mut DbConn,
    s: &mut Session,
    known: &Known,
    c: &CreditRecord,
) -> anyhow::Result<Problem> {
    if !known.movies.contains(&c.movie) {
        return Ok(Some(("movie", unknown("movie", c.movie))));
    }
    if !known.people.contains(&c.person) {
        return Ok(Some(("person", unknown("person", c.person))));
    }
    let existing: Vec<CreditFields> = credits::table
        .filter(credits::movie_id.eq(c.movie))
        .filter(credits::person_id.eq(c.person))
        .filter(credits::kind.eq(&c.kind))
        .select((
            credits::character_name,
            credits::cast_order,
            credits::department,
            credits::job,
        ))
        .order(credits::id)
        .load(conn)?;
    let wanted = (
        c.character.clone(),
        c.order,
        c.department.clone(),
        c.job.clone(),
    );
    if existing.contains(&wanted) {
        s.counts("credits").skipped += 1;
    } else {
        diesel::insert_into(credits::table)
            .values((
                credits::movie_id.eq(c.movie),
                credits::person_id.eq(c.person),
                credits::kind.eq(&c.kind),
                credits::character_name.eq(&c.character),
                credits::cast_order.eq(c.order),
                credits::department.eq(&c.department),
                credits::job.eq(&c.job),
            ))
            .execute(conn)?;
        s.counts("credits").inserted += 1;
    }
    Ok(None)
}

/// A profile's account, name, avatar, kids flag and maturity limit.
type ProfileFields = (i64, String, Option<String>, bool, Option<i16>);

fn write_account(
    conn: &mut DbConn,
    s: &mut Session,
    known: &mut Known,
    a: &AccountRecord,
) -> anyhow::Result<Problem> {
    let normalized = normalize_email(&a.email);
    let by_email: Option<i64> = users::table
        .filter(users::email_normalized.eq(&normalized))
        .select(users::id)
        .first(conn)
        .optional()?;
    if by_email.is_some_and(|id| id != a.id) {
        return Ok(Some((
            "email",
            RuleError::new(
                "duplicate-email",
                format!("another account already uses {}", a.email),
            ),
        )));
    }
    let owners: HashMap<i64, ProfileFields> = profiles::table
        .filter(profiles::id.eq_any(a.profiles.iter().map(|p| p.id)))
        .select((
            profiles::id,
            (
                profiles::user_id,
                profiles::name,
                profiles::avatar,
                profiles::is_kids,
                profiles::maturity_limit,
            ),
        ))
        .load(conn)?
        .into_iter()
        .collect();
    if let Some((p, owner)) = a.profiles.iter().find_map(|p| {
        owners
            .get(&p.id)
            .filter(|current| current.0 != a.id)
            .map(|current| (p.id, current.0))
    }) {
        return Ok(Some((
            "profiles",
            conflict(format!("profile {p} belongs to account {owner} here")),
        )));
    }
    let current: Option<(String, String, String)> = users::table
        .find(a.id)
        .select((users::email_normalized, users::name, users::role))
        .first(conn)
        .optional()?;
    let now = marquee_db::now();
    match current {
        Some((email, _, _)) if email != normalized => {
            return Ok(Some((
                "id",
                conflict(format!("account {} is {email} here", a.id)),
            )));
        }
        Some((_, name, role)) if name == a.name && role == a.role => {
            s.counts("users").skipped += 1;
        }
        Some(_) => {
            diesel::update(users::table.find(a.id))
                .set((
                    users::name.eq(&a.name),
                    users::role.eq(&a.role),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            s.counts("users").updated += 1;
        }
        None => {
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(a.id),
                    users::email.eq(&a.email),
                    users::email_normalized.eq(&normalized),
                    users::password_hash.eq(content::UNUSABLE_PASSWORD_HASH),
                    users::name.eq(&a.name),
                    users::role.eq(&a.role),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            s.counts("users").inserted += 1;
        }
    }
    for p in &a.profiles {
        let wanted = (
            a.id,
            p.name.clone(),
            p.avatar.clone(),
            p.is_kids,
            p.maturity_limit,
        );
        match owners.get(&p.id) {
            Some(current) if *current == wanted => s.counts("profiles").skipped += 1,
            Some(_) => {
                diesel::update(profiles::table.find(p.id))
                    .set((
                        profiles::name.eq(&p.name),
                        profiles::avatar.eq(&p.avatar),
                        profiles::is_kids.eq(p.is_kids),
                        profiles::maturity_limit.eq(p.maturity_limit),
                        profiles::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                s.counts("profiles").updated += 1;
            }
            None => {
                diesel::insert_into(profiles::table)
                    .values((
                        profiles::id.eq(p.id),
                        profiles::user_id.eq(a.id),
                        profiles::name.eq(&p.name),
                        profiles::avatar.eq(&p.avatar),
                        profiles::is_kids.eq(p.is_kids),
                        profiles::maturity_limit.eq(p.maturity_limit),
                        profiles::created_at.eq(now),
                        profiles::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                s.counts("profiles").inserted += 1;
                known.profiles.insert(p.id);
            }
        }
    }
    Ok(None)
}
