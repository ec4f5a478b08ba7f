//! Search inputs and search history.
//!
//! - The rows the search index is built from: movies with their genres, keywords, countries,
//!   original language, cast, directors and rating count; people with their aliases and the
//!   titles they are known for. Loaded for a batch of ids with one `IN (…)` query per relation
//!   (callers pass batches of at most [`ID_BATCH`] ids, under SQLite's variable limit).
//! - What the server compares to notice catalogue changes ([`catalogue_marker`]).
//! - Per-profile search history, and the admin aggregates over it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star, max};
use diesel::prelude::*;

use crate::DbConn;
use crate::models::{NewSearchHistoryEntry, SearchHistoryEntry};
use crate::schema::{
    countries, credits, genres, keywords, languages, movie_countries, movie_genres, movie_keywords,
    movie_stats, movies, people, person_aliases, search_history,
};

/// Largest id batch for the `*_rows` functions.
pub const ID_BATCH: usize = 1000;
/// Cast members kept per movie (by billing order).
pub const CAST_PER_MOVIE: usize = 10;
/// Titles kept per person (most popular first).
pub const KNOWN_FOR_PER_PERSON: usize = 4;

/// A movie with everything the index needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MovieSearchRow {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub overview: Option<String>,
    pub year: Option<i16>,
    /// Original language code.
    pub language: Option<String>,
    pub popularity: f64,
    /// Ratings received (0 without a `movie_stats` row).
    pub rating_count: i32,
    /// Genre slugs.
    pub genres: Vec<String>,
    pub keywords: Vec<String>,
    /// Production country codes.
    pub countries: Vec<String>,
    /// Cast names in billing order, at most [`CAST_PER_MOVIE`].
    pub cast: Vec<String>,
    pub directors: Vec<String>,
}

/// A person with everything the index needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonSearchRow {
    pub id: i64,
    pub name: String,
    pub popularity: f64,
    pub aliases: Vec<String>,
    /// Titles of their most popular movies, at most [`KNOWN_FOR_PER_PERSON`].
    pub known_for: Vec<String>,
}

/// What the index sync compares between runs: the latest edit and the row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CatalogueMarker {
    pub movies_updated: Option<NaiveDateTime>,
    pub movies: i64,
    pub people_updated: Option<NaiveDateTime>,
    pub people: i64,
}

pub fn catalogue_marker(conn: &mut DbConn) -> QueryResult<CatalogueMarker> {
    let (movies_updated, movies) = movies::table
        .select((max(movies::updated_at), count_star()))
        .first::<(Option<NaiveDateTime>, i64)>(conn)?;
    let (people_updated, people) = people::table
        .select((max(people::updated_at), count_star()))
        .first::<(Option<NaiveDateTime>, i64)>(conn)?;
    Ok(CatalogueMarker {
        movies_updated,
        movies,
        people_updated,
        people,
    })
}

/// Ids of movies updated at or after `since` (all of them with `None`), ascending.
pub fn movie_ids_since(conn: &mut DbConn, since: Option<NaiveDateTime>) -> QueryResult<Vec<i64>> {
    let mut q = movies::table.select(movies::id).into_boxed();
    if let Some(since) = since {
        q = q.filter(movies::updated_at.ge(since));
    }
    q.order(movies::id.asc()).load(conn)
}

/// Ids of people updated at or after `since` (all of them with `None`), ascending.
pub fn person_ids_since(conn: &mut DbConn, since: Option<NaiveDateTime>) -> QueryResult<Vec<i64>> {
    let mut q = people::table.select(people::id).into_boxed();
    if let Some(since) = since {
        q = q.filter(people::updated_at.ge(since));
    }
    q.order(people::id.asc()).load(conn)
}

type MovieBase = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i16>,
    f64,
    Option<String>,
    Option<i32>,
);

/// The movies among `ids` (missing ids are skipped), with their relations: 6 statements.
pub fn movie_rows(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<MovieSearchRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = ids.to_vec();
    let base: Vec<MovieBase> = movies::table
        .left_join(languages::table)
        .left_join(movie_stats::table)
        .filter(movies::id.eq_any(ids.clone()))
        .select((
            movies::id,
            movies::title,
            movies::original_title,
            movies::overview,
            movies::year,
            movies::popularity,
            languages::code.nullable(),
            movie_stats::rating_count.nullable(),
        ))
        .order(movies::id.asc())
        .load(conn)?;
    let genres: Vec<(i64, String)> = movie_genres::table
        .inner_join(genres::table)
        .filter(movie_genres::movie_id.eq_any(ids.clone()))
        .select((movie_genres::movie_id, genres::slug))
        .order((movie_genres::movie_id, genres::slug))
        .load(conn)?;
    let keywords: Vec<(i64, String)> = movie_keywords::table
        .inner_join(keywords::table)
        .filter(movie_keywords::movie_id.eq_any(ids.clone()))
        .select((movie_keywords::movie_id, keywords::name))
        .order((
            movie_keywords::movie_id,
            movie_keywords::weight.desc(),
            keywords::name,
        ))
        .load(conn)?;
    let countries: Vec<(i64, String)> = movie_countries::table
        .inner_join(countries::table)
        .filter(movie_countries::movie_id.eq_any(ids.clone()))
        .select((movie_countries::movie_id, countries::code))
        .order((movie_countries::movie_id, countries::code))
        .load(conn)?;
    let cast: Vec<(i64, String)> = credits::table
        .inner_join(people::table)
        .filter(credits::movie_id.eq_any(ids.clone()))
        .filter(credits::kind.eq("cast"))
        .select((credits::movie_id, people::name))
        .order((
            credits::movie_id,
            credits::cast_order.asc(),
            credits::id.asc(),
        ))
        .load(conn)?;
    let directors: Vec<(i64, String)> = credits::table
        .inner_join(people::table)
        .filter(credits::movie_id.eq_any(ids))
        .filter(credits::kind.eq("crew"))
        .filter(credits::job.eq("Director"))
        .select((credits::movie_id, people::name))
        .order((credits::movie_id, credits::id.asc()))
        .load(conn)?;

    let mut rows: Vec<MovieSearchRow> = base
        .into_iter()
        .map(
            |(id, title, original_title, overview, year, popularity, language, rating_count)| {
                MovieSearchRow {
                    id,
                    title,
                    original_title,
                    overview,
                    year,
                    language,
                    popularity,
                    rating_count: rating_count.unwrap_or(0),
                    ..MovieSearchRow::default()
                }
            },
        )
        .collect();
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut attach = |pairs: Vec<(i64, String)>,
                      pick: fn(&mut MovieSearchRow) -> &mut Vec<String>| {
        for (movie_id, value) in pairs {
            if let Some(&i) = index.get(&movie_id) {
                pick(&mut rows[i]).push(value);
            }
        }
    };
    attach(genres, |r| &mut r.genres);
    attach(keywords, |r| &mut r.keywords);
    attach(countries, |r| &mut r.countries);
    attach(cast, |r| &mut r.cast);
    attach(directors, |r| &mut r.directors);
    for row in &mut rows {
        row.cast.truncate(CAST_PER_MOVIE);
        row.keywords.dedup();
    }
    Ok(rows)
}

/// The people among `ids` (missing ids are skipped), with aliases and known-for titles:
/// 3 statements.
pub fn person_rows(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<PersonSearchRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = ids.to_vec();
    let base: Vec<(i64, String, f64)> = people::table
        .filter(people::id.eq_any(ids.clone()))
        .select((people::id, people::name, people::popularity))
        .order(people::id.asc())
        .load(conn)?;
    let aliases: Vec<(i64, String)> = person_aliases::table
        .filter(person_aliases::person_id.eq_any(ids.clone()))
        .select((person_aliases::person_id, person_aliases::name))
        .order((person_aliases::person_id, person_aliases::id))
        .load(conn)?;
    let titles: Vec<(i64, i64, String)> = credits::table
        .inner_join(movies::table)
        .filter(credits::person_id.eq_any(ids))
        .select((credits::person_id, movies::id, movies::title))
        .order((
            credits::person_id,
            movies::popularity.desc(),
            movies::id.asc(),
        ))
        .load(conn)?;

    let mut rows: Vec<PersonSearchRow> = base
        .into_iter()
        .map(|(id, name, popularity)| PersonSearchRow {
            id,
            name,
            popularity,
            ..PersonSearchRow::default()
        })
        .collect();
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    for (person_id, alias) in aliases {
        if let Some(&i) = index.get(&person_id) {
            rows[i].aliases.push(alias);
        }
    }
    let mut last: Option<(i64, i64)> = None;
    for (person_id, movie_id, title) in titles {
        // A person credited twice on one movie (actor and director) counts it once.
        if last == Some((person_id, movie_id)) {
            continue;
        }
        last = Some((person_id, movie_id));
        if let Some(&i) = index.get(&person_id)
            && rows[i].known_for.len() < KNOWN_FOR_PER_PERSON
            && !rows[i].known_for.contains(&title)
        {
            rows[i].known_for.push(title);
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Search history

/// Records one full search by a profile.
pub fn record(
    conn: &mut DbConn,
    profile_id: i64,
    query: &str,
    result_count: i32,
) -> QueryResult<()> {
    diesel::insert_into(search_history::table)
        .values(&NewSearchHistoryEntry {
            profile_id,
            query,
            result_count: result_count.max(0),
            searched_at: crate::now(),
        })
        .execute(conn)?;
    Ok(())
}

/// A profile's searches, newest first, and how many there are in all.
pub fn history(
    conn: &mut DbConn,
    profile_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<SearchHistoryEntry>, i64)> {
    let rows = search_history::table
        .filter(search_history::profile_id.eq(profile_id))
        .select(SearchHistoryEntry::as_select())
        .order((
            search_history::searched_at.desc(),
            search_history::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    let total = search_history::table
        .filter(search_history::profile_id.eq(profile_id))
        .count()
        .get_result(conn)?;
    Ok((rows, total))
}

/// Deletes a profile's whole search history; returns how many entries went.
pub fn clear_history(conn: &mut DbConn, profile_id: i64) -> QueryResult<usize> {
    diesel::delete(search_history::table.filter(search_history::profile_id.eq(profile_id)))
        .execute(conn)
}

/// One query text aggregated over every profile's history.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryCount {
    pub query: String,
    pub searches: i64,
    pub last_searched_at: Option<NaiveDateTime>,
}

/// The most searched query texts (exactly as recorded), most searched first; with
/// `zero_results_only`, only searches that found nothing. Returns the page and the number of
/// distinct queries.
pub fn top_queries(
    conn: &mut DbConn,
    zero_results_only: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<QueryCount>, i64)> {
    let mut q = search_history::table
        .group_by(search_history::query)
        .select((
            search_history::query,
            count_star(),
            max(search_history::searched_at),
        ))
        .order((count_star().desc(), search_history::query.asc()))
        .offset(offset)
        .limit(limit)
        .into_boxed();
    let mut total = search_history::table
        .select(count(search_history::query).aggregate_distinct())
        .into_boxed();
    if zero_results_only {
        q = q.filter(search_history::result_count.eq(0));
        total = total.filter(search_history::result_count.eq(0));
    }
    let rows: Vec<(String, i64, Option<NaiveDateTime>)> = q.load(conn)?;
    let total: i64 = total.first(conn)?;
    Ok((
        rows.into_iter()
            .map(|(query, searches, last_searched_at)| QueryCount {
                query,
                searches,
                last_searched_at,
            })
            .collect(),
        total,
    ))
}
