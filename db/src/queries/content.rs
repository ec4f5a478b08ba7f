//! Catalogue writes shared by `marqueectl import`/`seed` and the admin routes (and
//! `marqueectl movies|people`): inserting a movie with its stats row, linking and replacing
//! genres, changing and deleting a movie; adding, changing and deleting a person; adding and
//! deleting a trailer. Deleting cascades to everything that names the movie.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::models::{NewMovie, NewMovieStats, NewPerson, NewTrailer, NewTrailerRendition};
use crate::schema::{
    genres, movie_genres, movie_stats, movies, people, trailer_renditions, trailers,
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

/// Links genres to a movie; returns how many links were new.
pub fn link_genres(conn: &mut DbConn, movie_id: i64, genre_ids: &[i64]) -> QueryResult<usize> {
    let rows: Vec<_> = genre_ids
        .iter()
        .map(|g| {
            (
                movie_genres::movie_id.eq(movie_id),
                movie_genres::genre_id.eq(*g),
            )
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    per_backend!(conn, |c| diesel::insert_into(movie_genres::table)
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(c))
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
