//! The writes imports and seeding share, each keyed on a natural key so that running it twice
//! changes nothing the second time. Multi-row inserts and `ON CONFLICT` go through
//! `per_backend!` (MultiBackend cannot express them).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use marquee_db::models::{NewProfile, NewRating};
use marquee_db::schema::{
    genres, keywords, languages, movie_external_ids, movies, profiles, ratings, users,
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

pub use marquee_db::queries::content::{
    insert_movie, insert_movies, link_genres, link_movie_genres,
};

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

/// Rows per multi-row insert of accounts and profiles (8 bind parameters a row).
const ACCOUNT_ROWS: usize = 1000;

/// The profile of each account named by `emails` (created, with an unusable password, when
/// missing). `emails` are already normalised. Returns e-mail → profile id. Missing accounts and
/// profiles are written with multi-row inserts that return their ids (100,000 synthetic users
/// are 200 statements, not 200,000).
pub fn ensure_profiles(
    conn: &mut DbConn,
    accounts: &[(String, String)],
    profile_name: &str,
    counts: &mut Counts,
    now: chrono::NaiveDateTime,
) -> QueryResult<HashMap<String, i64>> {
    let mut user_ids: HashMap<String, i64> = HashMap::with_capacity(accounts.len());
    for chunk in accounts.chunks(ACCOUNT_ROWS) {
        let emails: Vec<&str> = chunk.iter().map(|(e, _)| e.as_str()).collect();
        user_ids.extend(
            users::table
                .filter(users::email_normalized.eq_any(&emails))
                .select((users::email_normalized, users::id))
                .load::<(String, i64)>(conn)?,
        );
    }
    let mut missing: Vec<&(String, String)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::with_capacity(accounts.len());
    for account in accounts {
        if user_ids.contains_key(&account.0) || !seen.insert(&account.0) {
            counts.skipped += 1;
        } else {
            missing.push(account);
        }
    }
    for chunk in missing.chunks(ACCOUNT_ROWS) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(email, name)| {
                (
                    users::email.eq(email),
                    users::email_normalized.eq(email),
                    users::password_hash.eq(content::UNUSABLE_PASSWORD_HASH),
                    users::name.eq(name),
                    users::role.eq("user"),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                )
            })
            .collect();
        let created: Vec<(String, i64)> =
            per_backend!(conn, |c| diesel::insert_into(users::table)
                .values(&rows)
                .returning((users::email_normalized, users::id))
                .get_results(c))?;
        counts.inserted += created.len() as u64;
        user_ids.extend(created);
    }
    let mut ids: Vec<i64> = user_ids.values().copied().collect();
    ids.sort_unstable();
    let mut profile_of_user: HashMap<i64, i64> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(ACCOUNT_ROWS) {
        profile_of_user.extend(
            profiles::table
                .filter(profiles::user_id.eq_any(chunk))
                .filter(profiles::name.eq(profile_name))
                .select((profiles::user_id, profiles::id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    let without: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|u| !profile_of_user.contains_key(u))
        .collect();
    for chunk in without.chunks(ACCOUNT_ROWS) {
        let rows: Vec<NewProfile> = chunk
            .iter()
            .map(|user_id| NewProfile {
                user_id: *user_id,
                name: profile_name,
                avatar: None,
                is_kids: false,
                maturity_limit: None,
                created_at: now,
                updated_at: now,
            })
            .collect();
        let created: Vec<(i64, i64)> =
            per_backend!(conn, |c| diesel::insert_into(profiles::table)
                .values(&rows)
                .returning((profiles::user_id, profiles::id))
                .get_results(c))?;
        profile_of_user.extend(created);
    }
    Ok(user_ids
        .into_iter()
        .filter_map(|(email, user)| Some((email, *profile_of_user.get(&user)?)))
        .collect())
}

/// Writes ratings keyed on (profile, movie): new ones inserted, changed ones updated, equal
/// ones skipped; later rows win over earlier ones for the same key. New rows get their ids in
/// (profile, movie) order, so every run assigns the same ids.
///
/// The fastest safe method per backend, inside the caller's transaction: on PostgreSQL the rows
/// are `COPY`ed (binary) into a temporary staging table and merged with one `INSERT … SELECT …
/// ON CONFLICT DO UPDATE`; on SQLite the existing rows are read back and the new ones written
/// with multi-row inserts (SQLite has no COPY; a transaction of large inserts is its fast path).
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
    let mut keys: Vec<_> = latest.keys().copied().collect();
    keys.sort_unstable();
    match conn {
        DbConn::Postgresql(c) => {
            let sorted: Vec<&NewRating> = keys.iter().map(|k| latest[k]).collect();
            copy_ratings(c, &sorted, counts)
        }
        DbConn::Sqlite(_) => insert_ratings(conn, &latest, &keys, counts),
    }
}

/// Writes ratings known to be new into an empty `ratings` table (synthetic seeding: keys
/// unique, rows sorted by (profile, movie)), inside the caller's transaction. New rows get
/// their ids in that order, as [`upsert_ratings`] would give them.
///
/// PostgreSQL: the way its manual advises for populating a table. Every index, the primary
/// key and the foreign keys of `ratings` are dropped, the rows are `COPY`ed (binary) straight
/// into `ratings`, then the indexes are built once and the keys checked with one join each,
/// from their own definitions (read from the catalog, so they cannot drift from the
/// migrations), all in the transaction: a failure or a kill leaves the table as it was. A
/// duplicate key fails the re-created unique index, so the rows stay checked.
/// SQLite: multi-row inserts, without reading back what exists first (the reads are what an
/// import pays for being idempotent).
pub fn load_new_ratings(
    conn: &mut DbConn,
    rows: &[NewRating],
    counts: &mut Counts,
) -> QueryResult<()> {
    match conn {
        DbConn::Postgresql(c) => {
            let schema = RatingsSchema::read(c)?;
            schema.remove(c)?;
            counts.inserted += copy_new_ratings(c, rows)? as u64;
            schema.restore(c)
        }
        DbConn::Sqlite(c) => {
            for chunk in rows.chunks(SQLITE_ROWS) {
                diesel::insert_into(ratings::table)
                    .values(chunk)
                    .execute(c)?;
                counts.inserted += chunk.len() as u64;
            }
            Ok(())
        }
    }
}

/// Ratings encoded per write to the `COPY` stream of [`load_new_ratings`] (56 bytes each: a
/// 5.6 MB buffer, reused).
const COPY_ROWS: usize = 100_000;

/// Ratings per multi-row insert on SQLite: 5 bind parameters a row, so 5,000 per statement,
/// well under SQLite's 32,766, and enough rows that per-statement costs vanish.
const SQLITE_ROWS: usize = 1000;

#[derive(diesel::QueryableByName)]
struct Definition {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

/// What [`load_new_ratings`] drops and re-creates on PostgreSQL.
struct RatingsSchema {
    /// Indexes of their own (not behind a constraint): the unique (profile, movie) one and the
    /// secondary ones.
    indexes: Vec<Definition>,
    /// Primary key and unique constraints.
    keys: Vec<Definition>,
    foreign_keys: Vec<Definition>,
}

impl RatingsSchema {
    fn read(c: &mut diesel::PgConnection) -> QueryResult<RatingsSchema> {
        let indexes = diesel::sql_query(
            // From pg_index by table oid: the pg_indexes view can evaluate pg_get_indexdef for
            // other schemas' indexes, which fails when one is being dropped meanwhile.
            "SELECT c.relname::text AS name, pg_get_indexdef(c.oid) AS definition
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = 'ratings'::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                               WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid
                                 AND k.contype IN ('p', 'u', 'x'))
             ORDER BY 1",
        )
        .load(c)?;
        let constraints = |kinds: &str| {
            format!(
                "SELECT conname::text AS name, pg_get_constraintdef(oid) AS definition
                 FROM pg_constraint
                 WHERE conrelid = 'ratings'::regclass AND contype IN ({kinds})
                 ORDER BY conname"
            )
        };
        Ok(RatingsSchema {
            indexes,
            keys: diesel::sql_query(constraints("'p', 'u'")).load(c)?,
            foreign_keys: diesel::sql_query(constraints("'f'")).load(c)?,
        })
    }

    fn remove(&self, c: &mut diesel::PgConnection) -> QueryResult<()> {
        for key in self.foreign_keys.iter().chain(&self.keys) {
            diesel::sql_query(format!(
                "ALTER TABLE ratings DROP CONSTRAINT \"{}\"",
                key.name
            ))
            .execute(c)?;
        }
        for index in &self.indexes {
            diesel::sql_query(format!("DROP INDEX \"{}\"", index.name)).execute(c)?;
        }
        Ok(())
    }

    fn restore(&self, c: &mut diesel::PgConnection) -> QueryResult<()> {
        // Index builds sort in memory up to this (default 64 MB: a 10M-row build would spill
        // to disk); for this transaction only.
        diesel::sql_query("SET LOCAL maintenance_work_mem = '512MB'").execute(c)?;
        for index in &self.indexes {
            diesel::sql_query(&index.definition).execute(c)?;
        }
        for key in self.keys.iter().chain(&self.foreign_keys) {
            diesel::sql_query(format!(
                "ALTER TABLE ratings ADD CONSTRAINT \"{}\" {}",
                key.name, key.definition
            ))
            .execute(c)?;
        }
        Ok(())
    }
}

/// PostgreSQL's binary `COPY` of `rows` into `ratings` (the id from its identity default, in
/// row order), in one statement. Encoded by hand rather than with diesel's `from_insertable`,
/// which hands libpq one call per row: here [`COPY_ROWS`] rows go in one piece.
///
/// The format: a header, then per row the field count and each field as its length and its
/// big-endian value (a timestamp is microseconds since 2000-01-01), then -1.
fn copy_new_ratings(c: &mut diesel::PgConnection, rows: &[NewRating]) -> QueryResult<usize> {
    use diesel::pg::CopyFormat;
    const PG_EPOCH: chrono::NaiveDateTime = match chrono::NaiveDate::from_ymd_opt(2000, 1, 1) {
        Some(d) => d.and_time(chrono::NaiveTime::MIN),
        None => chrono::NaiveDateTime::MIN,
    };
    let micros = |t: chrono::NaiveDateTime| {
        (t - PG_EPOCH)
            .num_microseconds()
            .unwrap_or(i64::MAX)
            .to_be_bytes()
    };
    let target = (
        ratings::profile_id,
        ratings::movie_id,
        ratings::rating_half,
        ratings::created_at,
        ratings::updated_at,
    );
    let io = |e: std::io::Error| diesel::result::Error::SerializationError(Box::new(e));
    let write = |out: &mut dyn std::io::Write| -> QueryResult<()> {
        let mut buf = Vec::with_capacity(COPY_ROWS * 56 + 19);
        buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
        buf.extend_from_slice(&0i32.to_be_bytes()); // flags
        buf.extend_from_slice(&0i32.to_be_bytes()); // header extension length
        for chunk in rows.chunks(COPY_ROWS) {
            for r in chunk {
                buf.extend_from_slice(&5i16.to_be_bytes());
                buf.extend_from_slice(&8i32.to_be_bytes());
                buf.extend_from_slice(&r.profile_id.to_be_bytes());
                buf.extend_from_slice(&8i32.to_be_bytes());
                buf.extend_from_slice(&r.movie_id.to_be_bytes());
                buf.extend_from_slice(&2i32.to_be_bytes());
                buf.extend_from_slice(&r.rating_half.to_be_bytes());
                buf.extend_from_slice(&8i32.to_be_bytes());
                buf.extend_from_slice(&micros(r.created_at));
                buf.extend_from_slice(&8i32.to_be_bytes());
                buf.extend_from_slice(&micros(r.updated_at));
            }
            out.write_all(&buf).map_err(io)?;
            buf.clear();
        }
        out.write_all(&(-1i16).to_be_bytes()).map_err(io)
    };
    diesel::copy_from(ratings::table)
        .from_raw_data(target, write)
        .with_format(CopyFormat::Binary)
        .execute(c)
}

/// SQLite: read which keys exist, update the changed ones, insert the rest in multi-row inserts.
fn insert_ratings(
    conn: &mut DbConn,
    latest: &HashMap<(i64, i64), &NewRating>,
    keys: &[(i64, i64)],
    counts: &mut Counts,
) -> QueryResult<()> {
    let mut profile_ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
    profile_ids.dedup();
    let mut movie_ids: Vec<i64> = keys.iter().map(|k| k.1).collect();
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
    let mut fresh: Vec<NewRating> = Vec::new();
    for key in keys {
        let row = latest[key];
        match existing.get(key) {
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
    for chunk in fresh.chunks(SQLITE_ROWS) {
        per_backend!(conn, |c| diesel::insert_into(ratings::table)
            .values(chunk)
            .execute(c))?;
        counts.inserted += chunk.len() as u64;
    }
    Ok(())
}

diesel::table! {
    /// The PostgreSQL ratings fast path's staging table: a per-connection TEMP table (created on
    /// first use, emptied at every commit), so it is in neither `schema.rs` nor the migrations.
    marquee_ratings_import (profile_id, movie_id) {
        profile_id -> BigInt,
        movie_id -> BigInt,
        rating_half -> SmallInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

#[derive(diesel::QueryableByName)]
struct Merged {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    inserted: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    updated: i64,
}

/// PostgreSQL: `COPY` `rows` (unique keys, sorted) into the staging table, then one `INSERT …
/// SELECT … ON CONFLICT` that inserts new keys and updates changed ones (`xmax = 0` tells a
/// fresh row from an updated one). All of it in the caller's transaction, so a kill loses the
/// whole batch or nothing, as with the SQLite path.
fn copy_ratings(
    c: &mut diesel::PgConnection,
    rows: &[&NewRating],
    counts: &mut Counts,
) -> QueryResult<()> {
    use marquee_ratings_import as staging;
    if rows.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "CREATE TEMP TABLE IF NOT EXISTS marquee_ratings_import (
            profile_id BIGINT NOT NULL,
            movie_id BIGINT NOT NULL,
            rating_half SMALLINT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            updated_at TIMESTAMP NOT NULL
        ) ON COMMIT DELETE ROWS",
    )
    .execute(c)?;
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                staging::profile_id.eq(r.profile_id),
                staging::movie_id.eq(r.movie_id),
                staging::rating_half.eq(r.rating_half),
                staging::created_at.eq(r.created_at),
                staging::updated_at.eq(r.updated_at),
            )
        })
        .collect();
    diesel::copy_from(staging::table)
        .from_insertable(values)
        .execute(c)?;
    let merged: Merged = diesel::sql_query(
        "WITH merged AS (
            INSERT INTO ratings (profile_id, movie_id, rating_half, created_at, updated_at)
            SELECT profile_id, movie_id, rating_half, created_at, updated_at
            FROM marquee_ratings_import
            ORDER BY profile_id, movie_id
            ON CONFLICT (profile_id, movie_id) DO UPDATE
                SET rating_half = EXCLUDED.rating_half, updated_at = EXCLUDED.updated_at
                WHERE ratings.rating_half <> EXCLUDED.rating_half
                   OR ratings.updated_at <> EXCLUDED.updated_at
            RETURNING (xmax = 0) AS fresh
        )
        SELECT COUNT(*) FILTER (WHERE fresh) AS inserted,
               COUNT(*) FILTER (WHERE NOT fresh) AS updated
        FROM merged",
    )
    .get_result(c)?;
    // Emptied for the next batch of the same transaction (--strict, --dry-run, seeding).
    diesel::sql_query("TRUNCATE marquee_ratings_import").execute(c)?;
    let (inserted, updated) = (merged.inserted as u64, merged.updated as u64);
    counts.inserted += inserted;
    counts.updated += updated;
    counts.skipped += rows.len() as u64 - inserted - updated;
    Ok(())
}

/// Recomputes `movie_stats`' rating summary from `ratings` where it differs, in one statement
/// (idempotent, so a re-run after a kill converges). Returns how many movies changed.
pub fn refresh_rating_stats(conn: &mut DbConn) -> QueryResult<usize> {
    // One pass over `ratings` grouped by movie, joined back with `UPDATE … FROM` (the same
    // syntax in PostgreSQL and SQLite ≥ 3.33): after a 10M-rating import, correlated
    // subqueries per movie cost several index scans of every movie's ratings.
    const SQL: &str = "
        UPDATE movie_stats SET
            rating_count = agg.n,
            rating_sum_half = agg.s,
            rating_avg = agg.avg,
            updated_at = CURRENT_TIMESTAMP
        FROM (
            SELECT st.movie_id, COALESCE(r.n, 0) AS n, COALESCE(r.s, 0) AS s, r.avg
            FROM movie_stats st
            LEFT JOIN (
                SELECT movie_id, COUNT(*) AS n, SUM(rating_half) AS s,
                       AVG(rating_half) / 2.0 AS avg
                FROM ratings GROUP BY movie_id
            ) r ON r.movie_id = st.movie_id
        ) AS agg
        WHERE movie_stats.movie_id = agg.movie_id
          AND (movie_stats.rating_count <> agg.n OR movie_stats.rating_sum_half <> agg.s)";
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
