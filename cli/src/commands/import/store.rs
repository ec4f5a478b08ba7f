//! The writes imports and seeding share, each keyed on a natural key so that running it twice
//! changes nothing the second time. Multi-row inserts and `ON CONFLICT` go through
//! `per_backend!` (MultiBackend cannot express them).

use std::collections::HashMap;

use diesel::prelude::*;
use marquee_db::models::{NewMovie, NewMovieStats, NewProfile, NewRating};
use marquee_db::schema::{
    genres, keywords, languages, movie_external_ids, movie_genres, movie_stats, movies, profiles,
    ratings, users,
};
use marquee_db::{DbConn, per_backend};

use super::Counts;
use crate::content;

/// Name → id caches of the small lookup tables, filled on first use.
#[derive(Debug, Default)]
pub struct Lookups {
    genres: HashMap<String, i64>,
    keywords: HashMap<String, i64>,
}

impl Lookups {
    /// The genre's id, created when missing.
    pub fn genre(
        &mut self,
        conn: &mut DbConn,
        name: &str,
        counts: &mut Counts,
    ) -> QueryResult<i64> {
        if let Some(id) = self.genres.get(name) {
            return Ok(*id);
        }
        let found: Option<i64> = genres::table
            .filter(genres::name.eq(name))
            .select(genres::id)
            .first(conn)
            .optional()?;
        let id = match found {
            Some(id) => {
                counts.skipped += 1;
                id
            }
            None => {
                counts.inserted += 1;
                diesel::insert_into(genres::table)
                    .values((genres::name.eq(name), genres::slug.eq(content::slug(name))))
                    .returning(genres::id)
                    .get_result(conn)?
            }
        };
        self.genres.insert(name.to_owned(), id);
        Ok(id)
    }

    /// The keyword's id, created when missing.
    pub fn keyword(
        &mut self,
        conn: &mut DbConn,
        name: &str,
        counts: &mut Counts,
    ) -> QueryResult<i64> {
        if let Some(id) = self.keywords.get(name) {
            return Ok(*id);
        }
        let found: Option<i64> = keywords::table
            .filter(keywords::name.eq(name))
            .select(keywords::id)
            .first(conn)
            .optional()?;
        let id = match found {
            Some(id) => {
                counts.skipped += 1;
                id
            }
            None => {
                counts.inserted += 1;
                diesel::insert_into(keywords::table)
                    .values(keywords::name.eq(name))
                    .returning(keywords::id)
                    .get_result(conn)?
            }
        };
        self.keywords.insert(name.to_owned(), id);
        Ok(id)
    }

    /// Forgets ids a rolled-back transaction may have created.
    pub fn clear(&mut self) {
        self.genres.clear();
        self.keywords.clear();
    }
}

/// Existing movies by title key and year, for matching records without ids: the same
/// [`content::title_key`] and year, or the title alone when the record has no year and exactly
/// one movie has that title. When several movies share title and year the lowest id wins.
pub struct TitleIndex {
    by_year: HashMap<(String, Option<i16>), i64>,
    by_title: HashMap<String, Vec<i64>>,
}

impl TitleIndex {
    pub fn load(conn: &mut DbConn) -> QueryResult<TitleIndex> {
        let rows: Vec<(i64, String, Option<i16>)> = movies::table
            .select((movies::id, movies::title, movies::year))
            .order(movies::id)
            .load(conn)?;
        let mut index = TitleIndex {
            by_year: HashMap::new(),
            by_title: HashMap::new(),
        };
        for (id, title, year) in rows {
            index.add(id, &title, year);
        }
        Ok(index)
    }

    pub fn add(&mut self, id: i64, title: &str, year: Option<i16>) {
        let key = content::title_key(title);
        self.by_year.entry((key.clone(), year)).or_insert(id);
        self.by_title.entry(key).or_default().push(id);
    }

    pub fn find(&self, title: &str, year: Option<i16>) -> Option<i64> {
        let key = content::title_key(title);
        if let Some(id) = self.by_year.get(&(key.clone(), year)) {
            return Some(*id);
        }
        match (year, self.by_title.get(&key).map(Vec::as_slice)) {
            (None, Some([only])) => Some(*only),
            _ => None,
        }
    }
}

/// The language with this ISO 639 code, created (named by its code) when missing.
pub fn language(conn: &mut DbConn, counts: &mut Counts, code: &str) -> QueryResult<i64> {
    let found: Option<i64> = languages::table
        .filter(languages::code.eq(code))
        .select(languages::id)
        .first(conn)
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    counts.inserted += 1;
    diesel::insert_into(languages::table)
        .values((languages::code.eq(code), languages::name.eq(code)))
        .returning(languages::id)
        .get_result(conn)
}

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

/// MovieLens movieId → our movie id, for every movie with one.
pub fn movielens_movies(conn: &mut DbConn) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = movie_external_ids::table
        .filter(movie_external_ids::movielens_id.is_not_null())
        .select((
            movie_external_ids::movielens_id,
            movie_external_ids::movie_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(ml, id)| Some((ml?, id)))
        .collect())
}

/// The e-mail of the account an imported MovieLens user becomes.
pub fn movielens_email(user_id: i64) -> String {
    format!("movielens-{user_id}@import.invalid")
}

/// The profile of each account named by `emails` (created, with an unusable password, when
/// missing). `emails` are already normalised. Returns e-mail → profile id.
pub fn ensure_profiles(
    conn: &mut DbConn,
    accounts: &[(String, String)],
    profile_name: &str,
    counts: &mut Counts,
    now: chrono::NaiveDateTime,
) -> QueryResult<HashMap<String, i64>> {
    let emails: Vec<&str> = accounts.iter().map(|(e, _)| e.as_str()).collect();
    let mut user_ids: HashMap<String, i64> = users::table
        .filter(users::email_normalized.eq_any(&emails))
        .select((users::email_normalized, users::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    for (email, name) in accounts {
        if user_ids.contains_key(email) {
            counts.skipped += 1;
            continue;
        }
        let id: i64 = diesel::insert_into(users::table)
            .values((
                users::email.eq(email),
                users::email_normalized.eq(email),
                users::password_hash.eq(content::UNUSABLE_PASSWORD_HASH),
                users::name.eq(name),
                users::role.eq("user"),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .returning(users::id)
            .get_result(conn)?;
        counts.inserted += 1;
        user_ids.insert(email.clone(), id);
    }
    let ids: Vec<i64> = user_ids.values().copied().collect();
    let mut profile_of_user: HashMap<i64, i64> = profiles::table
        .filter(profiles::user_id.eq_any(&ids))
        .filter(profiles::name.eq(profile_name))
        .select((profiles::user_id, profiles::id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let mut out = HashMap::new();
    for (email, user_id) in user_ids {
        let profile = match profile_of_user.get(&user_id) {
            Some(id) => *id,
            None => {
                let id = diesel::insert_into(profiles::table)
                    .values(&NewProfile {
                        user_id,
                        name: profile_name,
                        avatar: None,
                        is_kids: false,
                        maturity_limit: None,
                        created_at: now,
                        updated_at: now,
                    })
                    .returning(profiles::id)
                    .get_result(conn)?;
                profile_of_user.insert(user_id, id);
                id
            }
        };
        out.insert(email, profile);
    }
    Ok(out)
}

/// Writes ratings keyed on (profile, movie): new ones in multi-row inserts, changed ones
/// updated, equal ones skipped. Later rows win over earlier ones for the same key.
pub fn upsert_ratings(
    conn: &mut DbConn,
    rows: &[NewRating],
    counts: &mut Counts,
) -> QueryResult<()> {
    let mut latest: HashMap<(i64, i64), &NewRating> = HashMap::with_capacity(rows.len());
    for row in rows {
        if latest.insert((row.profile_id, row.movie_id), row).is_some() {
            counts.skipped += 1;
        }
    }
    let mut profile_ids: Vec<i64> = latest.keys().map(|k| k.0).collect();
    profile_ids.sort_unstable();
    profile_ids.dedup();
    let mut movie_ids: Vec<i64> = latest.keys().map(|k| k.1).collect();
    movie_ids.sort_unstable();
    movie_ids.dedup();
    let existing: HashMap<(i64, i64), (i16, chrono::NaiveDateTime)> = ratings::table
        .filter(ratings::profile_id.eq_any(&profile_ids))
        .filter(ratings::movie_id.eq_any(&movie_ids))
        .select((
            ratings::profile_id,
            ratings::movie_id,
            ratings::rating_half,
            ratings::updated_at,
        ))
        .load::<(i64, i64, i16, chrono::NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(p, m, r, t)| ((p, m), (r, t)))
        .collect();
    // Sorted so that ids are assigned in the same order on every run.
    let mut fresh: Vec<NewRating> = Vec::new();
    let mut keys: Vec<_> = latest.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let row = latest[&key];
        match existing.get(&key) {
            None => fresh.push(row.clone()),
            Some((half, at)) if *half == row.rating_half && *at == row.updated_at => {
                counts.skipped += 1
            }
            Some(_) => {
                diesel::update(ratings::table)
                    .filter(ratings::profile_id.eq(key.0))
                    .filter(ratings::movie_id.eq(key.1))
                    .set((
                        ratings::rating_half.eq(row.rating_half),
                        ratings::updated_at.eq(row.updated_at),
                    ))
                    .execute(conn)?;
                counts.updated += 1;
            }
        }
    }
    // 5 bind parameters per row; SQLite allows 32,766 per statement.
    for chunk in fresh.chunks(6000) {
        per_backend!(conn, |c| diesel::insert_into(ratings::table)
            .values(chunk)
            .execute(c))?;
        counts.inserted += chunk.len() as u64;
    }
    Ok(())
}

/// Recomputes `movie_stats`' rating summary from `ratings` where it differs, in one statement
/// (idempotent, so a re-run after a kill converges). Returns how many movies changed.
pub fn refresh_rating_stats(conn: &mut DbConn) -> QueryResult<usize> {
    // Correlated subqueries are the portable form; UPDATE … FROM differs between the backends.
    const SQL: &str = "
        UPDATE movie_stats SET
            rating_count = (SELECT COUNT(*) FROM ratings r WHERE r.movie_id = movie_stats.movie_id),
            rating_sum_half = (SELECT COALESCE(SUM(r.rating_half), 0) FROM ratings r
                               WHERE r.movie_id = movie_stats.movie_id),
            rating_avg = (SELECT AVG(r.rating_half) / 2.0 FROM ratings r
                          WHERE r.movie_id = movie_stats.movie_id),
            updated_at = CURRENT_TIMESTAMP
        WHERE rating_count <> (SELECT COUNT(*) FROM ratings r WHERE r.movie_id = movie_stats.movie_id)
           OR rating_sum_half <> (SELECT COALESCE(SUM(r.rating_half), 0) FROM ratings r
                                  WHERE r.movie_id = movie_stats.movie_id)";
    per_backend!(conn, |c| diesel::sql_query(SQL).execute(c))
}

/// After rows were inserted with explicit ids (`import jsonl`), moves PostgreSQL's identity
/// sequences of `tables` past the largest id, so the next insert without an id does not collide.
/// SQLite needs nothing: it takes the largest rowid + 1. `setval` is not transactional.
pub fn sync_id_sequences(conn: &mut DbConn, tables: &[&str]) -> QueryResult<()> {
    if let DbConn::Postgresql(c) = conn {
        for table in tables {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(c)?;
        }
    }
    Ok(())
}
