//! Catalogue writes shared by `marqueectl import`/`seed` and the admin routes (and
//! `marqueectl movies|people`): inserting a movie with its stats row, linking and replacing
//! genres, changing and deleting a movie; adding, changing and deleting a person; adding,
//! changing and deleting a trailer, its renditions and its subtitle tracks. Deleting cascades
//! to everything that names the movie.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::models::{
    NewMovie, NewMovieStats, NewPerson, NewTrailer, NewTrailerRendition, NewTrailerSubtitle,
    Trailer, TrailerRendition,
};
use crate::schema::{
    genres, languages, movie_genres, movie_stats, movies, people, trailer_renditions,
    trailer_subtitles, trailers,
};
use crate::{DbConn, per_backend};

/// Inserts a movie with its (empty) stats row; returns its id.
pub fn insert_movie(
    conn: &mut DbConn,
    movie: &NewMovie<'_>,
    stats: Option<&NewMovieStats>,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(movies::table)
        .values(movie)
        .returning(movies::id)
        .get_result(conn)?;
    let empty = NewMovieStats {
        movie_id: id,
        rating_count: 0,
        rating_sum_half: 0,
        rating_avg: None,
        imdb_rating: None,
        imdb_votes: None,
        metascore: None,
        budget_usd: None,
        gross_usd: None,
        updated_at: movie.updated_at,
    };
    let stats = NewMovieStats {
        movie_id: id,
        ..stats.cloned().unwrap_or(empty)
    };
    diesel::insert_into(movie_stats::table)
        .values(&stats)
        .execute(conn)?;
    Ok(id)
}

/// Rows per multi-row insert of [`insert_movies`] and [`link_movie_genres`]: at most 15 bind
/// parameters a row, well under SQLite's 32,766 (and PostgreSQL's 65,535) per statement.
const ROWS_PER_INSERT: usize = 1000;

/// Inserts movies, each with its empty stats row (dated like the movie), in multi-row inserts
/// (imports and seeding: a few statements, not several per movie); returns their ids in the
/// order of `movies`. Ids come back in insertion order on both backends (sorted to be sure:
/// one statement numbers its rows in order).
pub fn insert_movies(conn: &mut DbConn, movies: &[NewMovie<'_>]) -> QueryResult<Vec<i64>> {
    let mut all = Vec::with_capacity(movies.len());
    for chunk in movies.chunks(ROWS_PER_INSERT) {
        let mut ids: Vec<i64> = per_backend!(conn, |c| diesel::insert_into(movies::table)
            .values(chunk)
            .returning(movies::id)
            .get_results(c))?;
        ids.sort_unstable();
        let stats: Vec<NewMovieStats> = ids
            .iter()
            .zip(chunk)
            .map(|(id, movie)| NewMovieStats {
                movie_id: *id,
                rating_count: 0,
                rating_sum_half: 0,
                rating_avg: None,
                imdb_rating: None,
                imdb_votes: None,
                metascore: None,
                budget_usd: None,
                gross_usd: None,
                updated_at: movie.updated_at,
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(movie_stats::table)
            .values(&stats)
            .execute(c))?;
        all.extend(ids);
    }
    Ok(all)
}

/// Links genres to a movie; returns how many links were new.
pub fn link_genres(conn: &mut DbConn, movie_id: i64, genre_ids: &[i64]) -> QueryResult<usize> {
    let links: Vec<(i64, i64)> = genre_ids.iter().map(|g| (movie_id, *g)).collect();
    link_movie_genres(conn, &links)
}

/// Adds (movie, genre) links, existing ones left as they are, in multi-row inserts; returns
/// how many were new.
pub fn link_movie_genres(conn: &mut DbConn, links: &[(i64, i64)]) -> QueryResult<usize> {
    let mut linked = 0;
    for chunk in links.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(m, g)| (movie_genres::movie_id.eq(*m), movie_genres::genre_id.eq(*g)))
            .collect();
        linked += per_backend!(conn, |c| diesel::insert_into(movie_genres::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(linked)
}

/// Replaces a movie's genres with `genre_ids`.
pub fn replace_genres(conn: &mut DbConn, movie_id: i64, genre_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(movie_genres::table.filter(movie_genres::movie_id.eq(movie_id)))
        .execute(conn)?;
    link_genres(conn, movie_id, genre_ids)?;
    Ok(())
}

/// What an edit changes: `None` fields are left as they are.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = movies)]
pub struct MovieChanges<'a> {
    pub title: Option<&'a str>,
    pub original_title: Option<&'a str>,
    pub tagline: Option<&'a str>,
    pub overview: Option<&'a str>,
    pub release_date: Option<NaiveDate>,
    pub year: Option<i16>,
    pub runtime_minutes: Option<i32>,
    pub original_language_id: Option<i64>,
    pub poster_url: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Applies `changes` to a movie; 0 when there is no such movie.
pub fn update_movie(conn: &mut DbConn, id: i64, changes: &MovieChanges<'_>) -> QueryResult<usize> {
    let changes = MovieChanges {
        updated_at: Some(crate::now()),
        ..changes.clone()
    };
    diesel::update(movies::table.find(id))
        .set(&changes)
        .execute(conn)
}

/// Deletes a movie and, by cascade, its stats, genres, credits, trailers, ratings and the
/// rest; 0 when there is no such movie.
pub fn delete_movie(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(movies::table.find(id)).execute(conn)
}

/// Every genre slug, in order (for "accepted:" lists).
pub fn genre_slugs(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    genres::table
        .order(genres::slug.asc())
        .select(genres::slug)
        .load(conn)
}

/// Inserts a person; returns the id.
pub fn insert_person(conn: &mut DbConn, person: &NewPerson<'_>) -> QueryResult<i64> {
    diesel::insert_into(people::table)
        .values(person)
        .returning(people::id)
        .get_result(conn)
}

/// What an edit of a person changes: `None` fields are left as they are.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = people)]
pub struct PersonChanges<'a> {
    pub name: Option<&'a str>,
    pub biography: Option<&'a str>,
    pub birth_date: Option<NaiveDate>,
    pub death_date: Option<NaiveDate>,
    pub place_of_birth: Option<&'a str>,
    pub known_for_department: Option<&'a str>,
    pub profile_url: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Applies `changes` to a person; 0 when there is no such person.
pub fn update_person(
    conn: &mut DbConn,
    id: i64,
    changes: &PersonChanges<'_>,
) -> QueryResult<usize> {
    let changes = PersonChanges {
        updated_at: Some(crate::now()),
        ..changes.clone()
    };
    diesel::update(people::table.find(id))
        .set(&changes)
        .execute(conn)
}

/// Deletes a person with their credits and aliases; 0 when there is no such person.
pub fn delete_person(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(people::table.find(id)).execute(conn)
}

/// Inserts a trailer with its renditions; returns the trailer's id.
pub fn insert_trailer(
    conn: &mut DbConn,
    trailer: &NewTrailer<'_>,
    renditions: &[NewTrailerRendition<'_>],
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(trailers::table)
        .values(trailer)
        .returning(trailers::id)
        .get_result(conn)?;
    for rendition in renditions {
        diesel::insert_into(trailer_renditions::table)
            .values(&NewTrailerRendition {
                trailer_id: id,
                ..rendition.clone()
            })
            .execute(conn)?;
    }
    Ok(id)
}

/// A trailer's movie and title, if it exists.
pub fn trailer(conn: &mut DbConn, id: i64) -> QueryResult<Option<(i64, String)>> {
    trailers::table
        .find(id)
        .select((trailers::movie_id, trailers::title))
        .first(conn)
        .optional()
}

/// Deletes a trailer with its renditions and subtitles; 0 when there is no such trailer.
pub fn delete_trailer(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(trailers::table.find(id)).execute(conn)
}

/// What a trailer edit changes: `None` fields are left as they are (`language_id:
/// Some(None)` removes the language).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = trailers)]
pub struct TrailerChanges<'a> {
    pub title: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub language_id: Option<Option<i64>>,
}

/// Changes a trailer's own fields; 0 when there is no such trailer (or nothing to change).
pub fn update_trailer(
    conn: &mut DbConn,
    id: i64,
    changes: &TrailerChanges<'_>,
) -> QueryResult<usize> {
    if changes.title.is_none() && changes.kind.is_none() && changes.language_id.is_none() {
        return Ok(0);
    }
    diesel::update(trailers::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Everything an administrator sees of a trailer: the row, its language code, its renditions
/// (lowest id first) and its subtitle tracks (id, language code, format, location; by
/// language and format). `None` when there is no such trailer.
pub type AdminTrailerRows = (
    Trailer,
    Option<String>,
    Vec<TrailerRendition>,
    Vec<(i64, String, String, String)>,
);

pub fn trailer_for_admin(conn: &mut DbConn, id: i64) -> QueryResult<Option<AdminTrailerRows>> {
    let Some((trailer, language)) = trailers::table
        .left_join(languages::table)
        .filter(trailers::id.eq(id))
        .select((Trailer::as_select(), languages::code.nullable()))
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let renditions = trailer_renditions::table
        .filter(trailer_renditions::trailer_id.eq(id))
        .order(trailer_renditions::id)
        .select(TrailerRendition::as_select())
        .load(conn)?;
    let subtitles = trailer_subtitles::table
        .inner_join(languages::table)
        .filter(trailer_subtitles::trailer_id.eq(id))
        .order((
            languages::code,
            trailer_subtitles::format,
            trailer_subtitles::id,
        ))
        .select((
            trailer_subtitles::id,
            languages::code,
            trailer_subtitles::format,
            trailer_subtitles::location,
        ))
        .load(conn)?;
    Ok(Some((trailer, language, renditions, subtitles)))
}

/// Deletes the renditions of trailer `trailer_id` named by `ids` (every one when `ids` is
/// `None`); returns how many went.
pub fn delete_renditions(
    conn: &mut DbConn,
    trailer_id: i64,
    ids: Option<&[i64]>,
) -> QueryResult<usize> {
    let of_trailer =
        trailer_renditions::table.filter(trailer_renditions::trailer_id.eq(trailer_id));
    match ids {
        Some(ids) => {
            diesel::delete(of_trailer.filter(trailer_renditions::id.eq_any(ids))).execute(conn)
        }
        None => diesel::delete(of_trailer).execute(conn),
    }
}

/// Adds renditions to a trailer (`trailer_id` of each row is set to `trailer_id`).
pub fn insert_renditions(
    conn: &mut DbConn,
    trailer_id: i64,
    renditions: &[NewTrailerRendition<'_>],
) -> QueryResult<()> {
    for rendition in renditions {
        diesel::insert_into(trailer_renditions::table)
            .values(&NewTrailerRendition {
                trailer_id,
                ..rendition.clone()
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Adds a subtitle track; returns its id.
pub fn insert_subtitle(conn: &mut DbConn, subtitle: &NewTrailerSubtitle<'_>) -> QueryResult<i64> {
    diesel::insert_into(trailer_subtitles::table)
        .values(subtitle)
        .returning(trailer_subtitles::id)
        .get_result(conn)
}

/// Deletes subtitle track `id` of trailer `trailer_id`; 0 when the trailer has no such track.
pub fn delete_subtitle(conn: &mut DbConn, trailer_id: i64, id: i64) -> QueryResult<usize> {
    diesel::delete(
        trailer_subtitles::table
            .filter(trailer_subtitles::trailer_id.eq(trailer_id))
            .filter(trailer_subtitles::id.eq(id)),
    )
    .execute(conn)
}
