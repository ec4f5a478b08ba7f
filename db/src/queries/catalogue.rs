//! Catalogue reads: the movie list with its filters and sorts, movie detail, facet values with
//! counts, people and their filmographies, and the inputs of the trending job.
//!
//! Every function issues a fixed number of statements whatever the size of what it returns
//! (related rows are loaded with one `IN (…)` query per relation, never one query per row); the
//! server's tests count them with Diesel's instrumentation.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::DbConn;
use crate::models::{Country, Genre, Language, Movie, Person};
use crate::schema::{
    countries, credits, genres, languages, movie_countries, movie_genres, movie_languages,
    movie_stats, movies, people, person_aliases, profile_preferences, ratings, trailer_renditions,
    trailers, watch_history, watchlist_items,
};

type Backend = <DbConn as Connection>::Backend;
/// `movies LEFT JOIN movie_stats LEFT JOIN languages (original language)`: the source of every
/// movie list, so the rating sort, the `min_rating` filter and the language code need no
/// per-row lookups.
type ListSource = diesel::dsl::LeftJoin<
    diesel::dsl::LeftJoin<movies::table, movie_stats::table>,
    languages::table,
>;
type FilteredMovies = diesel::dsl::IntoBoxed<'static, ListSource, Backend>;

/// How several `genre` values combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GenreMatch {
    /// A movie must have every listed genre.
    #[default]
    All,
    /// A movie must have at least one of them.
    Any,
}

/// Resolved filters of `GET /movies` (codes already turned into ids by the caller).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MovieFilter {
    pub genre_ids: Vec<i64>,
    pub genre_match: GenreMatch,
    /// Original language.
    pub language_id: Option<i64>,
    /// Production country.
    pub country_id: Option<i64>,
    pub year_from: Option<i16>,
    pub year_to: Option<i16>,
    /// Minimum average rating in stars; unrated movies never match.
    pub min_rating: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovieSortKey {
    Popularity,
    Rating,
    ReleaseDate,
    Title,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovieSort {
    pub key: MovieSortKey,
    pub descending: bool,
}

/// The columns of `movies` a list shows.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = movies, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MovieListRow {
    pub id: i64,
    pub title: String,
    pub year: Option<i16>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub poster_url: Option<String>,
    pub popularity: f64,
}

/// A movie of a list with what it is shown with.
#[derive(Debug, Clone, PartialEq)]
pub struct MovieSummaryRow {
    pub movie: MovieListRow,
    pub rating_avg: Option<f64>,
    pub rating_count: i32,
    pub original_language: Option<String>,
    /// Genre slugs, alphabetical.
    pub genres: Vec<String>,
}

type SummaryTuple = (MovieListRow, Option<f64>, Option<i32>, Option<String>);

fn list_source() -> FilteredMovies {
    movies::table
        .left_join(movie_stats::table)
        .left_join(languages::table)
        .into_boxed()
}

// The filters as macros so each applies to any boxed source that joins `movies` and
// `movie_stats`: the facet counts group a different table and leave out their own filter.
macro_rules! filter_genres {
    ($q:ident, $f:expr) => {
        match $f.genre_match {
            GenreMatch::All => {
                for &genre_id in &$f.genre_ids {
                    $q = $q.filter(
                        movies::id.eq_any(
                            movie_genres::table
                                .filter(movie_genres::genre_id.eq(genre_id))
                                .select(movie_genres::movie_id),
                        ),
                    );
                }
            }
            GenreMatch::Any if !$f.genre_ids.is_empty() => {
                $q = $q.filter(
                    movies::id.eq_any(
                        movie_genres::table
                            .filter(movie_genres::genre_id.eq_any($f.genre_ids.clone()))
                            .select(movie_genres::movie_id),
                    ),
                );
            }
            GenreMatch::Any => {}
        }
    };
}

macro_rules! filter_country {
    ($q:ident, $f:expr) => {
        if let Some(country_id) = $f.country_id {
            $q = $q.filter(
                movies::id.eq_any(
                    movie_countries::table
                        .filter(movie_countries::country_id.eq(country_id))
                        .select(movie_countries::movie_id),
                ),
            );
        }
    };
}

macro_rules! filter_language {
    ($q:ident, $f:expr) => {
        if let Some(language_id) = $f.language_id {
            $q = $q.filter(movies::original_language_id.eq(language_id));
        }
    };
}

macro_rules! filter_ranges {
    ($q:ident, $f:expr) => {
        if let Some(year) = $f.year_from {
            $q = $q.filter(movies::year.ge(year));
        }
        if let Some(year) = $f.year_to {
            $q = $q.filter(movies::year.le(year));
        }
        if let Some(min) = $f.min_rating {
            $q = $q.filter(movie_stats::rating_avg.ge(min));
        }
    };
}

/// The movies matching `f`, as a boxed query to count or page.
fn filtered(f: &MovieFilter) -> FilteredMovies {
    let mut q = list_source();
    filter_genres!(q, f);
    filter_country!(q, f);
    filter_language!(q, f);
    filter_ranges!(q, f);
    q
}

/// Orders by the sort key, NULLs last in both directions (the backends disagree on where NULLs
/// go, so `is_null()` is sorted first), then by id ascending so pages are stable.
fn sorted(q: FilteredMovies, sort: MovieSort) -> FilteredMovies {
    macro_rules! by {
        ($q:expr, $col:expr) => {
            if sort.descending {
                $q.then_order_by($col.desc())
            } else {
                $q.then_order_by($col.asc())
            }
        };
    }
    let q = match sort.key {
        MovieSortKey::Popularity => by!(q, movies::popularity),
        MovieSortKey::Rating => {
            let q = q.then_order_by(movie_stats::rating_avg.is_null());
            let q = by!(q, movie_stats::rating_avg);
            by!(q, movie_stats::rating_count)
        }
        MovieSortKey::ReleaseDate => {
            let q = q.then_order_by(movies::release_date.is_null());
            by!(q, movies::release_date)
        }
        MovieSortKey::Year => {
            let q = q.then_order_by(movies::year.is_null());
            by!(q, movies::year)
        }
        MovieSortKey::Title => by!(q, movies::title),
    };
    q.then_order_by(movies::id.asc())
}

fn summary_selection() -> (
    diesel::dsl::AsSelect<MovieListRow, Backend>,
    diesel::dsl::Nullable<movie_stats::rating_avg>,
    diesel::dsl::Nullable<movie_stats::rating_count>,
    diesel::dsl::Nullable<languages::code>,
) {
    (
        MovieListRow::as_select(),
        movie_stats::rating_avg.nullable(),
        movie_stats::rating_count.nullable(),
        languages::code.nullable(),
    )
}

/// One page of movies and the total matching: three statements (count, page, genres of the page).
pub fn list_movies(
    conn: &mut DbConn,
    f: &MovieFilter,
    sort: MovieSort,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<MovieSummaryRow>)> {
    let total: i64 = filtered(f).count().get_result(conn)?;
    if total <= offset {
        return Ok((total, Vec::new()));
    }
    let rows: Vec<SummaryTuple> = sorted(filtered(f), sort)
        .select(summary_selection())
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((total, with_genres(conn, rows)?))
}

/// The summaries of `ids`, in the order given (ids that do not exist are skipped): two statements.
pub fn summaries_by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<MovieSummaryRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<SummaryTuple> = list_source()
        .filter(movies::id.eq_any(ids.to_vec()))
        .select(summary_selection())
        .load(conn)?;
    let mut by_id: HashMap<i64, MovieSummaryRow> = with_genres(conn, rows)?
        .into_iter()
        .map(|r| (r.movie.id, r))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

fn with_genres(conn: &mut DbConn, rows: Vec<SummaryTuple>) -> QueryResult<Vec<MovieSummaryRow>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
    let mut genres_of = genre_slugs_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(
            |(movie, rating_avg, rating_count, original_language)| MovieSummaryRow {
                genres: genres_of.remove(&movie.id).unwrap_or_default(),
                movie,
                rating_avg,
                rating_count: rating_count.unwrap_or(0),
                original_language,
            },
        )
        .collect())
}

/// Genre slugs of each movie, alphabetical, in one statement.
fn genre_slugs_of(conn: &mut DbConn, movie_ids: &[i64]) -> QueryResult<HashMap<i64, Vec<String>>> {
    let pairs: Vec<(i64, String)> = movie_genres::table
        .inner_join(genres::table)
        .filter(movie_genres::movie_id.eq_any(movie_ids.to_vec()))
        .order((movie_genres::movie_id, genres::slug))
        .select((movie_genres::movie_id, genres::slug))
        .load(conn)?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (movie_id, slug) in pairs {
        map.entry(movie_id).or_default().push(slug);
    }
    Ok(map)
}

// ---------------------------------------------------------------------------------------------
// Facets

/// Which facet a lookup or count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Genre,
    Language,
    Country,
}

/// A facet value: `code` is the genre slug, the language code or the country code.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetRow {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// Every value of a facet, ordered by code.
pub fn facet_values(conn: &mut DbConn, kind: FacetKind) -> QueryResult<Vec<FacetRow>> {
    Ok(match kind {
        FacetKind::Genre => genres::table
            .order(genres::slug)
            .select(Genre::as_select())
            .load(conn)?
            .into_iter()
            .map(|g| FacetRow {
                id: g.id,
                code: g.slug,
                name: g.name,
            })
            .collect(),
        FacetKind::Language => languages::table
            .order(languages::code)
            .select(Language::as_select())
            .load(conn)?
            .into_iter()
            .map(|l| FacetRow {
                id: l.id,
                code: l.code,
                name: l.name,
            })
            .collect(),
        FacetKind::Country => countries::table
            .order(countries::code)
            .select(Country::as_select())
            .load(conn)?
            .into_iter()
            .map(|c| FacetRow {
                id: c.id,
                code: c.code,
                name: c.name,
            })
            .collect(),
    })
}

/// The values among `codes` that exist (matched exactly: slugs and language codes are lower
/// case, country codes upper case).
pub fn facet_lookup(
    conn: &mut DbConn,
    kind: FacetKind,
    codes: &[String],
) -> QueryResult<Vec<FacetRow>> {
    let codes = codes.to_vec();
    let rows: Vec<(i64, String, String)> = match kind {
        FacetKind::Genre => genres::table
            .filter(genres::slug.eq_any(codes))
            .select((genres::id, genres::slug, genres::name))
            .load(conn)?,
        FacetKind::Language => languages::table
            .filter(languages::code.eq_any(codes))
            .select((languages::id, languages::code, languages::name))
            .load(conn)?,
        FacetKind::Country => countries::table
            .filter(countries::code.eq_any(codes))
            .select((countries::id, countries::code, countries::name))
            .load(conn)?,
    };
    Ok(rows
        .into_iter()
        .map(|(id, code, name)| FacetRow { id, code, name })
        .collect())
}

/// Every value of the facet with the number of movies matching `f` that have it (zero
/// included). The facet's own filter in `f` is ignored, so a client can show the other values
/// it could switch to. Two statements.
pub fn facet_counts(
    conn: &mut DbConn,
    kind: FacetKind,
    f: &MovieFilter,
) -> QueryResult<Vec<(FacetRow, i64)>> {
    let counts: Vec<(i64, i64)> = match kind {
        FacetKind::Genre => {
            let mut q = movie_genres::table
                .inner_join(movies::table.left_join(movie_stats::table))
                .group_by(movie_genres::genre_id)
                .select((movie_genres::genre_id, count_star()))
                .into_boxed::<Backend>();
            filter_country!(q, f);
            filter_language!(q, f);
            filter_ranges!(q, f);
            q.load(conn)?
        }
        FacetKind::Country => {
            let mut q = movie_countries::table
                .inner_join(movies::table.left_join(movie_stats::table))
                .group_by(movie_countries::country_id)
                .select((movie_countries::country_id, count_star()))
                .into_boxed::<Backend>();
            filter_genres!(q, f);
            filter_language!(q, f);
            filter_ranges!(q, f);
            q.load(conn)?
        }
        FacetKind::Language => {
            let mut q = movies::table
                .left_join(movie_stats::table)
                .filter(movies::original_language_id.is_not_null())
                .group_by(movies::original_language_id)
                .select((movies::original_language_id, count_star()))
                .into_boxed::<Backend>();
            filter_genres!(q, f);
            filter_country!(q, f);
            filter_ranges!(q, f);
            let counts: Vec<(Option<i64>, i64)> = q.load(conn)?;
            counts
                .into_iter()
                .filter_map(|(id, n)| id.map(|id| (id, n)))
                .collect()
        }
    };
    let counts: HashMap<i64, i64> = counts.into_iter().collect();
    Ok(facet_values(conn, kind)?
        .into_iter()
        .map(|v| {
            let n = counts.get(&v.id).copied().unwrap_or(0);
            (v, n)
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Movie detail

#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    pub rating_count: i32,
    pub rating_avg: Option<f64>,
    pub imdb_rating: Option<f64>,
    pub imdb_votes: Option<i32>,
    pub metascore: Option<i16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreditRow {
    pub kind: String,
    pub character_name: Option<String>,
    pub cast_order: Option<i32>,
    pub department: Option<String>,
    pub job: Option<String>,
    pub person_id: i64,
    pub person_name: String,
    pub profile_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = trailer_renditions, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RenditionRow {
    pub id: i64,
    pub trailer_id: i64,
    pub quality: String,
    pub format: String,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub bitrate_kbps: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MovieDetailRows {
    pub movie: Movie,
    pub stats: StatsRow,
    /// (code, name)
    pub original_language: Option<(String, String)>,
    pub genres: Vec<(String, String)>,
    pub countries: Vec<(String, String)>,
    pub languages: Vec<(String, String)>,
    /// Cast by billing, then crew by department, job and name.
    pub credits: Vec<CreditRow>,
    pub trailers: Vec<(crate::models::Trailer, Vec<RenditionRow>)>,
}

/// Number of statements [`movie_detail`] issues for an existing movie, whatever its size.
pub const MOVIE_DETAIL_STATEMENTS: usize = 7;

/// A movie with everything its page shows, in [`MOVIE_DETAIL_STATEMENTS`] statements; `None`
/// when there is no such movie (after one).
pub fn movie_detail(conn: &mut DbConn, id: i64) -> QueryResult<Option<MovieDetailRows>> {
    type Head = (
        Movie,
        Option<i32>,
        Option<f64>,
        Option<f64>,
        Option<i32>,
        Option<i16>,
        Option<String>,
        Option<String>,
    );
    let head: Option<Head> = movies::table
        .left_join(movie_stats::table)
        .left_join(languages::table)
        .filter(movies::id.eq(id))
        .select((
            Movie::as_select(),
            movie_stats::rating_count.nullable(),
            movie_stats::rating_avg.nullable(),
            movie_stats::imdb_rating.nullable(),
            movie_stats::imdb_votes.nullable(),
            movie_stats::metascore.nullable(),
            languages::code.nullable(),
            languages::name.nullable(),
        ))
        .first(conn)
        .optional()?;
    let Some((
        movie,
        rating_count,
        rating_avg,
        imdb_rating,
        imdb_votes,
        metascore,
        lang_code,
        lang_name,
    )) = head
    else {
        return Ok(None);
    };
    let genres: Vec<(String, String)> = movie_genres::table
        .inner_join(genres::table)
        .filter(movie_genres::movie_id.eq(id))
        .order(genres::slug)
        .select((genres::slug, genres::name))
        .load(conn)?;
    let countries: Vec<(String, String)> = movie_countries::table
        .inner_join(countries::table)
        .filter(movie_countries::movie_id.eq(id))
        .order(countries::code)
        .select((countries::code, countries::name))
        .load(conn)?;
    let languages: Vec<(String, String)> = movie_languages::table
        .inner_join(languages::table)
        .filter(movie_languages::movie_id.eq(id))
        .order(languages::code)
        .select((languages::code, languages::name))
        .load(conn)?;
    type CreditTuple = (
        String,
        Option<String>,
        Option<i32>,
        Option<String>,
        Option<String>,
        i64,
        String,
        Option<String>,
    );
    let credits: Vec<CreditTuple> = credits::table
        .inner_join(people::table)
        .filter(credits::movie_id.eq(id))
        // 'cast' < 'crew'; billing order with unordered cast last.
        .order((
            credits::kind,
            credits::cast_order.is_null(),
            credits::cast_order,
            credits::department,
            credits::job,
            people::name,
            credits::id,
        ))
        .select((
            credits::kind,
            credits::character_name,
            credits::cast_order,
            credits::department,
            credits::job,
            people::id,
            people::name,
            people::profile_url,
        ))
        .load(conn)?;
    let trailer_rows: Vec<crate::models::Trailer> = trailers::table
        .filter(trailers::movie_id.eq(id))
        .order((
            trailers::published_at.is_null(),
            trailers::published_at.desc(),
            trailers::id,
        ))
        .select(crate::models::Trailer::as_select())
        .load(conn)?;
    let renditions: Vec<RenditionRow> = trailer_renditions::table
        .filter(
            trailer_renditions::trailer_id.eq_any(
                trailers::table
                    .filter(trailers::movie_id.eq(id))
                    .select(trailers::id),
            ),
        )
        .order((trailer_renditions::trailer_id, trailer_renditions::id))
        .select(RenditionRow::as_select())
        .load(conn)?;
    let mut renditions_of: HashMap<i64, Vec<RenditionRow>> = HashMap::new();
    for r in renditions {
        renditions_of.entry(r.trailer_id).or_default().push(r);
    }
    Ok(Some(MovieDetailRows {
        movie,
        stats: StatsRow {
            rating_count: rating_count.unwrap_or(0),
            rating_avg,
            imdb_rating,
            imdb_votes,
            metascore,
        },
        original_language: lang_code.zip(lang_name),
        genres,
        countries,
        languages,
        credits: credits
            .into_iter()
            .map(
                |(
                    kind,
                    character_name,
                    cast_order,
                    department,
                    job,
                    person_id,
                    person_name,
                    profile_url,
                )| {
                    CreditRow {
                        kind,
                        character_name,
                        cast_order,
                        department,
                        job,
                        person_id,
                        person_name,
                        profile_url,
                    }
                },
            )
            .collect(),
        trailers: trailer_rows
            .into_iter()
            .map(|t| {
                let r = renditions_of.remove(&t.id).unwrap_or_default();
                (t, r)
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------------------------------------
// People

#[derive(Debug, Clone, PartialEq)]
pub struct PersonRows {
    pub person: Person,
    pub aliases: Vec<String>,
    pub cast_credits: i64,
    pub crew_credits: i64,
}

pub fn person(conn: &mut DbConn, id: i64) -> QueryResult<Option<PersonRows>> {
    let Some(person) = people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let aliases = person_aliases::table
        .filter(person_aliases::person_id.eq(id))
        .order(person_aliases::name)
        .select(person_aliases::name)
        .load(conn)?;
    let kinds: Vec<(String, i64)> = credits::table
        .filter(credits::person_id.eq(id))
        .group_by(credits::kind)
        .select((credits::kind, count_star()))
        .load(conn)?;
    let count_of = |k: &str| {
        kinds
            .iter()
            .find(|(kind, _)| kind == k)
            .map_or(0, |(_, n)| *n)
    };
    Ok(Some(PersonRows {
        cast_credits: count_of("cast"),
        crew_credits: count_of("crew"),
        person,
        aliases,
    }))
}

pub fn person_exists(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(people::table.find(id))).get_result(conn)
}

#[derive(Debug, Clone, PartialEq)]
pub struct FilmographyRow {
    pub kind: String,
    pub character_name: Option<String>,
    pub job: Option<String>,
    pub movie: MovieSummaryRow,
}

/// A person's credits (`kind` = `cast` or `crew`, or both), sorted, paged: three statements.
pub fn filmography(
    conn: &mut DbConn,
    person_id: i64,
    kind: Option<&str>,
    sort: MovieSort,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<FilmographyRow>)> {
    let base = || {
        let mut q = credits::table
            .inner_join(
                movies::table
                    .left_join(movie_stats::table)
                    .left_join(languages::table),
            )
            .filter(credits::person_id.eq(person_id))
            .into_boxed::<Backend>();
        if let Some(kind) = kind {
            q = q.filter(credits::kind.eq(kind.to_owned()));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    macro_rules! by {
        ($q:expr, $col:expr) => {
            if sort.descending {
                $q.then_order_by($col.desc())
            } else {
                $q.then_order_by($col.asc())
            }
        };
    }
    q = match sort.key {
        MovieSortKey::Popularity => by!(q, movies::popularity),
        MovieSortKey::Rating => {
            let q = q.then_order_by(movie_stats::rating_avg.is_null());
            by!(q, movie_stats::rating_avg)
        }
        MovieSortKey::ReleaseDate => {
            let q = q.then_order_by(movies::release_date.is_null());
            by!(q, movies::release_date)
        }
        MovieSortKey::Year => {
            let q = q.then_order_by(movies::year.is_null());
            by!(q, movies::year)
        }
        MovieSortKey::Title => by!(q, movies::title),
    };
    let rows: Vec<(String, Option<String>, Option<String>, SummaryTuple)> = q
        .then_order_by(movies::id.asc())
        .then_order_by(credits::id.asc())
        .select((
            credits::kind,
            credits::character_name,
            credits::job,
            summary_selection(),
        ))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.3.0.id).collect();
    let genres_of = genre_slugs_of(conn, &ids)?;
    let rows = rows
        .into_iter()
        .map(
            |(kind, character_name, job, (movie, rating_avg, rating_count, original_language))| {
                let genres = genres_of.get(&movie.id).cloned().unwrap_or_default();
                FilmographyRow {
                    kind,
                    character_name,
                    job,
                    movie: MovieSummaryRow {
                        movie,
                        rating_avg,
                        rating_count: rating_count.unwrap_or(0),
                        original_language,
                        genres,
                    },
                }
            },
        )
        .collect();
    Ok((total, rows))
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimilarPersonRow {
    pub id: i64,
    pub name: String,
    pub profile_url: Option<String>,
    pub shared_movies: i64,
}

/// People who share the most films with `person_id` (as cast or crew), then by popularity:
/// three statements.
pub fn similar_people(
    conn: &mut DbConn,
    person_id: i64,
    limit: i64,
) -> QueryResult<Vec<SimilarPersonRow>> {
    // Distinct (person, movie) pairs, counted here: one person may hold several credits on a film.
    let films: Vec<i64> = credits::table
        .filter(credits::person_id.eq(person_id))
        .select(credits::movie_id)
        .distinct()
        .load(conn)?;
    let pairs: Vec<(i64, i64)> = credits::table
        .filter(credits::movie_id.eq_any(films))
        .filter(credits::person_id.ne(person_id))
        .select((credits::person_id, credits::movie_id))
        .distinct()
        .load(conn)?;
    let mut shared: HashMap<i64, i64> = HashMap::new();
    for (id, _) in pairs {
        *shared.entry(id).or_default() += 1;
    }
    let ranked: Vec<(i64, i64)> = shared.into_iter().collect();
    let ids: Vec<i64> = ranked.iter().map(|r| r.0).collect();
    let found: Vec<(i64, String, Option<String>, f64)> = people::table
        .filter(people::id.eq_any(ids))
        .select((
            people::id,
            people::name,
            people::profile_url,
            people::popularity,
        ))
        .load(conn)?;
    let found: HashMap<i64, (String, Option<String>, f64)> = found
        .into_iter()
        .map(|(id, n, u, p)| (id, (n, u, p)))
        .collect();
    let mut out: Vec<(i64, String, Option<String>, i64, f64)> = ranked
        .into_iter()
        .filter_map(|(id, n)| {
            found
                .get(&id)
                .map(|(name, url, pop)| (id, name.clone(), url.clone(), n, *pop))
        })
        .collect();
    out.sort_by(|a, b| b.3.cmp(&a.3).then(b.4.total_cmp(&a.4)).then(a.0.cmp(&b.0)));
    out.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(out
        .into_iter()
        .map(
            |(id, name, profile_url, shared_movies, _)| SimilarPersonRow {
                id,
                name,
                profile_url,
                shared_movies,
            },
        )
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Trending and new releases (inputs of the background job)

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Watch,
    Rating,
    WatchlistAdd,
}

/// One recent signal: who did what to which movie, when, and the profile's country code.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub kind: ActivityKind,
    pub movie_id: i64,
    pub at: NaiveDateTime,
    pub region: Option<String>,
}

/// Watches, ratings and watchlist adds since `since`: three statements.
pub fn recent_activity(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<Activity>> {
    let watches: Vec<(i64, NaiveDateTime, Option<String>)> = watch_history::table
        .left_join(
            profile_preferences::table
                .on(profile_preferences::profile_id.eq(watch_history::profile_id))
                .left_join(countries::table),
        )
        .filter(watch_history::watched_at.ge(since))
        .select((
            watch_history::movie_id,
            watch_history::watched_at,
            countries::code.nullable(),
        ))
        .load(conn)?;
    let rated: Vec<(i64, NaiveDateTime, Option<String>)> = ratings::table
        .left_join(
            profile_preferences::table
                .on(profile_preferences::profile_id.eq(ratings::profile_id))
                .left_join(countries::table),
        )
        .filter(ratings::updated_at.ge(since))
        .select((
            ratings::movie_id,
            ratings::updated_at,
            countries::code.nullable(),
        ))
        .load(conn)?;
    let listed: Vec<(i64, NaiveDateTime, Option<String>)> = watchlist_items::table
        .left_join(
            profile_preferences::table
                .on(profile_preferences::profile_id.eq(watchlist_items::profile_id))
                .left_join(countries::table),
        )
        .filter(watchlist_items::added_at.ge(since))
        .select((
            watchlist_items::movie_id,
            watchlist_items::added_at,
            countries::code.nullable(),
        ))
        .load(conn)?;
    let tag = |kind: ActivityKind, rows: Vec<(i64, NaiveDateTime, Option<String>)>| {
        rows.into_iter()
            .map(move |(movie_id, at, region)| Activity {
                kind,
                movie_id,
                at,
                region,
            })
    };
    Ok(tag(ActivityKind::Watch, watches)
        .chain(tag(ActivityKind::Rating, rated))
        .chain(tag(ActivityKind::WatchlistAdd, listed))
        .collect())
}

/// Ids of the most recently released movies up to `today` (newest first, then by popularity).
pub fn new_release_ids(conn: &mut DbConn, today: NaiveDate, limit: i64) -> QueryResult<Vec<i64>> {
    movies::table
        .filter(movies::release_date.le(today))
        .order((
            movies::release_date.desc(),
            movies::popularity.desc(),
            movies::id,
        ))
        .select(movies::id)
        .limit(limit)
        .load(conn)
}
